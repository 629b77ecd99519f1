/*
 * JDK ImageIO baseline for the Portrait image benchmark: what a typical Spring team
 * writes with javax.imageio + java.awt.Graphics2D and no extra libraries.
 *
 * The job (same for every contender, Portrait's rules, see bench/README.md): bytes in
 * memory -> header probe (ImageReader.getWidth/getHeight) -> decode (full size: ImageIO
 * has no DCT shrink-on-load) -> EXIF orientation (ImageIO ignores it: we read the tag
 * from the JPEG APP1 segment with a minimal parser and draw through an AffineTransform)
 * -> sRGB 8-bit TYPE_INT_RGB, or TYPE_INT_ARGB when the decoded image has alpha (same
 * draw) -> "original" fitted into 2048x2048 (never upscaled) + centre-cropped squares
 * 512, 150, 64, each from the smallest image made so far that has enough pixels and never
 * from an enlarged one (like the other contenders) -> no metadata -> JPEG quality 0.82
 * (= IJG quality 82), baseline, default Huffman tables, into memory. An alpha channel
 * opaque everywhere (checked on the bounded original) is dropped; a partly transparent
 * picture keeps it and every rendition is PNG (deflate level 6, no row filter: the JDK's
 * PNG writer filters only palette images, like libvips' default).
 *
 * Scaling: repeated bicubic halving, then one bicubic step to the exact size (the usual
 * "progressive bilinear/bicubic" recipe; a single bicubic draw from 4032 to 2048 aliases).
 * ImageIO.setUseCache(false): keeps ImageIO from spooling streams to temp files.
 * No ICC conversion: the JDK's JPEG reader already decodes to sRGB-ish RGB; other
 * colour spaces are what ImageIO gives a typical team.
 *
 * bench/run compiles it with bench/lib/JitWarmup.java into bench/work/harness/imageio.
 * Run:   java -cp bench/work/harness/imageio Pipeline --input FILE [--iterations N] [--warmup W] [--out DIR]
 *        prints "# ..." info lines, then "<ms> <total encoded bytes>" per timed iteration.
 * Serve: java -cp bench/work/harness/imageio Pipeline --serve   (protocol: see bench/c/pipeline.c)
 */

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

public class Pipeline {
    static final long MAX_PIXELS = 40_000_000L;
    static final int LONG_SIDE = 2048;
    static final int[] SQUARES = {512, 150, 64};
    static final float QUALITY = 0.82f;
    static final String[] NAMES = {"original", "512", "150", "64"};

    record Rendition(int width, int height, int bytes) {}

    static final class Unsupported extends Exception {
        Unsupported(String m) {
            super(m);
        }
    }

    /**
     * Portrait's ImagePipeline.jpegEighths: the original's long side is that of the smallest scale
     * n/8 that keeps the 512 square whole and lands at most 1/16 under the bound.
     */
    static int jpegBound(long w, long h) {
        long longSide = Math.max(w, h), shortSide = Math.min(w, h);
        long needLong = Math.min(LONG_SIDE, longSide), needShort = Math.min(SQUARES[0], shortSide);
        int eighths = 8;
        for (int n = 7; n >= 1; n--) {
            if (scaled(longSide, n) * 16 >= needLong * 15 && scaled(shortSide, n) >= needShort) eighths = n;
        }
        return (int) Math.min(LONG_SIDE, scaled(longSide, eighths));
    }

    static long scaled(long side, int eighths) {
        return (side * eighths + 7) / 8;
    }

    static List<Rendition> process(byte[] data, Path dumpDir) throws Exception {
        BufferedImage decoded;
        int originalBound;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new Unsupported("no ImageIO reader for these bytes");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0); // header probe
                if (w * h > MAX_PIXELS) throw new IOException("refused: " + (w * h) + " pixels");
                // The JDK cannot decode a JPEG at a reduced scale, but the original must come out
                // the size the others' shrink-on-load gives it (same job, same outputs).
                originalBound = reader.getFormatName().equalsIgnoreCase("jpeg") ? jpegBound(w, h) : LONG_SIDE;
                decoded = reader.read(0); // first frame of a GIF
            } finally {
                reader.dispose();
            }
        }
        int orientation = ExifOrientation.of(data);
        BufferedImage rgb = orient(decoded, orientation);
        decoded = null;

        List<BufferedImage> renditions = new ArrayList<>(4);
        double scale = Math.min(1.0, (double) originalBound / Math.max(rgb.getWidth(), rgb.getHeight()));
        BufferedImage original = scale < 1.0
                ? resize(rgb, Math.max(1, (int) Math.round(rgb.getWidth() * scale)),
                        Math.max(1, (int) Math.round(rgb.getHeight() * scale)))
                : rgb;
        boolean png = partlyTransparent(original);
        if (original.getColorModel().hasAlpha() && !png) original = withoutAlpha(original);
        renditions.add(original);
        BufferedImage src = original;
        for (int size : SQUARES) {
            BufferedImage sq = square(src, size);
            renditions.add(sq);
            if (Math.min(src.getWidth(), src.getHeight()) >= size) src = sq;
        }
        List<Rendition> out = new ArrayList<>(4);
        for (int i = 0; i < renditions.size(); i++) {
            BufferedImage r = renditions.get(i);
            byte[] encoded = encode(r, png);
            if (dumpDir != null) Files.write(dumpDir.resolve(NAMES[i] + (png ? ".png" : ".jpg")), encoded);
            out.add(new Rendition(r.getWidth(), r.getHeight(), encoded.length));
        }
        return out;
    }

    static boolean partlyTransparent(BufferedImage img) {
        if (!img.getColorModel().hasAlpha()) return false;
        int[] argb = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int p : argb) if (p >>> 24 != 0xFF) return true;
        return false;
    }

    static BufferedImage withoutAlpha(BufferedImage img) {
        BufferedImage dst = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /**
     * Applies the EXIF orientation in one draw into TYPE_INT_RGB, or TYPE_INT_ARGB (alpha
     * copied as is) when the decoded image has alpha.
     */
    static BufferedImage orient(BufferedImage src, int orientation) {
        int w = src.getWidth(), h = src.getHeight();
        boolean swap = orientation >= 5 && orientation <= 8;
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        // x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12; args: m00, m10, m01, m11, m02, m12
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirror horizontal
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // rotate 180
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirror vertical
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transpose
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // rotate 90 CW
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transverse
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // rotate 270 CW
            default -> new AffineTransform();
        };
        Graphics2D g = dst.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    static BufferedImage square(BufferedImage src, int size) {
        int side = Math.min(src.getWidth(), src.getHeight());
        BufferedImage crop = src.getSubimage((src.getWidth() - side) / 2, (src.getHeight() - side) / 2, side, side);
        return resize(crop, size, size);
    }

    /** Bicubic halving while still more than 2x too big, then one bicubic draw to the exact size. */
    static BufferedImage resize(BufferedImage src, int tw, int th) {
        BufferedImage cur = src;
        int w = src.getWidth(), h = src.getHeight();
        while (w / 2 >= tw && h / 2 >= th) {
            w /= 2;
            h /= 2;
            cur = draw(cur, w, h);
        }
        if (w != tw || h != th || cur == src) cur = draw(cur, tw, th);
        return cur;
    }

    static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h,
                src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /**
     * JPEG: quality 0.82 (= IJG 82), baseline. PNG: quality 1/3, which the JDK writer turns
     * into deflate level 9 - round(9 * q) = 6, as libvips and Pillow. No metadata either way.
     */
    static byte[] encode(BufferedImage img, boolean png) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(png ? "png" : "jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(png ? 256 * 1024 : 64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(png ? 1f / 3 : QUALITY);
            p.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p); // no metadata carried over
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Minimal EXIF reader: the Orientation tag (0x0112) of IFD0 in a JPEG's APP1 "Exif" segment. */
    static final class ExifOrientation {
        static int of(byte[] b) {
            if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) return 1;
            int p = 2;
            while (p + 4 <= b.length) {
                if ((b[p] & 0xFF) != 0xFF) return 1;
                int marker = b[p + 1] & 0xFF;
                if (marker == 0xFF) { // fill byte
                    p++;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) return 1; // start of scan / end: no EXIF
                int len = u16(b, p + 2, true);
                if (len < 2 || p + 2 + len > b.length) return 1;
                int seg = p + 4, segEnd = p + 2 + len;
                if (marker == 0xE1 && segEnd - seg >= 14 && b[seg] == 'E' && b[seg + 1] == 'x'
                        && b[seg + 2] == 'i' && b[seg + 3] == 'f' && b[seg + 4] == 0 && b[seg + 5] == 0) {
                    return fromTiff(b, seg + 6, segEnd);
                }
                p = segEnd;
            }
            return 1;
        }

        static int fromTiff(byte[] b, int tiff, int end) {
            boolean be;
            if (b[tiff] == 'M' && b[tiff + 1] == 'M') be = true;
            else if (b[tiff] == 'I' && b[tiff + 1] == 'I') be = false;
            else return 1;
            if (u16(b, tiff + 2, be) != 42) return 1;
            long ifd = u32(b, tiff + 4, be);
            if (ifd < 8 || tiff + ifd + 2 > end) return 1;
            int p = (int) (tiff + ifd);
            int n = u16(b, p, be);
            p += 2;
            for (int i = 0; i < n && p + 12 <= end; i++, p += 12) {
                if (u16(b, p, be) == 0x0112 && u16(b, p + 2, be) == 3) { // SHORT
                    int v = u16(b, p + 8, be);
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
            return 1;
        }

        static int u16(byte[] b, int p, boolean be) {
            int x = b[p] & 0xFF, y = b[p + 1] & 0xFF;
            return be ? (x << 8) | y : (y << 8) | x;
        }

        static long u32(byte[] b, int p, boolean be) {
            long a = b[p] & 0xFF, c = b[p + 1] & 0xFF, d = b[p + 2] & 0xFF, e = b[p + 3] & 0xFF;
            return be ? (a << 24) | (c << 16) | (d << 8) | e : (e << 24) | (d << 16) | (c << 8) | a;
        }
    }

    static String dims(List<Rendition> r) {
        return r.stream().map(x -> x.width() + "x" + x.height()).collect(Collectors.joining(","));
    }

    static long total(List<Rendition> r) {
        return r.stream().mapToLong(Rendition::bytes).sum();
    }

    static void serve(PrintStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready imageio-java-" + Runtime.version());
        out.flush();
        String cachedPath = null;
        byte[] data = null;
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split("\\s+");
            if (a[0].equals("quit")) break;
            if (a.length < 3) {
                out.println("error bad command");
                out.flush();
                continue;
            }
            try {
                if (!a[1].equals(cachedPath)) {
                    data = null;
                    data = Files.readAllBytes(Path.of(a[1]));
                    cachedPath = a[1];
                }
                switch (a[0]) {
                    case "dump" -> {
                        process(data, Path.of(a[2]));
                        out.println("ok");
                    }
                    case "warmup" -> {
                        List<Rendition> r = null;
                        long start = System.nanoTime();
                        int runs = 0;
                        for (; JitWarmup.warming(runs, Math.max(1, Integer.parseInt(a[2])), start); runs++) r = process(data, null);
                        System.err.println(JitWarmup.summary(a[1], runs, start));
                        out.println("ok " + dims(r) + " " + total(r));
                    }
                    case "run" -> {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < Integer.parseInt(a[2]); i++) {
                            long t0 = System.nanoTime();
                            List<Rendition> r = process(data, null);
                            double ms = (System.nanoTime() - t0) / 1e6;
                            sb.append(String.format("t %.3f %d%n", ms, total(r)));
                        }
                        out.print(sb);
                        out.println("ok");
                    }
                    default -> out.println("error bad command");
                }
            } catch (Unsupported e) {
                out.println("unsupported " + e.getMessage());
            } catch (Exception e) {
                out.println(("error " + e).replace('\n', ' '));
            }
            out.flush();
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
        String input = null, outDir = null;
        int iterations = 10, warmup = 3;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--serve" -> serve = true;
                case "--input" -> input = args[++i];
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> outDir = args[++i];
                default -> {
                    System.err.println("usage: java Pipeline --input FILE [--iterations N] [--warmup W] [--out DIR] | --serve");
                    System.exit(2);
                }
            }
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        if (serve) {
            serve(out);
            return;
        }
        if (input == null) {
            System.err.println("--input is required");
            System.exit(2);
        }
        byte[] data = Files.readAllBytes(Path.of(input));
        try {
            long start = System.nanoTime();
            for (int i = 0; JitWarmup.warming(i, warmup, start); i++) process(data, null);
            out.printf("# imageio java %s input=%s bytes=%d%n", Runtime.version(), input, data.length);
            List<Rendition> r = null;
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                r = process(data, i == iterations - 1 && outDir != null ? Path.of(outDir) : null);
                out.printf("%.3f %d%n", (System.nanoTime() - t0) / 1e6, total(r));
                out.flush();
            }
            if (r != null) out.println("# renditions " + dims(r));
            out.flush();
        } catch (Unsupported e) {
            System.err.println("unsupported: " + e.getMessage());
            System.exit(3);
        }
    }
}
