/*
 * Portrait's contender in the image benchmark: calls Portrait's own imaging pipeline in a
 * warm JVM, on bytes already in memory, exactly like the baselines (bench/c, bench/pillow,
 * bench/imageio) do the same job.
 *
 *     var pipeline = new ImagePipeline(new ImagingProperties(40_000_000L, 2048, 82, 0, threads));
 *     var processed = pipeline.process(bytes);
 *
 * If the API changes, adjust newPipeline() and process() below, nothing else. The result is
 * summarised by reflection (total encoded bytes, width x height of each rendition), so a
 * List/record/Map of renditions holding byte[] plus width/height accessors all work.
 *
 * bench/run compiles it with bench/lib/JitWarmup.java into bench/work/harness/portrait (against
 * target/classes and the runtime classpath) and launches it as:
 *   java --enable-native-access=ALL-UNNAMED -cp <harness>:target/classes:<jars> PipelineBench --serve
 * Same CLI and serve protocol as the baselines:
 *   --input FILE [--iterations N] [--warmup W] [--out DIR]   or   --serve
 */

import dev.portrait.imaging.ImagePipeline;
import dev.portrait.imaging.ImagingProperties;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class PipelineBench {
    static final String[] NAMES = {"original", "512", "150", "64"};

    // ---- the only two places that know Portrait's API ---------------------------------
    static ImagePipeline newPipeline() {
        // libvips worker threads per image, the same as the C floor's --threads (bench/run).
        int threads = Integer.getInteger("bench.vipsThreads", 1);
        return new ImagePipeline(new ImagingProperties(40_000_000L, 2048, 82, 0, threads));
    }

    static Object process(ImagePipeline pipeline, byte[] data) throws Exception {
        return pipeline.process(data);
    }
    // -------------------------------------------------------------------------------------

    /** What the harness needs from a result: encoded images in order, with sizes if known. */
    record Summary(List<byte[]> images, List<String> dims) {
        long total() {
            long t = 0;
            for (byte[] b : images) t += b.length;
            return t;
        }

        String dimsText() {
            return dims.isEmpty() ? "?" : String.join(",", dims);
        }
    }

    static Summary summarise(Object result) {
        Summary s = new Summary(new ArrayList<>(), new ArrayList<>());
        walk(result, s, 0);
        if (s.images().isEmpty())
            throw new IllegalStateException("no encoded bytes found in result of type "
                    + (result == null ? "null" : result.getClass().getName()));
        return s;
    }

    static void walk(Object o, Summary s, int depth) {
        if (o == null || depth > 5) return;
        if (o instanceof byte[] b) {
            s.images().add(b);
            return;
        }
        if (o instanceof ByteBuffer bb) {
            byte[] b = new byte[bb.remaining()];
            bb.duplicate().get(b);
            s.images().add(b);
            return;
        }
        if (o instanceof Optional<?> opt) {
            walk(opt.orElse(null), s, depth + 1);
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) walk(v, s, depth + 1);
            return;
        }
        if (o instanceof Collection<?> c) {
            for (Object v : c) walk(v, s, depth + 1);
            return;
        }
        if (o instanceof Object[] arr) {
            for (Object v : arr) walk(v, s, depth + 1);
            return;
        }
        if (o instanceof CharSequence || o instanceof Number || o instanceof Enum<?> || o instanceof Boolean) return;
        Integer w = intProperty(o, "width", "getWidth");
        Integer h = intProperty(o, "height", "getHeight");
        int before = s.images().size();
        for (Method m : accessors(o)) {
            try {
                Object v = m.invoke(o);
                walk(v, s, depth + 1);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not an accessor we can use
            }
        }
        if (w != null && h != null && s.images().size() == before + 1) s.dims().add(w + "x" + h);
    }

    static List<Method> accessors(Object o) {
        List<Method> out = new ArrayList<>();
        Class<?> c = o.getClass();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                Method m = rc.getAccessor();
                m.setAccessible(true);
                out.add(m);
            }
            return out;
        }
        if (c.getName().startsWith("java.")) return out;
        for (Method m : c.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) continue;
            if (m.getDeclaringClass() == Object.class) continue;
            Class<?> r = m.getReturnType();
            if (r == byte[].class || r == ByteBuffer.class || Collection.class.isAssignableFrom(r)
                    || Map.class.isAssignableFrom(r) || Optional.class.isAssignableFrom(r)
                    || (r.isRecord()) || (r.getName().startsWith("dev.portrait."))) {
                out.add(m);
            }
        }
        return out;
    }

    static Integer intProperty(Object o, String... names) {
        for (String n : names) {
            try {
                Method m = o.getClass().getMethod(n);
                m.setAccessible(true);
                Object v = m.invoke(o);
                if (v instanceof Number num) return num.intValue();
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // try the next name
            }
        }
        return null;
    }

    static boolean isUnsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String n = t.getClass().getSimpleName();
            if (n.contains("Unsupported") || n.contains("UnknownFormat")) return true;
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("unsupported") || m.contains("not supported")) return true;
        }
        return false;
    }

    /** One run and what it made; {@code ms} is the time of {@link #process} alone. */
    record Timed(Summary summary, double ms) {}

    /**
     * Times Portrait's call only: the reflective walk over its result (0.1-0.8 ms per job, a
     * copy of every rendition included) is the harness's work, and the other contenders' timed
     * regions hold no such step.
     */
    static Timed timed(ImagePipeline p, byte[] data, Path dump) throws Exception {
        long t0 = System.nanoTime();
        Object result = process(p, data);
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Timed(summarise(result, dump), ms);
    }

    static Summary once(ImagePipeline p, byte[] data, Path dump) throws Exception {
        return summarise(process(p, data), dump);
    }

    static Summary summarise(Object result, Path dump) throws Exception {
        Summary s = summarise(result);
        if (dump != null) {
            for (int i = 0; i < s.images().size(); i++) {
                String name = i < NAMES.length ? NAMES[i] : "rendition-" + i;
                byte[] image = s.images().get(i);
                String ext = image.length > 1 && image[0] == (byte) 0x89 && image[1] == 'P' ? ".png" : ".jpg";
                Files.write(dump.resolve(name + ext), image);
            }
        }
        return s;
    }

    static void serve(ImagePipeline p, PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready portrait-java-" + Runtime.version());
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
                        once(p, data, Path.of(a[2]));
                        out.println("ok");
                    }
                    case "warmup" -> {
                        Summary s = null;
                        long start = System.nanoTime();
                        int runs = 0;
                        for (; JitWarmup.warming(runs, Math.max(1, Integer.parseInt(a[2])), start); runs++) s = once(p, data, null);
                        System.err.println(JitWarmup.summary(a[1], runs, start));
                        out.println("ok " + s.dimsText() + " " + s.total());
                    }
                    case "run" -> {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < Integer.parseInt(a[2]); i++) {
                            Timed t = timed(p, data, null);
                            sb.append(String.format("t %.3f %d%n", t.ms(), t.summary().total()));
                        }
                        out.print(sb);
                        out.println("ok");
                    }
                    default -> out.println("error bad command");
                }
            } catch (Exception e) {
                out.println(((isUnsupported(e) ? "unsupported " : "error ") + e).replace('\n', ' '));
            }
            out.flush();
        }
    }

    public static void main(String[] args) throws Exception {
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
                    System.err.println("usage: PipelineBench --input FILE [--iterations N] [--warmup W] [--out DIR] | --serve");
                    System.exit(2);
                }
            }
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        ImagePipeline pipeline = newPipeline();
        try {
            if (serve) {
                serve(pipeline, out);
                return;
            }
            if (input == null) {
                System.err.println("--input is required");
                System.exit(2);
            }
            byte[] data = Files.readAllBytes(Path.of(input));
            long start = System.nanoTime();
            for (int i = 0; JitWarmup.warming(i, warmup, start); i++) once(pipeline, data, null);
            out.printf("# portrait java %s input=%s bytes=%d%n", Runtime.version(), input, data.length);
            Summary s = null;
            for (int i = 0; i < iterations; i++) {
                Timed t = timed(pipeline, data, i == iterations - 1 && outDir != null ? Path.of(outDir) : null);
                s = t.summary();
                out.printf("%.3f %d%n", t.ms(), s.total());
                out.flush();
            }
            if (s != null) out.println("# renditions " + s.dimsText());
            out.flush();
        } catch (Exception e) {
            if (!isUnsupported(e)) throw e;
            System.err.println("unsupported: " + e);
            System.exit(3);
        } finally {
            if (((Object) pipeline) instanceof AutoCloseable c) c.close();
        }
    }
}
