#!/usr/bin/python3
"""Pillow baseline for the Portrait image benchmark (what a Django team would write).

The job (same for every contender, Portrait's rules, see bench/README.md): bytes in
memory -> header probe -> decode (JPEG: Image.draft, i.e. DCT-domain shrink-on-load) ->
EXIF orientation (ImageOps.exif_transpose) -> sRGB 8-bit -> "original" fitted into
2048x2048 (never upscaled) + centre-cropped squares 512, 150, 64 -> no metadata -> JPEG
quality=82, optimize=False, progressive=False, into memory. An alpha channel that is
opaque everywhere (checked on the bounded original) is dropped; a partly transparent
picture keeps it and every rendition is PNG (compress_level=6; Pillow always filters
rows adaptively, libvips and ImageIO do not filter).

Like the C floor, each square is derived from the smallest image made so far that has
enough pixels (512 from the bounded original, 150 from the 512, 64 from the 150), never
from one that had to be enlarged.

CLI:   pipeline.py --input FILE [--iterations N] [--warmup W] [--out DIR]
       prints "# ..." info lines, then "<ms> <total encoded bytes>" per timed iteration
Serve: pipeline.py --serve   (protocol in bench/c/pipeline.c: warmup/run/dump/quit)

Run with Debian's /usr/bin/python3 (python3-pil), not a pyenv python.
"""
import argparse
import io
import os
import sys
import time

import PIL
from PIL import Image, ImageCms, ImageOps

MAX_PIXELS = 40_000_000
LONG_SIDE = 2048
SQUARES = (512, 150, 64)
QUALITY = 82
NAMES = ("original", "512", "150", "64")
Image.MAX_IMAGE_PIXELS = None  # we do our own, stricter, check on the header
_SRGB = ImageCms.createProfile("sRGB")


class Unsupported(Exception):
    pass


def to_srgb(im):
    """sRGB (via the embedded ICC profile if any), 8-bit, RGB or RGBA."""
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, src, _SRGB, outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError):
            pass
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 257).convert("L")  # 16-bit grey -> 8-bit
    if im.mode in ("LA", "PA", "RGBa", "La"):
        im = im.convert("RGBA")
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    return im


def scaled(side, eighths):
    """A side decoded at eighths/8, rounded up as libjpeg rounds it."""
    return (side * eighths + 7) // 8


def jpeg_bound(w, h):
    """Portrait's ImagePipeline.jpegEighths: the original's long side is that of the smallest
    scale n/8 that keeps the 512 square whole and lands at most 1/16 under the bound (4032 px
    gives 2016, 2560 px gives 1920). Returns (bound, the power-of-two shrink within n/8)."""
    long_side, short_side = max(w, h), min(w, h)
    need_long, need_short = min(LONG_SIDE, long_side), min(SQUARES[0], short_side)
    eighths = next(
        (n for n in range(1, 8)
         if scaled(long_side, n) * 16 >= need_long * 15 and scaled(short_side, n) >= need_short),
        8)
    shrink = 8
    while shrink * eighths > 8:
        shrink //= 2
    return min(LONG_SIDE, scaled(long_side, eighths)), shrink


def process(data, dump_dir=None):
    """Returns [(width, height, nbytes), ...] for the four renditions."""
    try:
        im = Image.open(io.BytesIO(data))  # header only
    except PIL.UnidentifiedImageError:
        raise Unsupported("Pillow cannot identify this format") from None
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise ValueError(f"refused: {w * h} pixels")
    bound = LONG_SIDE
    if im.format == "JPEG":
        # Shrink-on-load: Pillow picks the largest DCT scale (1/2, 1/4, 1/8) whose
        # result still covers the requested size; the box is square, so the EXIF
        # orientation does not change the request. Portrait's rule decides the size of
        # the original, which may land up to 1/16 under the box; the thumbnail below
        # resamples what the power-of-two scale leaves.
        bound, shrink = jpeg_bound(w, h)
        if shrink > 1:
            im.draft("RGB", (w // shrink, h // shrink))
        else:
            scale = min(1.0, bound / max(w, h))
            im.draft("RGB", (max(1, round(w * scale)), max(1, round(h * scale))))
    im = ImageOps.exif_transpose(im)  # decodes, applies orientation, drops the tag
    im = to_srgb(im)

    out = []
    original = im
    original.thumbnail((bound, bound), Image.LANCZOS)  # in place, never upscales
    png = original.mode == "RGBA" and original.getchannel("A").getextrema()[0] < 255
    if original.mode == "RGBA" and not png:
        original = original.convert("RGB")  # opaque everywhere: flattening changes nothing
    renditions = [original]
    src = original
    for size in SQUARES:
        sq = ImageOps.fit(src, (size, size), Image.LANCZOS, centering=(0.5, 0.5))
        renditions.append(sq)
        if min(src.size) >= size:
            src = sq
    for name, r in zip(NAMES, renditions):
        buf = io.BytesIO()
        # No exif=/icc_profile=/pnginfo= arguments: nothing but the pixels is written.
        if png:
            r.save(buf, "PNG", compress_level=6)
        else:
            r.save(buf, "JPEG", quality=QUALITY, optimize=False, progressive=False)
        b = buf.getvalue()
        if dump_dir:
            with open(os.path.join(dump_dir, name + (".png" if png else ".jpg")), "wb") as f:
                f.write(b)
        out.append((r.width, r.height, len(b)))
    return out


def dims(res):
    return ",".join(f"{w}x{h}" for w, h, _ in res)


def serve():
    cache = {}
    print(f"ready pillow-{PIL.__version__}", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            break
        if len(parts) < 3:
            print("error bad command", flush=True)
            continue
        cmd, path, arg = parts[0], parts[1], parts[2]
        if path not in cache:
            cache.clear()
            try:
                with open(path, "rb") as f:
                    cache[path] = f.read()
            except OSError as e:
                print(f"error cannot read {path}: {e}", flush=True)
                continue
        data = cache[path]
        try:
            if cmd == "dump":
                process(data, arg)
                print("ok", flush=True)
            elif cmd == "warmup":
                res = None
                for _ in range(max(1, int(arg))):
                    res = process(data)
                print(f"ok {dims(res)} {sum(b for _, _, b in res)}", flush=True)
            elif cmd == "run":
                lines = []
                for _ in range(int(arg)):
                    t0 = time.perf_counter()
                    res = process(data)
                    ms = (time.perf_counter() - t0) * 1e3
                    lines.append(f"t {ms:.3f} {sum(b for _, _, b in res)}")
                print("\n".join(lines + ["ok"]), flush=True)
            else:
                print("error bad command", flush=True)
        except Unsupported as e:
            print(f"unsupported {e}", flush=True)
        except Exception as e:  # noqa: BLE001 - report, keep serving
            print(f"error {type(e).__name__}: {e}".replace("\n", " "), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--input")
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--out")
    p.add_argument("--serve", action="store_true")
    a = p.parse_args()
    if a.serve:
        return serve()
    if not a.input:
        p.error("--input is required")
    with open(a.input, "rb") as f:
        data = f.read()
    try:
        for _ in range(a.warmup):
            process(data)
        print(f"# pillow {PIL.__version__} input={a.input} bytes={len(data)}")
        res = None
        for i in range(a.iterations):
            t0 = time.perf_counter()
            res = process(data, a.out if i == a.iterations - 1 else None)
            ms = (time.perf_counter() - t0) * 1e3
            print(f"{ms:.3f} {sum(b for _, _, b in res)}", flush=True)
    except Unsupported as e:
        print(f"unsupported: {e}", file=sys.stderr)
        return 3
    if res:
        print(f"# renditions {dims(res)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
