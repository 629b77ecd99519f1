package dev.portrait.imaging;

import static dev.portrait.imaging.TestImages.BLUE;
import static dev.portrait.imaging.TestImages.RED;
import static dev.portrait.imaging.TestImages.ascii;
import static dev.portrait.imaging.TestImages.decode;
import static dev.portrait.imaging.TestImages.encode;
import static dev.portrait.imaging.TestImages.fixture;
import static dev.portrait.imaging.TestImages.near;
import static dev.portrait.imaging.TestImages.noise;
import static dev.portrait.imaging.TestImages.scene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.portrait.CarrierThreads;
import dev.portrait.imaging.ImageRejectedException.Reason;
import dev.portrait.imaging.TestImages.GifFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePipelineTests {

    private static final int[] GIF_PALETTE = {0xff0000, 0x0000ff, 0x00ff00, 0xffffff};

    private final ImagePipeline pipeline = new ImagePipeline(ImagingProperties.defaults());

    @Nested
    class Formats {

        @Test
        void processWhenJpegThenJpegRenditionsOfExactSizes() {
            ProcessedImage processed = pipeline.process(encode(scene(3000, 2000), "jpeg"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.JPEG);
            assertThat(processed.width()).isEqualTo(3000);
            assertThat(processed.height()).isEqualTo(2000);
            assertThat(processed.renditions())
                    .extracting(Rendition::name, Rendition::mimeType, Rendition::width, Rendition::height)
                    .containsExactly(
                            tuple("original", "image/jpeg", 2048, 1365),
                            tuple("512", "image/jpeg", 512, 512),
                            tuple("150", "image/jpeg", 150, 150),
                            tuple("64", "image/jpeg", 64, 64));
            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertDecodesToItsSize);
            assertThat(processed.receipt().convertedFrom()).isNull();
        }

        @Test
        void processWhenPortraitThenLongSideBoundedAndSquaresCentred() {
            ProcessedImage processed = pipeline.process(encode(scene(2000, 3000), "png"));

            assertThat(processed.rendition("original"))
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(1365, 2048);
            BufferedImage square = decode(processed.rendition("512").bytes());
            // The centre crop keeps rows 500 to 2500, so the red quarter fills the square's top left.
            assertThat(near(square.getRGB(128, 128), RED, 40)).isTrue();
            assertThat(near(square.getRGB(384, 128), BLUE, 40)).isTrue();
            assertThat(near(square.getRGB(128, 384), BLUE, 40)).isTrue();
            assertThat(near(square.getRGB(384, 384), BLUE, 40)).isTrue();
        }

        @Test
        void processWhenSmallerThanTheBoundThenOriginalNotEnlargedButSquaresExact() {
            ProcessedImage processed = pipeline.process(encode(scene(100, 80), "png"));

            assertThat(processed.renditions())
                    .extracting(Rendition::name, Rendition::width, Rendition::height)
                    .containsExactly(
                            tuple("original", 100, 80),
                            tuple("512", 512, 512),
                            tuple("150", 150, 150),
                            tuple("64", 64, 64));
        }

        @Test
        void processWhenPngThenJpegAndSaysConverted() {
            ProcessedImage processed = pipeline.process(encode(scene(300, 200), "png"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.PNG);
            assertThat(processed.receipt().convertedFrom()).isEqualTo(ImageFormat.PNG);
            assertScene(processed, 300, 200);
        }

        @Test
        void processWhenGifThenFirstFrameOnly() {
            ProcessedImage processed = pipeline.process(fixture("animated.gif"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.GIF);
            assertThat(processed.rendition("original"))
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(90, 60);
            BufferedImage original = decode(processed.rendition("original").bytes());
            assertThat(near(original.getRGB(45, 30), RED, 10)).isTrue();
            assertThat(processed.placeholderColor()).isEqualTo("#ff0000");
        }

        @Test
        void processWhenBmpThenDecodedByTheJdkAndProcessed() {
            ProcessedImage processed = pipeline.process(encode(scene(300, 200), "bmp"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.BMP);
            assertThat(processed.receipt().convertedFrom()).isEqualTo(ImageFormat.BMP);
            assertScene(processed, 300, 200);
        }

        @Test
        void processWhenBmpWithAlphaThenTransparencyKept() {
            BufferedImage translucent =
                    TestImages.solid(40, 30, new Color(0, 255, 0, 100), BufferedImage.TYPE_INT_ARGB);
            byte[] bmp = TestImages.bmp32(translucent, true);

            ProcessedImage processed = pipeline.process(bmp);

            assertThat(processed.receipt().transparencyKept()).isTrue();
            BufferedImage original = decode(processed.rendition("original").bytes());
            assertThat(original.getColorModel().hasAlpha()).isTrue();
            assertThat(new Color(original.getRGB(20, 15), true).getAlpha()).isEqualTo(100);
        }

        @Test
        void processWhenWebpThenJpeg() {
            ProcessedImage processed = pipeline.process(fixture("scene.webp"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.WEBP);
            assertThat(processed.receipt().convertedFrom()).isEqualTo(ImageFormat.WEBP);
            assertScene(processed, 300, 200);
        }

        @Test
        void processWhenHeicThenJpeg() {
            ProcessedImage processed = pipeline.process(fixture("scene.heic"));

            assertThat(processed.sourceFormat()).isEqualTo(ImageFormat.HEIC);
            assertThat(processed.receipt().convertedFrom()).isEqualTo(ImageFormat.HEIC);
            assertThat(processed.receipt().sentences()).contains("Converted the picture from HEIC.");
            assertScene(processed, 300, 200);
        }

        @Test
        void processWhenSameUploadTwiceThenSameBytesAndHashes() {
            byte[] upload = encode(scene(300, 200), "jpeg");

            ProcessedImage first = pipeline.process(upload);
            ProcessedImage second = pipeline.process(upload);

            assertThat(first.renditions()).isEqualTo(second.renditions());
            assertThat(first.rendition("original").sha256Hex()).hasSize(64);
        }
    }

    @Nested
    class Orientation {

        @ParameterizedTest(name = "processWhenExifOrientation{0}ThenUpright")
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
        void processWhenExifOrientationThenUpright(int orientation) {
            byte[] upload = TestImages.jpegStoredForOrientation(scene(96, 64), orientation);

            ProcessedImage processed = pipeline.process(upload);

            assertThat(processed.width()).isEqualTo(96);
            assertThat(processed.height()).isEqualTo(64);
            assertThat(processed.receipt().rotatedUpright()).isEqualTo(orientation != 1);
            assertScene(processed, 96, 64);
        }

        /** Red over blue has no symmetry about the diagonal, so a transposed square shows too. */
        @ParameterizedTest(name = "processWhenExifOrientation{0}ThenSquaresUpright")
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
        void processWhenExifOrientationThenSquaresUpright(int orientation) {
            BufferedImage redOverBlue = TestImages.solid(96, 64, BLUE, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = redOverBlue.createGraphics();
            graphics.setColor(RED);
            graphics.fillRect(0, 0, 96, 32);
            graphics.dispose();

            ProcessedImage processed = pipeline.process(TestImages.jpegStoredForOrientation(redOverBlue, orientation));

            for (String name : List.of("512", "150", "64")) {
                BufferedImage square = decode(processed.rendition(name).bytes());
                int quarter = square.getWidth() / 4;
                assertThat(near(square.getRGB(3 * quarter, quarter), RED, 60))
                        .as("top right of %s is red", name)
                        .isTrue();
                assertThat(near(square.getRGB(quarter, 3 * quarter), BLUE, 60))
                        .as("bottom left of %s is blue", name)
                        .isTrue();
            }
        }

        @ParameterizedTest(name = "processWhenLargeAndExifOrientation{0}ThenBoundedThenUpright")
        @ValueSource(ints = {3, 6, 8})
        void processWhenLargeAndExifOrientationThenBoundedThenUpright(int orientation) {
            byte[] upload = TestImages.jpegStoredForOrientation(scene(2400, 3600), orientation);

            ProcessedImage processed = pipeline.process(upload);

            assertThat(processed.width()).isEqualTo(2400);
            assertThat(processed.height()).isEqualTo(3600);
            assertThat(processed.renditions())
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(tuple(1365, 2048), tuple(512, 512), tuple(150, 150), tuple(64, 64));
            assertScene(processed, 1365, 2048);
            assertThat(near(decode(processed.rendition("64").bytes()).getRGB(16, 16), RED, 60))
                    .isTrue();
        }
    }

    @Nested
    class Colour {

        @Test
        void processWhenCmykJpegThenEightBitSrgb() {
            ProcessedImage processed = pipeline.process(fixture("cmyk.jpg"));

            assertThat(processed.receipt().convertedToSrgb()).isTrue();
            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertEightBitSrgb);
            Color colour =
                    new Color(decode(processed.rendition("original").bytes()).getRGB(60, 40));
            assertThat(colour.getRed()).isGreaterThan(200);
            assertThat(colour.getGreen()).isLessThan(80);
            assertThat(colour.getBlue()).isLessThan(80);
        }

        @Test
        void processWhenSixteenBitPngThenEightBitSrgb() {
            ProcessedImage processed = pipeline.process(fixture("rgb16.png"));

            assertThat(processed.receipt().convertedToSrgb()).isTrue();
            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertEightBitSrgb);
            assertScene(processed, 300, 200);
        }

        @Test
        void processWhenGreyPngThenThreeBandSrgb() {
            BufferedImage grey = TestImages.solid(50, 40, Color.GRAY, BufferedImage.TYPE_BYTE_GRAY);

            ProcessedImage processed = pipeline.process(encode(grey, "png"));

            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertEightBitSrgb);
        }

        @Test
        void processWhenPalettePngThenSrgb() {
            BufferedImage palette = TestImages.solid(50, 40, RED, BufferedImage.TYPE_BYTE_INDEXED);

            ProcessedImage processed = pipeline.process(encode(palette, "png"));

            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertEightBitSrgb);
            assertThat(processed.placeholderColor()).isEqualTo("#ff0000");
        }

        @Test
        void processWhenSolidRedThenRedPlaceholder() {
            ProcessedImage processed =
                    pipeline.process(encode(TestImages.solid(200, 100, RED, BufferedImage.TYPE_INT_RGB), "png"));

            assertThat(processed.placeholderColor()).isEqualTo("#ff0000");
        }

        @ParameterizedTest(name = "processWhen{0}x{1}JpegWithLinearRgbProfileThenConvertedToSrgb")
        @CsvSource({"300, 200", "3000, 2000"})
        void processWhenJpegWithNonSrgbProfileThenEveryRenditionConverted(int width, int height) {
            BufferedImage grey = TestImages.solid(width, height, new Color(128, 128, 128), BufferedImage.TYPE_INT_RGB);
            byte[] upload = TestImages.withJpegSegment(encode(grey, "jpeg"), 0xE2, TestImages.linearRgbIccSegment());

            ProcessedImage processed = pipeline.process(upload);

            assertThat(processed.receipt().convertedToSrgb()).isTrue();
            assertThat(processed.renditions()).allSatisfy(rendition -> {
                assertEightBitSrgb(rendition);
                BufferedImage pixels = decode(rendition.bytes());
                Color centre = new Color(pixels.getRGB(pixels.getWidth() / 2, pixels.getHeight() / 2));
                assertThat(centre.getGreen()).as("%s", rendition).isBetween(184, 192);
            });
            assertThat(processed.placeholderColor()).isIn("#bcbcbc", "#bdbdbd", "#bbbbbb");
        }

        @Test
        void processWhenSrgbWithoutProfileThenNoColourConversion() {
            ProcessedImage processed = pipeline.process(encode(scene(60, 40), "png"));

            assertThat(processed.receipt().convertedToSrgb()).isFalse();
        }
    }

    @Nested
    class Transparency {

        @Test
        void processWhenPartlyTransparentPngThenPngWithAlpha() {
            BufferedImage image = TestImages.solid(80, 60, RED, BufferedImage.TYPE_INT_ARGB);
            image.setRGB(0, 0, 0x00000000);

            ProcessedImage processed = pipeline.process(encode(image, "png"));

            assertThat(processed.receipt().transparencyKept()).isTrue();
            assertThat(processed.receipt().convertedFrom()).isNull();
            assertThat(processed.renditions()).allSatisfy(rendition -> {
                assertThat(rendition.mimeType()).isEqualTo("image/png");
                assertThat(decode(rendition.bytes()).getColorModel().hasAlpha()).isTrue();
            });
            BufferedImage original = decode(processed.rendition("original").bytes());
            assertThat(new Color(original.getRGB(0, 0), true).getAlpha()).isZero();
            assertThat(new Color(original.getRGB(40, 30), true).getAlpha()).isEqualTo(255);
        }

        @Test
        void processWhenSquareShrinksAnEdgeToClearPixelsThenTheirColourDoesNotBleed() {
            BufferedImage image = new BufferedImage(1200, 1000, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, x < 600 ? 0x00ff0000 : 0xff0000ff);
                }
            }

            ProcessedImage processed = pipeline.process(encode(image, "png"));

            for (String name : List.of("512", "150", "64")) {
                BufferedImage square = decode(processed.rendition(name).bytes());
                int visibleEdgePixels = 0;
                for (int y = 0; y < square.getHeight(); y++) {
                    for (int x = 0; x < square.getWidth(); x++) {
                        Color pixel = new Color(square.getRGB(x, y), true);
                        if (pixel.getAlpha() > 0) {
                            assertThat(pixel.getRed())
                                    .as("red in %s at %d,%d", name, x, y)
                                    .isLessThan(8);
                            if (pixel.getAlpha() < 255) {
                                visibleEdgePixels++;
                            }
                        }
                    }
                }
                assertThat(visibleEdgePixels)
                        .as("semi-transparent pixels along the edge in %s", name)
                        .isPositive();
            }
        }

        @Test
        void processWhenAlphaChannelFullyOpaqueThenJpeg() {
            BufferedImage image = TestImages.solid(80, 60, RED, BufferedImage.TYPE_INT_ARGB);

            ProcessedImage processed = pipeline.process(encode(image, "png"));

            assertThat(processed.receipt().transparencyKept()).isFalse();
            assertThat(processed.renditions()).allSatisfy(rendition -> {
                assertThat(rendition.mimeType()).isEqualTo("image/jpeg");
                assertThat(decode(rendition.bytes()).getColorModel().getNumComponents())
                        .isEqualTo(3);
            });
        }

        @Test
        void processWhenTransparentThenPlaceholderAsSeenOnWhite() {
            BufferedImage clear = TestImages.solid(80, 60, new Color(0, 0, 0, 0), BufferedImage.TYPE_INT_ARGB);

            ProcessedImage processed = pipeline.process(encode(clear, "png"));

            assertThat(processed.placeholderColor()).isEqualTo("#ffffff");
        }

        @Test
        void processWhenHalfClearThenPlaceholderBlendedWithWhite() {
            BufferedImage halfClear = TestImages.solid(80, 60, new Color(255, 0, 0, 128), BufferedImage.TYPE_INT_ARGB);

            ProcessedImage processed = pipeline.process(encode(halfClear, "png"));

            // 255 * (1 - 128 / 255) of white shows through the red's missing green and blue.
            assertThat(processed.placeholderColor()).isEqualTo("#ff7f7f");
        }

        @Test
        void processWhenGifHasATransparentColourIndexThenPngWithAlpha() {
            GifFrame frame = GifFrame.of(80, 60, (x, y) -> x < 40 ? 0 : 1).transparent(1);

            ProcessedImage processed = pipeline.process(TestImages.gif(80, 60, GIF_PALETTE, List.of(), frame));

            assertThat(processed.receipt().transparencyKept()).isTrue();
            BufferedImage original = decode(processed.rendition("original").bytes());
            assertThat(new Color(original.getRGB(20, 30), true)).isEqualTo(RED);
            assertThat(new Color(original.getRGB(60, 30), true).getAlpha()).isZero();
        }

        @Test
        void processWhenGifFrameSmallerThanTheScreenThenTheScreenWithTransparencyAroundTheFrame() {
            GifFrame frame = GifFrame.of(40, 30, (x, y) -> 0).at(20, 15);

            ProcessedImage processed = pipeline.process(TestImages.gif(80, 60, GIF_PALETTE, List.of(), frame));

            assertThat(processed.width()).isEqualTo(80);
            assertThat(processed.height()).isEqualTo(60);
            assertThat(processed.receipt().transparencyKept()).isTrue();
            BufferedImage original = decode(processed.rendition("original").bytes());
            assertThat(new Color(original.getRGB(40, 30), true)).isEqualTo(RED);
            assertThat(new Color(original.getRGB(10, 10), true).getAlpha()).isZero();
        }
    }

    @Nested
    class Metadata {

        private static final List<byte[]> FORBIDDEN = List.of(
                ascii("PORTRAIT-MARKER"),
                ascii("<?php"),
                ascii("PK\u0003\u0004"),
                ascii("PORTRAIT-CAMERA"),
                ascii("Canon"),
                ascii("Exif"),
                ascii("http://ns.adobe.com/xap"),
                ascii("ICC_PROFILE"),
                ascii("Photoshop"));

        @Test
        void processWhenJpegWithExifGpsXmpIptcIccAndCommentThenNoneSurvives() {
            ProcessedImage processed = pipeline.process(fixture("metadata.jpg"));

            assertThat(processed.receipt())
                    .extracting(Receipt::gpsRemoved, Receipt::cameraDataRemoved, Receipt::otherMetadataRemoved)
                    .containsExactly(true, true, true);
            assertThat(processed.receipt().sentences())
                    .contains("Removed the location (GPS) where the picture was taken.");
            assertNothingSurvives(processed);
        }

        /**
         * Renditions in memory are encoded by libjpeg-turbo (a bare JFIF header, then the image),
         * an original turned upright as it is encoded by libvips (the image alone): nothing else.
         */
        @Test
        void processWhenJpegTurnedUprightThenEachRenditionHoldsOnlyItsEncodersHeaderAndTheImage() {
            ProcessedImage processed = pipeline.process(TestImages.withJpegSegment(
                    TestImages.jpegStoredForOrientation(scene(300, 200), 6), 0xE2, TestImages.linearRgbIccSegment()));

            List<String> image = List.of("DB", "DB", "C0", "C4", "C4", "C4", "C4", "DA");
            List<String> jfifThenImage = new ArrayList<>(image);
            jfifThenImage.addFirst("E0 JFIF");
            assertThat(processed.renditions())
                    .extracting(rendition -> TestImages.jpegSegments(rendition.bytes()))
                    .containsExactly(image, jfifThenImage, jfifThenImage, jfifThenImage);
        }

        @Test
        void processWhenPngWithTextExifAndIccThenNoneSurvives() {
            ProcessedImage processed = pipeline.process(fixture("metadata.png"));

            assertThat(processed.receipt())
                    .extracting(Receipt::cameraDataRemoved, Receipt::otherMetadataRemoved)
                    .containsExactly(true, true);
            assertNothingSurvives(processed);
        }

        @Test
        void processWhenTransparentPngWithTextExifAndIccThenPngOutputsCarryNone() {
            BufferedImage image = TestImages.solid(80, 60, RED, BufferedImage.TYPE_INT_ARGB);
            image.setRGB(0, 0, 0x00000000);
            byte[] upload = TestImages.withPngChunks(
                    encode(image, "png"),
                    TestImages.pngChunk("iCCP", TestImages.iccpChunkData()),
                    TestImages.pngChunk("tEXt", ascii("Comment\0PORTRAIT-MARKER <?php")),
                    TestImages.pngChunk("iTXt", ascii("Description\0\0\0\0\0PK\u0003\u0004 PORTRAIT-MARKER")),
                    TestImages.pngChunk("eXIf", Arrays.copyOfRange(TestImages.exifWithOrientation(1), 6, 32)));

            ProcessedImage processed = pipeline.process(upload);

            assertThat(processed.receipt().transparencyKept()).isTrue();
            assertNothingSurvives(processed);
        }

        @Test
        void processWhenGifCommentCarriesZipAndPhpThenNoneSurvives() {
            assertNothingSurvives(pipeline.process(fixture("animated.gif")));
        }

        @Test
        void processWhenGifCarriesACommentThenTheReceiptSaysOtherMetadataRemoved() {
            ProcessedImage processed = pipeline.process(fixture("animated.gif"));

            assertThat(processed.receipt().otherMetadataRemoved()).isTrue();
        }

        @Test
        void processWhenGifCarriesXmpThenNoneSurvivesAndTheReceiptSaysSo() {
            byte[] xmp = ascii("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">PORTRAIT-MARKER <?php</x:xmpmeta>");
            byte[] upload = TestImages.gif(
                    40,
                    30,
                    GIF_PALETTE,
                    List.of(TestImages.gifApplication("XMP DataXMP", xmp)),
                    GifFrame.of(40, 30, (x, y) -> 0));

            ProcessedImage processed = pipeline.process(upload);

            assertThat(processed.receipt().otherMetadataRemoved()).isTrue();
            assertNothingSurvives(processed);
        }

        @Test
        void processWhenJpegCommentThenNoneSurvives() {
            byte[] upload = TestImages.withJpegSegment(
                    encode(scene(120, 80), "jpeg"), 0xFE, ascii("PK\u0003\u0004PORTRAIT-MARKER <?php"));

            assertNothingSurvives(pipeline.process(upload));
        }

        private static void assertNothingSurvives(ProcessedImage processed) {
            assertThat(processed.renditions()).allSatisfy(rendition -> {
                byte[] bytes = rendition.bytes();
                for (byte[] forbidden : FORBIDDEN) {
                    assertThat(TestImages.contains(bytes, forbidden))
                            .as("%s contains %s", rendition, new String(forbidden, StandardCharsets.ISO_8859_1))
                            .isFalse();
                }
                if (rendition.mimeType().equals("image/png")) {
                    assertThat(TestImages.pngChunkTypes(bytes))
                            .doesNotContain("tEXt", "zTXt", "iTXt", "eXIf", "iCCP", "tIME");
                } else {
                    assertThat(TestImages.jpegSegments(bytes))
                            .noneMatch(segment -> segment.startsWith("E1")
                                    || segment.startsWith("E2")
                                    || segment.startsWith("ED")
                                    || segment.startsWith("FE"));
                }
            });
        }
    }

    @Nested
    class Refusals {

        @ParameterizedTest(name = "processWhen{0}ThenUnsupportedFormat")
        @ValueSource(
                strings = {
                    "svg:<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                    "html:<!DOCTYPE html><html><body>hi</body></html>",
                    "pdf:%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
                    "elf:\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000\u0000\u0000",
                    "pe:MZ\u0090\u0000\u0003\u0000\u0000\u0000",
                    "text:hello, this is not an image at all",
                    "zip:PK\u0003\u0004\u0014\u0000\u0000\u0000",
                    "tiff:II*\u0000\u0008\u0000\u0000\u0000",
                    "empty:",
                    "threeBytes:GIF",
                    "jpegSoiOnly:\u00ff\u00d8\u00ff"
                })
        void processWhenNotAnAcceptedFormatThenUnsupported(String labelledContent) {
            byte[] upload = ascii(labelledContent.substring(labelledContent.indexOf(':') + 1));

            assertRejected(upload, Reason.UNSUPPORTED_FORMAT)
                    .withMessage("The file is not a JPEG, PNG, GIF, BMP, WebP or HEIC image");
        }

        @Test
        void processWhenTruncatedJpegThenCorrupt() {
            byte[] jpeg = encode(noise(400, 300), "jpeg");

            assertRejected(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), Reason.CORRUPT_IMAGE)
                    .withMessage("The image is damaged or incomplete and cannot be read");
        }

        @Test
        void processWhenJpegHuffmanTableDamagedThenCorrupt() {
            byte[] jpeg = encode(noise(400, 300), "jpeg");
            int table = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC4});
            // Code counts far beyond what 16 bits of code space can hold.
            Arrays.fill(jpeg, table + 5, table + 21, (byte) 0xFF);

            assertRejected(jpeg, Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenJpegHasNoImageDataThenCorrupt() {
            byte[] jpeg = encode(noise(400, 300), "jpeg");

            assertRejected(
                    Arrays.copyOf(jpeg, indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA})), Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenPngCrcWrongThenCorrupt() {
            byte[] png = encode(noise(200, 100), "png");
            int data = indexOf(png, ascii("IDAT")) + 4;
            png[data + 10] ^= 0x55;

            assertRejected(png, Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenPngTruncatedThenCorrupt() {
            byte[] png = encode(noise(200, 100), "png");

            assertRejected(Arrays.copyOf(png, png.length / 2), Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenBmpTruncatedThenCorrupt() {
            byte[] bmp = encode(scene(200, 100), "bmp");

            assertRejected(Arrays.copyOf(bmp, 60), Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenWebpDamagedThenCorrupt() {
            byte[] webp = fixture("scene.webp");

            assertRejected(Arrays.copyOf(webp, webp.length / 2), Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenGifCutInFrameZeroDataThenCorrupt() {
            byte[] gif = encode(noise(120, 90), "gif");
            int data = TestImages.gifFrameDataOffset(gif);

            assertRejected(Arrays.copyOf(gif, data + (gif.length - data) / 2), Reason.CORRUPT_IMAGE);
        }

        /** The JDK's reader returns such a frame with the missing rows left at colour 0. */
        @Test
        void processWhenGifDataEndsBeforeTheLastRowThenCorrupt() {
            byte[] gif = encode(noise(120, 90), "gif");
            int data = TestImages.gifFrameDataOffset(gif);
            byte[] firstBlockOnly = Arrays.copyOf(gif, data + 1 + (gif[data] & 0xff) + 2);
            firstBlockOnly[firstBlockOnly.length - 2] = 0;
            firstBlockOnly[firstBlockOnly.length - 1] = 0x3b;

            assertRejected(firstBlockOnly, Reason.CORRUPT_IMAGE);
        }

        @Test
        void processWhenGifImageDataDamagedThenCorrupt() {
            byte[] gif = encode(noise(120, 90), "gif");
            int data = TestImages.gifFrameDataOffset(gif);
            Arrays.fill(gif, data + 100, data + 108, (byte) 0xFF);

            assertRejected(gif, Reason.CORRUPT_IMAGE);
        }

        /** libvips showed frame 0 of such a file too: nothing after frame 0 is decoded. */
        @Test
        void processWhenGifCutInItsSecondFrameThenItsFirstFrame() {
            byte[] gif = fixture("animated.gif");

            ProcessedImage processed = pipeline.process(Arrays.copyOf(gif, gif.length * 2 / 3));

            assertThat(processed.placeholderColor()).isEqualTo("#ff0000");
        }

        @Test
        void processWhenGifDeclaresFourGigapixelsThenTooLargeFromTheHeader() {
            assertRejected(gifBomb(), Reason.IMAGE_TOO_LARGE)
                    .withMessage("65535 x 65535 pixels is over the 40 megapixel limit");
        }

        @Test
        void processWhenGifFrameReachesFarPastTheScreenThenTooLargeFromTheHeader() {
            GifFrame frame = new GifFrame(0, 0, 20_000, 20_000, new byte[64], false, -1);

            assertRejected(TestImages.gif(10, 10, GIF_PALETTE, List.of(), frame), Reason.IMAGE_TOO_LARGE)
                    .withMessage("20000 x 20000 pixels is over the 40 megapixel limit");
        }

        /**
         * Every cut and a hundred random changes of a hand-written GIF (comment, loop count, frame 0
         * interlaced, transparent and smaller than the screen, a second frame) and of one ImageIO
         * wrote: the pipeline answers each with renditions or a refusal, never another exception.
         */
        @ParameterizedTest(name = "processWhen{0}GifMutatedOrCutThenRenditionsOrARefusal")
        @ValueSource(strings = {"HandWritten", "ImageIoWritten"})
        void processWhenGifMutatedOrCutThenRenditionsOrARefusal(String writer) {
            ImagePipeline small = new ImagePipeline(new ImagingProperties(1_000_000, 2048, 82, 1, 0));
            byte[] gif = writer.equals("HandWritten")
                    ? TestImages.gif(
                            12,
                            10,
                            GIF_PALETTE,
                            List.of(
                                    TestImages.gifComment(ascii("PORTRAIT-MARKER")),
                                    TestImages.gifApplication("NETSCAPE2.0", new byte[] {1, 0, 0})),
                            GifFrame.of(8, 6, (x, y) -> (x + y) % 4)
                                    .at(2, 2)
                                    .interlace()
                                    .transparent(3),
                            GifFrame.of(4, 3, (x, y) -> 1).at(1, 1))
                    : encode(noise(24, 16), "gif");
            List<byte[]> uploads = new ArrayList<>();
            for (int length = 0; length < gif.length; length++) {
                uploads.add(Arrays.copyOf(gif, length));
            }
            Random random = new Random(11);
            for (int i = 0; i < 100; i++) {
                byte[] mutated = gif.clone();
                for (int change = random.nextInt(1, 4); change > 0; change--) {
                    mutated[random.nextInt(6, mutated.length)] = (byte) random.nextInt(256);
                }
                uploads.add(mutated);
            }
            int results = 0;
            for (byte[] upload : uploads) {
                try {
                    small.process(upload);
                    results++;
                } catch (ImageRejectedException refused) {
                    // An answer too.
                } catch (RuntimeException ex) {
                    throw new AssertionError(
                            "Neither renditions nor a refusal for "
                                    + HexFormat.of().formatHex(upload),
                            ex);
                }
            }
            assertThat(results).isBetween(1, uploads.size() - 1);
        }

        @Test
        void processWhenPngDeclaresTenGigapixelsThenTooLargeFromTheHeader() {
            assertRejected(TestImages.pngDeclaring(100_000, 100_000), Reason.IMAGE_TOO_LARGE)
                    .withMessage("100000 x 100000 pixels is over the 40 megapixel limit");
        }

        @Test
        void processWhenJpegDeclaresFourGigapixelsThenTooLargeFromTheHeader() {
            assertRejected(TestImages.jpegDeclaring(64_250, 64_250), Reason.IMAGE_TOO_LARGE)
                    .withMessage("64250 x 64250 pixels is over the 40 megapixel limit");
        }

        @Test
        void processWhenBmpDeclaresTenGigapixelsThenTooLargeFromTheHeader() {
            assertRejected(TestImages.bmpDeclaring(100_000, -100_000), Reason.IMAGE_TOO_LARGE)
                    .withMessage("100000 x 100000 pixels is over the 40 megapixel limit");
        }

        /**
         * Refused from the header: the Java heap sees about the size of the file, never the pixels
         * (a decode would need 17 to 30 GB). Measured as bytes allocated by this thread, not as time.
         */
        @ParameterizedTest
        @ValueSource(strings = {"png", "jpeg", "gif"})
        void processWhenBombThenRefusedWithoutAllocatingForItsPixels(String format) {
            byte[] bomb =
                    switch (format) {
                        case "png" -> TestImages.pngDeclaring(100_000, 100_000);
                        case "jpeg" -> TestImages.jpegDeclaring(64_250, 64_250);
                        default -> gifBomb();
                    };
            assertRejected(bomb, Reason.IMAGE_TOO_LARGE);
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();

            assertRejected(bomb, Reason.IMAGE_TOO_LARGE);

            assertThat(bomb.length).isLessThan(8 * 1024);
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(256 * 1024);
        }

        @Test
        void processWhenJustOverAConfiguredLimitThenTooLargeQuotingIt() {
            ImagePipeline strict = new ImagePipeline(new ImagingProperties(2_500_000, 2048, 82, 1, 0));

            assertThatExceptionOfType(ImageRejectedException.class)
                    .isThrownBy(() -> strict.process(TestImages.pngDeclaring(2000, 1251)))
                    .withMessage("2000 x 1251 pixels is over the 2.5 megapixel limit");
            assertThat(strict.process(encode(scene(2000, 1250), "png")).width()).isEqualTo(2000);
        }

        private org.assertj.core.api.ThrowableAssertAlternative<ImageRejectedException> assertRejected(
                byte[] upload, Reason reason) {
            return assertThatExceptionOfType(ImageRejectedException.class)
                    .isThrownBy(() -> pipeline.process(upload))
                    .satisfies(ex -> assertThat(ex.reason()).isEqualTo(reason));
        }
    }

    @Nested
    class ShrinkOnLoad {

        @ParameterizedTest(name = "jpegEighthsWhen{0}x{1}Then{2}")
        @CsvSource({
            "100, 80, 8",
            "3000, 2000, 6",
            "2560, 1600, 6",
            "2100, 1500, 8",
            "3800, 2850, 5",
            "3840, 2160, 4",
            "4032, 3024, 4",
            "4096, 3072, 4",
            "6000, 4000, 3",
            "8192, 6144, 2",
            "16384, 12288, 1",
            "65000, 65000, 1",
            "20000, 600, 7",
            "20000, 1100, 4"
        })
        void jpegEighthsWhenLargeThenSmallestScaleKeepingEnoughPixels(int width, int height, int eighths) {
            assertThat(ImagePipeline.jpegEighths(width, height, 2048)).isEqualTo(eighths);
        }

        @ParameterizedTest(name = "fitsInMemoryWhen{0}x{1}At{2}EighthsThen{3}")
        @CsvSource({
            "4032, 3024, 4, true",
            "2560, 1600, 6, true",
            "3800, 2850, 5, true",
            "40000, 1000, 5, false",
            "65535, 520, 8, false",
            "3344, 3344, 8, true",
            "3345, 3345, 8, false"
        })
        void fitsInMemoryWhenDecodedRgbUpTo32MbThenTrue(int width, int height, int eighths, boolean fits) {
            assertThat(ImagePipeline.fitsInMemory(width, height, eighths)).isEqualTo(fits);
        }

        @ParameterizedTest(name = "vipsShrinkWhen{0}EighthsThen{1}")
        @CsvSource({"1, 8", "2, 4", "3, 2", "4, 2", "5, 1", "6, 1", "7, 1", "8, 1"})
        void vipsShrinkWhenEighthsThenLargestPowerOfTwoKeepingThem(int eighths, int shrink) {
            assertThat(ImagePipeline.vipsShrink(eighths)).isEqualTo(shrink);
        }

        @ParameterizedTest(name = "webpScaleWhen{0}x{1}ThenScale{2}")
        @CsvSource({
            "300, 200, 1.0",
            "2048, 1536, 1.0",
            "4096, 3072, 0.5",
            "4000, 2600, 0.512",
            "20000, 600, 0.8533333333333334",
            "600, 20000, 0.8533333333333334"
        })
        void webpScaleWhenLargeThenSmallestScaleKeepingEnoughPixels(int width, int height, double scale) {
            assertThat(ImagePipeline.webpScale(width, height, 2048)).isEqualTo(scale);
        }

        @Test
        void processWhenLargeWebpThenScaledOnLoadToExactSizesStill() {
            ProcessedImage processed = pipeline.process(fixture("scene-large.webp"));

            assertThat(processed.width()).isEqualTo(4000);
            assertThat(processed.height()).isEqualTo(2600);
            assertThat(processed.renditions())
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(tuple(2048, 1331), tuple(512, 512), tuple(150, 150), tuple(64, 64));
            assertScene(processed, 2048, 1331);
        }

        @ParameterizedTest(name = "processWhenJpeg{0}x{1}ShrunkOnLoadThenOriginal{2}x{3}AndExactSquares")
        @CsvSource({"4200, 2800, 2048, 1365", "4032, 3024, 2016, 1512", "2560, 1600, 1920, 1200"})
        void processWhenJpegShrunkOnLoadThenExactSizesStill(int width, int height, int longSide, int shortSide) {
            ProcessedImage processed = pipeline.process(encode(scene(width, height), "jpeg"));

            assertThat(processed.width()).isEqualTo(width);
            assertThat(processed.height()).isEqualTo(height);
            assertThat(processed.renditions())
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(tuple(longSide, shortSide), tuple(512, 512), tuple(150, 150), tuple(64, 64));
            assertScene(processed, longSide, shortSide);
        }
        /** A profile sends the JPEG to libvips, which shrinks by powers of two: the same sizes. */
        @Test
        void processWhenJpegDecodedByLibvipsThenTheSameSizesAsAtSixEighths() {
            byte[] jpeg = TestImages.withJpegSegment(
                    encode(scene(2560, 1600), "jpeg"), 0xE2, TestImages.linearRgbIccSegment());

            ProcessedImage processed = pipeline.process(jpeg);

            assertThat(processed.receipt().convertedToSrgb()).isTrue();
            assertThat(processed.renditions())
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(tuple(1920, 1200), tuple(512, 512), tuple(150, 150), tuple(64, 64));
        }

        /** libjpeg-turbo warns about the stray bytes and declines; libvips takes a warning. */
        @Test
        void processWhenJpegHasStrayBytesBeforeAMarkerThenLibvipsDecodesIt() {
            byte[] clean = encode(scene(400, 300), "jpeg");
            int scan = indexOf(clean, new byte[] {(byte) 0xFF, (byte) 0xDA});
            byte[] stray = new byte[clean.length + 3];
            System.arraycopy(clean, 0, stray, 0, scan);
            System.arraycopy(clean, scan, stray, scan + 3, clean.length - scan);

            ProcessedImage processed = pipeline.process(stray);

            assertThat(processed.renditions())
                    .extracting(Rendition::width, Rendition::height)
                    .containsExactly(tuple(400, 300), tuple(512, 512), tuple(150, 150), tuple(64, 64));
            assertScene(processed, 400, 300);
        }
    }

    @Nested
    class Squares {

        @ParameterizedTest(name = "processWhen{0}x{1}ThenOriginal{2}x{3}AndExactSquares")
        @CsvSource({
            "40, 30, 40, 30",
            "100, 80, 100, 80",
            "150, 150, 150, 150",
            "200, 600, 200, 600",
            "480, 360, 480, 360",
            "512, 512, 512, 512",
            "700, 520, 700, 520",
            "3000, 500, 2048, 341",
            "2100, 2100, 2048, 2048"
        })
        void processWhenAnyShapeThenOriginalBoundedAndSquaresExact(
                int width, int height, int originalWidth, int originalHeight) {
            ProcessedImage processed = pipeline.process(encode(scene(width, height), "png"));

            assertThat(processed.renditions())
                    .extracting(Rendition::name, Rendition::width, Rendition::height)
                    .containsExactly(
                            tuple("original", originalWidth, originalHeight),
                            tuple("512", 512, 512),
                            tuple("150", 150, 150),
                            tuple("64", 64, 64));
            assertThat(processed.renditions()).allSatisfy(ImagePipelineTests::assertDecodesToItsSize);
        }

        @ParameterizedTest(name = "processWhenPartlyTransparent{0}x{1}ThenExactPngSquaresWithAlpha")
        @CsvSource({"700, 520", "300, 200", "40, 30"})
        void processWhenPartlyTransparentThenExactPngSquaresWithAlpha(int width, int height) {
            BufferedImage image = TestImages.solid(width, height, RED, BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D graphics = image.createGraphics();
            graphics.setComposite(java.awt.AlphaComposite.Src);
            graphics.setColor(new Color(0, 0, 255, 0));
            graphics.fillRect(width / 2, 0, width - width / 2, height);
            graphics.dispose();

            ProcessedImage processed = pipeline.process(encode(image, "png"));

            assertThat(processed.renditions())
                    .extracting(Rendition::name, Rendition::mimeType, Rendition::width, Rendition::height)
                    .containsExactly(
                            tuple("original", "image/png", width, height),
                            tuple("512", "image/png", 512, 512),
                            tuple("150", "image/png", 150, 150),
                            tuple("64", "image/png", 64, 64));
            for (String name : List.of("512", "150", "64")) {
                BufferedImage square = decode(processed.rendition(name).bytes());
                int side = square.getWidth();
                // Premultiplied scaling: next to the edge, the clear half's blue does not tint the red.
                Color nearEdge = new Color(square.getRGB(side / 2 - 2, side / 2), true);
                assertThat(nearEdge.getRed())
                        .as("red next to the edge of the %s square", name)
                        .isGreaterThan(245);
                assertThat(nearEdge.getBlue())
                        .as("blue next to the edge of the %s square", name)
                        .isLessThan(10);
                assertThat(new Color(square.getRGB(side / 8, side / 2), true))
                        .as("left of the %s square", name)
                        .isEqualTo(new Color(255, 0, 0, 255));
                assertThat(new Color(square.getRGB(side * 7 / 8, side / 2), true).getAlpha())
                        .as("right of the %s square", name)
                        .isZero();
            }
        }

        @ParameterizedTest(name = "processWhen{0}x{1}ThenEverySquareShowsTheCentre")
        @CsvSource({"480, 360", "3000, 2000", "2000, 3000"})
        void processWhenLandscapeOrPortraitThenEverySquareShowsTheCentre(int width, int height) {
            // Red left half on blue: every centred square is red on the left, blue on the right.
            BufferedImage halves = TestImages.solid(width, height, BLUE, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D graphics = halves.createGraphics();
            graphics.setColor(RED);
            graphics.fillRect(0, 0, width / 2, height);
            graphics.dispose();

            ProcessedImage processed = pipeline.process(encode(halves, "png"));

            for (String name : List.of("512", "150", "64")) {
                BufferedImage square = decode(processed.rendition(name).bytes());
                int side = square.getWidth();
                assertThat(near(square.getRGB(side / 4, side / 2), RED, 40))
                        .as("left of the %s square", name)
                        .isTrue();
                assertThat(near(square.getRGB(side * 3 / 4, side / 2), BLUE, 40))
                        .as("right of the %s square", name)
                        .isTrue();
            }
        }
    }

    @Nested
    class Enlarging {

        /**
         * A one-pixel light line down the middle of a grey square: after enlarging, the line's
         * centre (the column its added brightness is centred on) is where the scale puts the middle
         * of that pixel. libvips' own resize put it 0.44 to 0.57 px to the right; JPEG's rounding
         * moves a line this thin by up to 0.16 px. The grey keeps lanczos' dark fringes from being
         * cut off at black, which would move the centre too. One clear corner pixel makes the
         * picture transparent, so the premultiplied path is measured as well.
         */
        @ParameterizedTest(name = "processWhen{0}pxSquareWithClearCorner{1}EnlargedThenALineStaysWhereTheScalePutsIt")
        @CsvSource({"300, false", "360, false", "450, false", "360, true", "450, true"})
        void processWhenEnlargedThenALineStaysWhereTheScalePutsIt(int side, boolean clearCorner) {
            BufferedImage line = TestImages.solid(side, side, new Color(GREY, GREY, GREY), BufferedImage.TYPE_INT_ARGB);
            int column = side / 2;
            for (int y = 0; y < side; y++) {
                line.setRGB(column, y, new Color(LIGHT, LIGHT, LIGHT).getRGB());
            }
            if (clearCorner) {
                line.setRGB(0, 0, 0);
            }

            ProcessedImage processed = pipeline.process(encode(line, "png"));

            Rendition square = processed.rendition("512");
            assertThat(square.mimeType()).isEqualTo(clearCorner ? "image/png" : "image/jpeg");
            double expected = (column + 0.5) * 512 / side - 0.5;
            assertThat(lineCentre(decode(square.bytes()))).isCloseTo(expected, within(0.2));
        }

        private static final int GREY = 64;

        private static final int LIGHT = 192;

        private static double lineCentre(BufferedImage image) {
            double weighted = 0;
            double total = 0;
            // The middle rows, away from the clear corner.
            for (int y = image.getHeight() / 4; y < image.getHeight() * 3 / 4; y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int added = ((image.getRGB(x, y) >> 8) & 0xff) - GREY;
                    weighted += (double) x * added;
                    total += added;
                }
            }
            return weighted / total;
        }
    }

    @Nested
    class Concurrency {

        @Test
        void processWhenAloneThenTheJobRunsWithTheWholeThreadBudget() {
            LibVips vips = LibVips.instance();
            int before = vips.threads();
            try {
                vips.threads(1);

                new ImagePipeline(new ImagingProperties(40_000_000, 2048, 82, 0, 3))
                        .process(encode(scene(640, 480), "jpeg"));

                // Nobody else ran, so the lone job's setting is still in place.
                assertThat(vips.threads()).isEqualTo(3);
            } finally {
                vips.threads(before);
            }
        }

        @Test
        void processWhenEveryJobSlotIsBusyThenOtherVirtualThreadsStillRun() throws Exception {
            // One job per carrier thread: run on the callers' virtual threads, they held them all.
            ImagePipeline oneJobPerCarrier = new ImagePipeline(
                    new ImagingProperties(40_000_000, 2048, 82, CarrierThreads.COUNT, CarrierThreads.COUNT));
            byte[] slow = encode(noise(4000, 3000), "png");

            CarrierThreads.assertFreeWhileRunning(() -> oneJobPerCarrier.process(slow));
        }

        @Test
        void processWhenManyUploadsAtOnceThenAllSucceed() throws Exception {
            ImagePipeline twoAtATime = new ImagePipeline(new ImagingProperties(40_000_000, 2048, 82, 2, 0));
            List<byte[]> uploads = List.of(
                    encode(scene(640, 480), "jpeg"),
                    encode(scene(480, 640), "png"),
                    fixture("scene.webp"),
                    fixture("scene.heic"),
                    fixture("animated.gif"),
                    encode(scene(320, 240), "bmp"));
            ProcessedImage[] expected =
                    uploads.stream().map(twoAtATime::process).toArray(ProcessedImage[]::new);

            try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
                List<Future<ProcessedImage>> results = IntStream.range(0, 48)
                        .mapToObj(i -> executor.submit(() -> twoAtATime.process(uploads.get(i % uploads.size()))))
                        .toList();
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get().renditions()).isEqualTo(expected[i % uploads.size()].renditions());
                }
            }
        }
    }

    /**
     * The red quarter top left, blue elsewhere, in the original and in every square: the centre square
     * of a scene is a scene too.
     */
    private static void assertScene(ProcessedImage processed, int width, int height) {
        Rendition original = processed.rendition("original");
        assertThat(original).extracting(Rendition::width, Rendition::height).containsExactly(width, height);
        for (Rendition rendition : processed.renditions()) {
            assertScene(rendition);
        }
    }

    private static void assertScene(Rendition rendition) {
        BufferedImage pixels = decode(rendition.bytes());
        int width = rendition.width();
        int height = rendition.height();
        assertThat(pixels.getWidth()).isEqualTo(width);
        assertThat(pixels.getHeight()).isEqualTo(height);
        int left = width / 4;
        int right = width * 3 / 4;
        int top = height / 4;
        int bottom = height * 3 / 4;
        assertThat(near(pixels.getRGB(left, top), RED, 60))
                .as("top left of %s is red", rendition.name())
                .isTrue();
        assertThat(near(pixels.getRGB(right, top), BLUE, 60))
                .as("top right is blue")
                .isTrue();
        assertThat(near(pixels.getRGB(left, bottom), BLUE, 60))
                .as("bottom left is blue")
                .isTrue();
        assertThat(near(pixels.getRGB(right, bottom), BLUE, 60))
                .as("bottom right is blue")
                .isTrue();
    }

    private static void assertDecodesToItsSize(Rendition rendition) {
        BufferedImage pixels = decode(rendition.bytes());
        assertThat(pixels.getWidth()).isEqualTo(rendition.width());
        assertThat(pixels.getHeight()).isEqualTo(rendition.height());
    }

    private static void assertEightBitSrgb(Rendition rendition) {
        try (LibVips.Session session = LibVips.instance().session()) {
            LibVips.Image image = session.newFromBuffer(rendition.bytes(), "");
            assertThat(image.interpretation()).isEqualTo(LibVips.INTERPRETATION_SRGB);
            assertThat(image.format()).isEqualTo(LibVips.FORMAT_UCHAR);
            assertThat(image.bands()).isEqualTo(3);
        }
    }

    /** A logical screen of 65535 x 65535 around one pixel, in under 100 bytes. */
    private static byte[] gifBomb() {
        return TestImages.gif(65_535, 65_535, GIF_PALETTE, List.of(), GifFrame.of(1, 1, (x, y) -> 0));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Not found");
    }
}
