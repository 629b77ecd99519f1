package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageFormatTests {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("jpeg", hex("ffd8ffe000104a464946"), ImageFormat.JPEG),
                Arguments.of("jpegWithExifFirst", hex("ffd8ffe1"), ImageFormat.JPEG),
                Arguments.of("png", hex("89504e470d0a1a0a0000000d49484452"), ImageFormat.PNG),
                Arguments.of("gif87a", ascii("GIF87a"), ImageFormat.GIF),
                Arguments.of("gif89a", ascii("GIF89a"), ImageFormat.GIF),
                Arguments.of("bmpInfoHeader", bmp(40), ImageFormat.BMP),
                Arguments.of("bmpCoreHeader", bmp(12), ImageFormat.BMP),
                Arguments.of("bmpV5Header", bmp(124), ImageFormat.BMP),
                Arguments.of("webp", ascii("RIFF\u0000\u0001\u0000\u0000WEBPVP8 "), ImageFormat.WEBP),
                Arguments.of("heic", ftyp("heic", "mif1", "heic"), ImageFormat.HEIC),
                Arguments.of("heix", ftyp("heix", "mif1"), ImageFormat.HEIC),
                Arguments.of("hevc", ftyp("hevc", "msf1"), ImageFormat.HEIC),
                Arguments.of("mif1WithHeic", ftyp("mif1", "mif1", "heic"), ImageFormat.HEIC),
                Arguments.of("heicFixture", TestImages.fixture("scene.heic"), ImageFormat.HEIC),
                Arguments.of("webpFixture", TestImages.fixture("scene.webp"), ImageFormat.WEBP));
    }

    @ParameterizedTest(name = "sniffWhen{0}ThenAccepted")
    @MethodSource("accepted")
    void sniffWhenAcceptedMagicThenFormat(String label, byte[] head, ImageFormat expected) {
        assertThat(ImageFormat.sniff(head)).contains(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("svg", ascii("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")),
                Arguments.of("svgBare", ascii("<svg onload=alert(1)>")),
                Arguments.of("html", ascii("<!DOCTYPE html><html>")),
                Arguments.of("pdf", ascii("%PDF-1.7")),
                Arguments.of("elf", hex("7f454c46020101000000000000000000")),
                Arguments.of("pe", ascii("MZ\u0090\u0000")),
                Arguments.of("text", ascii("just some words")),
                Arguments.of("zip", hex("504b0304140000000800")),
                Arguments.of("tiffLittleEndian", hex("49492a0008000000")),
                Arguments.of("tiffBigEndian", hex("4d4d002a00000008")),
                Arguments.of("avif", ftyp("avif", "mif1", "miaf")),
                Arguments.of("mif1WithAvif", ftyp("mif1", "mif1", "avif")),
                Arguments.of("mp4", ftyp("isom", "iso2", "mp41")),
                Arguments.of("riffWave", ascii("RIFF\u0000\u0001\u0000\u0000WAVEfmt ")),
                Arguments.of("bmpUnknownHeader", bmp(99)),
                Arguments.of("bmpTooShort", ascii("BM")),
                Arguments.of("jpegSoiOnly", hex("ffd8ff")),
                Arguments.of("pngCut", hex("89504e47")),
                Arguments.of("gifCut", ascii("GIF8")),
                Arguments.of("empty", new byte[0]),
                Arguments.of("threeBytes", ascii("abc")));
    }

    @ParameterizedTest(name = "sniffWhen{0}ThenEmpty")
    @MethodSource("refused")
    void sniffWhenNotAllowedThenEmpty(String label, byte[] head) {
        assertThat(ImageFormat.sniff(head)).isEqualTo(Optional.empty());
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bmp(int headerSize) {
        return ByteBuffer.allocate(26)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 'B')
                .put((byte) 'M')
                .putInt(1000)
                .putInt(0)
                .putInt(54)
                .putInt(headerSize)
                .array();
    }

    private static byte[] ftyp(String major, String... compatible) {
        ByteBuffer box = ByteBuffer.allocate(16 + 4 * compatible.length);
        box.putInt(box.capacity()).put(ascii("ftyp")).put(ascii(major)).putInt(0);
        for (String brand : compatible) {
            box.put(ascii(brand));
        }
        return box.array();
    }
}
