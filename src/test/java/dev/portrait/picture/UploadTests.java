package dev.portrait.picture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class UploadTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "me.jpg|me.jpg",
                "../../etc/passwd|passwd",
                "C:\\Users\\ann\\Pictures\\me.png|me.png",
                "  spaced.png  |spaced.png",
                "dir/|",
                "tab\tand\u0000nul.gif|tabandnul.gif"
            })
    void filenameKeepsOnlyAPrintableLastSegment(String sent, String kept) {
        assertThat(new Upload(new byte[0], sent).filename()).isEqualTo(kept);
    }

    @ParameterizedTest
    @NullSource
    void filenameWhenAbsentThenNull(String sent) {
        assertThat(new Upload(new byte[0], sent).filename()).isNull();
    }

    @org.junit.jupiter.api.Test
    void filenameWhenLongThenCutAt255WithoutSplittingASurrogatePair() {
        String name = "a".repeat(254) + "\uD83D\uDE00" + ".jpg";

        String kept = new Upload(new byte[0], name).filename();

        assertThat(kept).isEqualTo("a".repeat(254));
    }
}
