/*
 * pipeline.c - the libvips FLOOR for the Portrait image benchmark.
 *
 * The job (identical for every contender, Portrait's rules, see bench/README.md):
 *   bytes in memory -> header probe -> decode (shrink-on-load allowed) -> EXIF
 *   orientation -> sRGB 8-bit -> renditions: "original" fitted into 2048x2048
 *   (never upscaled) and centre-cropped squares 512, 150, 64 -> strip metadata ->
 *   JPEG Q82, baseline, no optimize, in memory. An alpha channel that is opaque
 *   everywhere (checked on the 2048 original) is flattened away; a partly
 *   transparent picture keeps it and every rendition is PNG (libvips defaults:
 *   compression 6, no row filter), like Portrait.
 *
 * Modes (--mode, default "cascade", the fastest we measured, see README):
 *   thumb    four vips_thumbnail_buffer() calls, each with its own shrink-on-load
 *   hybrid   thumbnail_buffer for 2048 and for 512 (shrink-on-load); 150 and 64
 *            derived from the 512 held in memory
 *   cascade  ONE decode: thumbnail_buffer for 2048 (not yet turned upright), held in
 *            memory; 512 derived from it and then turned; 150 and 64 derived from the
 *            512; the original turned while it is encoded (Portrait's order)
 *
 * CLI:   pipeline --input FILE [--iterations N] [--warmup W] [--mode M]
 *                 [--threads T] [--out DIR]
 *        prints "# ..." info lines, then one line per timed iteration:
 *        "<ms> <total encoded bytes>"
 * Serve: pipeline --serve [--mode M] [--threads T]   (used by bench/run)
 *        stdin commands, one per line:
 *          warmup PATH N  -> "ok DIMS BYTES" | "unsupported REASON" | "error MSG"
 *          run PATH N     -> N lines "t MS BYTES", then "ok"
 *          dump PATH DIR  -> writes DIR/{original,512,150,64}.jpg (.png), "ok"
 *          quit
 * BMP: libvips reads BMP only through magickload (ImageMagick); it is allowed here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vips/vips.h>

#define MAX_PIXELS 40000000LL
#define LONG_SIDE 2048
#define QUALITY 82

enum mode { MODE_THUMB, MODE_HYBRID, MODE_CASCADE };
static enum mode g_mode = MODE_CASCADE;

typedef struct {
    int n;
    int png;
    int w[4], h[4];
    size_t bytes[4];
    size_t total;
    int unsupported;
    char err[512];
} result;

#define MIN_SIDE(img) ((img)->Xsize < (img)->Ysize ? (img)->Xsize : (img)->Ysize)

static const char *REND_NAMES[4] = {"original", "512", "150", "64"};
static const int SQUARES[3] = {512, 150, 64};
static VipsInterpolate *bicubic; /* made once after VIPS_INIT, shared by every enlargement */

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void set_err(result *r, const char *what) {
    const char *e = vips_error_buffer();
    snprintf(r->err, sizeof r->err, "%s: %s", what, e ? e : "?");
    for (char *p = r->err; *p; p++)
        if (*p == '\n') *p = ' ';
    vips_error_clear();
}

/* sRGB, 8-bit (alpha kept). Takes ownership of *img. */
static int finish(VipsImage **img) {
    VipsImage *cur = *img, *t = NULL;
    if (cur->Type != VIPS_INTERPRETATION_sRGB || cur->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_colourspace(cur, &t, VIPS_INTERPRETATION_sRGB, NULL)) goto fail;
        g_object_unref(cur);
        cur = t;
    }
    if (cur->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_cast_uchar(cur, &t, NULL)) goto fail;
        g_object_unref(cur);
        cur = t;
    }
    *img = cur;
    return 0;
fail:
    g_object_unref(cur);
    *img = NULL;
    return -1;
}

/* Partly transparent: the alpha band has a value below 255 somewhere. */
static int transparent(VipsImage *img, int *out) {
    VipsImage *alpha = NULL;
    double min;
    *out = 0;
    if (!vips_image_hasalpha(img)) return 0;
    if (vips_extract_band(img, &alpha, img->Bands - 1, NULL)) return -1;
    int rc = vips_min(alpha, &min, NULL);
    g_object_unref(alpha);
    if (rc) return -1;
    *out = min < 255;
    return 0;
}

/* Drops an alpha channel that nobody can see (opaque everywhere). Takes ownership of *img. */
static int flatten_opaque(VipsImage **img) {
    VipsImage *t = NULL;
    if (!vips_image_hasalpha(*img)) return 0;
    VipsArrayDouble *bg = vips_array_double_newv(1, 255.0);
    int rc = vips_flatten(*img, &t, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    g_object_unref(*img);
    *img = t;
    return rc;
}

/* Turns an image upright by its EXIF orientation (a copy when there is none). Takes ownership. */
static int upright(VipsImage **img) {
    VipsImage *t = NULL;
    int rc = vips_autorot(*img, &t, NULL);
    g_object_unref(*img);
    *img = t;
    return rc;
}

/* Materialise an image in memory so later derivations do not re-decode. */
static int to_memory(VipsImage **img) {
    VipsImage *m = vips_image_copy_memory(*img);
    g_object_unref(*img);
    *img = m;
    return m ? 0 : -1;
}

static int encode(VipsImage *img, int idx, result *r, const char *dumpdir) {
    void *out = NULL;
    size_t len = 0;
    int rc = r->png ? vips_pngsave_buffer(img, &out, &len, "strip", TRUE, NULL)
                    : vips_jpegsave_buffer(img, &out, &len, "Q", QUALITY, "strip", TRUE,
                                           "optimize_coding", FALSE, "interlace", FALSE, NULL);
    if (rc) {
        set_err(r, r->png ? "pngsave" : "jpegsave");
        return -1;
    }
    if (dumpdir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%s", dumpdir, REND_NAMES[idx], r->png ? "png" : "jpg");
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(out, 1, len, f);
            fclose(f);
        }
    }
    g_free(out);
    r->w[idx] = img->Xsize;
    r->h[idx] = img->Ysize;
    r->bytes[idx] = len;
    r->total += len;
    r->n = idx + 1 > r->n ? idx + 1 : r->n;
    return 0;
}

static int thumb_buf(const void *buf, size_t len, int size, int square, VipsImage **out) {
    if (square)
        return vips_thumbnail_buffer((void *)buf, len, out, size, "height", size, "crop",
                                     VIPS_INTERESTING_CENTRE, NULL);
    return vips_thumbnail_buffer((void *)buf, len, out, size, "height", size, "size",
                                 VIPS_SIZE_DOWN, NULL);
}

static long scaled(long side, int eighths) { return (side * eighths + 7) / 8; }

/* Portrait's rule (ImagePipeline.jpegEighths): the original's long side is that of the smallest
 * scale n/8 that keeps the 512 square whole and lands at most a sixteenth under the 2048 bound
 * (4032 px gives 2016, 2560 px gives 1920). libvips' loader shrinks by powers of two only: the
 * largest within n/8, the thumbnail resamples the rest. vips_thumbnail keeps a factor of two for
 * its own resize, so it never picks that shrink; the caller loads with it. */
static void jpeg_rule(long w, long h, int *shrink, int *bound) {
    long lng = w > h ? w : h, shrt = w < h ? w : h;
    long need_long = lng < LONG_SIDE ? lng : LONG_SIDE;
    long need_short = shrt < SQUARES[0] ? shrt : SQUARES[0];
    int eighths = 8;
    for (int n = 7; n >= 1; n--)
        if (scaled(lng, n) * 16 >= need_long * 15 && scaled(shrt, n) >= need_short) eighths = n;
    *shrink = 8;
    while (*shrink * eighths > 8) *shrink /= 2;
    long b = scaled(lng, eighths);
    *bound = b < LONG_SIDE ? (int)b : LONG_SIDE;
}

/* Lanczos3 to shrink, as Portrait does. To enlarge, the best libvips 8.14 offers: a bicubic affine
 * with pixel centres on pixel centres (vips_resize lands half an output pixel off centre; its
 * separable reducers refuse a scale above 1). Portrait enlarges with a separable lanczos3 of its own
 * in Java, so for a source under 512 px this floor is libvips', not Portrait's (bench/README.md). */
static int resize_centred(VipsImage *in, VipsImage **out, double scale) {
    if (scale <= 1) return vips_resize(in, out, scale, NULL);
    int side = (int)(in->Xsize * scale + 0.5);
    VipsArrayInt *area = vips_array_int_newv(4, 0, 0, side, side);
    int rc = vips_affine(in, out, scale, 0, 0, scale, "interpolate", bicubic, "odx", (scale - 1) / 2,
                         "ody", (scale - 1) / 2, "oarea", area, "extend", VIPS_EXTEND_COPY,
                         "premultiplied", TRUE, NULL);
    vips_area_unref(VIPS_AREA(area));
    return rc;
}

/* resize_centred, premultiplied when there is an alpha channel (as vips_thumbnail does). */
static int resize_alpha(VipsImage *in, VipsImage **out, double scale) {
    if (!vips_image_hasalpha(in)) return resize_centred(in, out, scale);
    VipsImage *t[5] = {NULL};
    int rc = vips_premultiply(in, &t[0], NULL) || vips_cast(t[0], &t[1], in->BandFmt, NULL) ||
             resize_centred(t[1], &t[2], scale) || vips_unpremultiply(t[2], &t[3], NULL) ||
             vips_cast(t[3], &t[4], in->BandFmt, NULL);
    for (int i = 0; i < 4; i++)
        if (t[i]) g_object_unref(t[i]);
    *out = t[4];
    return rc;
}

/* Centre square from an image already in memory (and already sRGB/8-bit).
 * extract_area + resize (lanczos3) is ~30% cheaper here than vips_thumbnail_image,
 * which re-runs its colour and shrink planning; fall back to it on a rounding miss. */
static int thumb_img(VipsImage *in, int size, VipsImage **out) {
    int side = in->Xsize < in->Ysize ? in->Xsize : in->Ysize;
    VipsImage *e = NULL, *r = NULL;
    if (vips_extract_area(in, &e, (in->Xsize - side) / 2, (in->Ysize - side) / 2, side, side,
                          NULL))
        return -1;
    if (side == size) {
        *out = e;
        return 0;
    }
    int rc = resize_alpha(e, &r, (double)size / side);
    g_object_unref(e);
    if (rc) return -1;
    if (r->Xsize == size && r->Ysize == size) {
        *out = r;
        return 0;
    }
    g_object_unref(r);
    return vips_thumbnail_image(in, out, size, "height", size, "crop", VIPS_INTERESTING_CENTRE,
                                NULL);
}

static int process(const void *buf, size_t len, result *r, const char *dumpdir) {
    memset(r, 0, sizeof *r);
    /* 1. header probe: refuse unknown formats and oversized images before decoding */
    const char *loader = vips_foreign_find_load_buffer(buf, len);
    if (!loader) {
        vips_error_clear();
        r->unsupported = 1;
        snprintf(r->err, sizeof r->err, "no libvips loader for these bytes");
        return -1;
    }
    VipsImage *probe = vips_image_new_from_buffer(buf, len, "", NULL);
    if (!probe) {
        set_err(r, "probe");
        return -1;
    }
    long long px = (long long)probe->Xsize * probe->Ysize;
    int shrink = 1, bound = LONG_SIDE;
    if (strcmp(loader, "VipsForeignLoadJpegBuffer") == 0)
        jpeg_rule(probe->Xsize, probe->Ysize, &shrink, &bound);
    g_object_unref(probe);
    if (px > MAX_PIXELS) {
        snprintf(r->err, sizeof r->err, "refused: %lld pixels", px);
        return -1;
    }

    VipsImage *orig = NULL, *s512 = NULL, *t = NULL, *src = NULL, *up = NULL;
    int rc = -1;
    /* Cascade, like Portrait: the original stays as stored; it is turned upright while it is
     * encoded, and a square cut from it is turned once scaled, so no turned copy is held. */
    int defer = g_mode == MODE_CASCADE;
    /* 2. "original": thumbnail_buffer does decode (+shrink-on-load), autorot, sRGB import;
     * with Portrait's near-bound JPEG shrink, thumbnail_image does the last two */
    if (shrink > 1) {
        VipsImage *decoded = vips_image_new_from_buffer(buf, len, "", "shrink", shrink, "access",
                                                        VIPS_ACCESS_SEQUENTIAL, NULL);
        int failed = !decoded || vips_thumbnail_image(decoded, &orig, bound, "height",
                                                      bound, "size", VIPS_SIZE_DOWN,
                                                      "no_rotate", defer, NULL);
        if (decoded) g_object_unref(decoded);
        if (failed) {
            set_err(r, "thumbnail shrunk original");
            goto out;
        }
    } else if (defer ? vips_thumbnail_buffer((void *)buf, len, &orig, bound, "height",
                                             bound, "size", VIPS_SIZE_DOWN, "no_rotate",
                                             TRUE, NULL)
                     : thumb_buf(buf, len, bound, 0, &orig)) {
        set_err(r, "thumbnail original");
        goto out;
    }
    if (finish(&orig) || to_memory(&orig) || transparent(orig, &r->png)) {
        set_err(r, "finish original");
        goto out;
    }
    if (!r->png && flatten_opaque(&orig)) {
        set_err(r, "flatten");
        goto out;
    }
    up = orig;
    g_object_ref(up);
    if (defer && upright(&up)) {
        set_err(r, "autorot original");
        goto out;
    }
    if (encode(up, 0, r, dumpdir)) goto out;

    /* 3. squares */
    if (g_mode == MODE_THUMB) {
        for (int i = 0; i < 3; i++) {
            if (thumb_buf(buf, len, SQUARES[i], 1, &t) || finish(&t) ||
                (!r->png && flatten_opaque(&t))) {
                set_err(r, "thumbnail square");
                goto out;
            }
            int e = encode(t, i + 1, r, dumpdir);
            g_object_unref(t);
            t = NULL;
            if (e) goto out;
        }
    } else {
        if (g_mode == MODE_HYBRID) {
            if (thumb_buf(buf, len, 512, 1, &s512) || finish(&s512) ||
                (!r->png && flatten_opaque(&s512))) {
                set_err(r, "thumbnail 512");
                goto out;
            }
        } else if (thumb_img(orig, 512, &s512) || (defer && upright(&s512))) {
            set_err(r, "derive 512");
            goto out;
        }
        if (to_memory(&s512)) {
            set_err(r, "copy_memory 512");
            goto out;
        }
        if (encode(s512, 1, r, dumpdir)) goto out;
        /* Like Portrait: each square comes from the smallest image made so far that has
         * enough pixels (150 from the 512, 64 from the 150); a square that had to be
         * enlarged is never the source of a smaller one. */
        src = MIN_SIDE(orig) >= 512 ? s512 : orig;
        int src_upright = src == s512 || !defer;
        g_object_ref(src);
        for (int i = 1; i < 3; i++) {
            if (thumb_img(src, SQUARES[i], &t) || (!src_upright && upright(&t)) || to_memory(&t)) {
                set_err(r, "derive square");
                goto out;
            }
            if (encode(t, i + 1, r, dumpdir)) goto out;
            if (MIN_SIDE(src) >= SQUARES[i]) {
                g_object_unref(src);
                src = t;
                src_upright = 1;
            } else {
                g_object_unref(t);
            }
            t = NULL;
        }
    }
    rc = 0;
out:
    if (t) g_object_unref(t);
    if (up) g_object_unref(up);
    if (src) g_object_unref(src);
    if (orig) g_object_unref(orig);
    if (s512) g_object_unref(s512);
    return rc;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(n > 0 ? n : 1);
    if (b && fread(b, 1, n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = n;
    return b;
}

static void dims(const result *r, char *out, size_t cap) {
    out[0] = 0;
    for (int i = 0; i < r->n; i++) {
        char one[32];
        snprintf(one, sizeof one, "%s%dx%d", i ? "," : "", r->w[i], r->h[i]);
        strncat(out, one, cap - strlen(out) - 1);
    }
}

/* cached input for serve mode */
static char *g_path = NULL, *g_buf = NULL;
static size_t g_len = 0;

static int load(const char *path) {
    if (g_path && strcmp(g_path, path) == 0) return 0;
    free(g_path);
    free(g_buf);
    g_path = strdup(path);
    g_buf = read_file(path, &g_len);
    if (!g_buf) {
        free(g_path);
        g_path = NULL;
        return -1;
    }
    return 0;
}

static int serve(void) {
    char line[8192];
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ready c-libvips-%s\n", vips_version_string());
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char cmd[16], path[4096], arg[4096];
        int k = sscanf(line, "%15s %4095s %4095s", cmd, path, arg);
        if (k >= 1 && strcmp(cmd, "quit") == 0) break;
        if (k < 3) {
            printf("error bad command\n");
            continue;
        }
        if (load(path)) {
            printf("error cannot read %s\n", path);
            continue;
        }
        result r;
        if (strcmp(cmd, "dump") == 0) {
            if (process(g_buf, g_len, &r, arg))
                printf("error %s\n", r.err);
            else
                printf("ok\n");
            continue;
        }
        int n = atoi(arg);
        int warm = strcmp(cmd, "warmup") == 0;
        int failed = 0;
        for (int i = 0; i < n || (warm && i == 0); i++) {
            double t0 = now_ms();
            int rc = process(g_buf, g_len, &r, NULL);
            double ms = now_ms() - t0;
            if (rc) {
                printf("%s %s\n", r.unsupported ? "unsupported" : "error", r.err);
                failed = 1;
                break;
            }
            if (!warm) printf("t %.3f %zu\n", ms, r.total);
        }
        if (failed) continue;
        if (warm) {
            char d[256];
            dims(&r, d, sizeof d);
            printf("ok %s %zu\n", d, r.total);
        } else {
            printf("ok\n");
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (VIPS_INIT(argv[0])) vips_error_exit(NULL);
    bicubic = vips_interpolate_new("bicubic");
    vips_cache_set_max(0); /* never serve a cached result to a later iteration */
    const char *input = NULL, *outdir = NULL;
    int iterations = 10, warmup = 2, threads = 1, do_serve = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--serve")) do_serve = 1;
        else if (!strcmp(a, "--input") && v) input = argv[++i];
        else if (!strcmp(a, "--iterations") && v) iterations = atoi(argv[++i]);
        else if (!strcmp(a, "--warmup") && v) warmup = atoi(argv[++i]);
        else if (!strcmp(a, "--threads") && v) threads = atoi(argv[++i]);
        else if (!strcmp(a, "--out") && v) outdir = argv[++i];
        else if (!strcmp(a, "--mode") && v) {
            v = argv[++i];
            if (!strcmp(v, "thumb")) g_mode = MODE_THUMB;
            else if (!strcmp(v, "hybrid")) g_mode = MODE_HYBRID;
            else if (!strcmp(v, "cascade")) g_mode = MODE_CASCADE;
            else {
                fprintf(stderr, "unknown mode %s\n", v);
                return 2;
            }
        } else {
            fprintf(stderr,
                    "usage: %s --input FILE [--iterations N] [--warmup W] [--mode "
                    "thumb|hybrid|cascade] [--threads T] [--out DIR] | --serve\n",
                    argv[0]);
            return 2;
        }
    }
    /* threads: libvips worker threads per image. 1 = one core per image, like the
     * single-threaded Pillow/ImageIO and like Portrait (one libvips thread per call). */
    vips_concurrency_set(threads);
    if (do_serve) return serve();
    if (!input) {
        fprintf(stderr, "--input is required\n");
        return 2;
    }
    size_t len;
    char *buf = read_file(input, &len);
    if (!buf) {
        fprintf(stderr, "cannot read %s: %s\n", input, strerror(errno));
        return 2;
    }
    result r;
    for (int i = 0; i < warmup; i++)
        if (process(buf, len, &r, NULL)) break;
    printf("# c-libvips %s mode=%s threads=%d input=%s bytes=%zu\n", vips_version_string(),
           g_mode == MODE_THUMB ? "thumb" : g_mode == MODE_HYBRID ? "hybrid" : "cascade", threads,
           input, len);
    for (int i = 0; i < iterations; i++) {
        double t0 = now_ms();
        int rc = process(buf, len, &r, i == iterations - 1 ? outdir : NULL);
        double ms = now_ms() - t0;
        if (rc) {
            fprintf(stderr, "%s: %s\n", r.unsupported ? "unsupported" : "error", r.err);
            return r.unsupported ? 3 : 1;
        }
        printf("%.3f %zu\n", ms, r.total);
    }
    char d[256];
    dims(&r, d, sizeof d);
    printf("# renditions %s\n", d);
    free(buf);
    vips_shutdown();
    return 0;
}
