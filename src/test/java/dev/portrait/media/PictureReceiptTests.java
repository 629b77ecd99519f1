package dev.portrait.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.imaging.ImageFormat;
import dev.portrait.imaging.Receipt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PictureReceiptTests {

    static Stream<Receipt> receipts() {
        return Stream.of(
                new Receipt(false, null, false, false, false, false, false),
                new Receipt(true, ImageFormat.HEIC, true, true, true, true, false),
                new Receipt(false, ImageFormat.PNG, false, false, true, false, true),
                new Receipt(true, null, false, true, false, false, true));
    }

    @ParameterizedTest
    @MethodSource("receipts")
    void decodeWhenEncodedThenTheSameReceipt(Receipt receipt) {
        assertThat(PictureReceipt.decode(PictureReceipt.encode(receipt))).isEqualTo(receipt);
    }

    @ParameterizedTest
    @MethodSource("receipts")
    void ofWhenReceiptThenMessagesAreItsSentences(Receipt receipt) {
        PictureReceipt shown = PictureReceipt.of(receipt);

        assertThat(shown.messages()).isEqualTo(receipt.sentences());
        assertThat(shown.convertedFrom())
                .isEqualTo(
                        receipt.convertedFrom() == null
                                ? null
                                : receipt.convertedFrom().name());
    }
}
