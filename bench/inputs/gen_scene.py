#!/usr/bin/python3
"""Draw a deterministic, photo-like test scene with Pillow (no numpy needed).

Gradients + shapes + blur give the smooth areas of a photo; per-pixel grain from a
seeded PRNG gives the high-frequency content that makes a JPEG compress like a real
12 MP phone photo (~3 MB at quality ~90). Same seed -> same pixels, every run.

usage: gen_scene.py OUT.png WIDTH HEIGHT SEED [--alpha] [--grain N]
"""
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def scene(w, h, seed, grain):
    rnd = random.Random(seed)
    # Draw at 1/4 scale, then upscale: smooth like optics, cheap to draw.
    sw, sh = max(16, w // 4), max(12, h // 4)
    img = Image.new("RGB", (sw, sh))
    d = ImageDraw.Draw(img)
    horizon = int(sh * 0.55)
    for y in range(sh):
        if y < horizon:
            t = y / max(1, horizon)
            c = (int(70 + 120 * t), int(130 + 90 * t), int(220 + 25 * t))
        else:
            t = (y - horizon) / max(1, sh - horizon)
            c = (int(90 - 40 * t), int(120 - 50 * t), int(50 - 20 * t))
        d.line([(0, y), (sw, y)], fill=c)
    # clouds
    for _ in range(25):
        x, y = rnd.randrange(sw), rnd.randrange(max(1, horizon // 2))
        r = rnd.randrange(sw // 40 + 2, sw // 10 + 3)
        g = rnd.randrange(225, 255)
        d.ellipse([x - 2 * r, y - r, x + 2 * r, y + r], fill=(g, g, g))
    # mountains
    for layer in range(3):
        pts = [(0, horizon)]
        x = 0
        while x < sw:
            x += rnd.randrange(sw // 30 + 1, sw // 8 + 2)
            pts.append((x, horizon - rnd.randrange(sh // 20, sh // 4 + 1) + layer * sh // 20))
        pts.append((sw, horizon))
        v = 60 + 35 * layer
        d.polygon(pts, fill=(v - 20, v, v + 30))
    # buildings, trees, people-sized blobs
    for _ in range(120):
        x = rnd.randrange(sw)
        y = rnd.randrange(horizon - sh // 20, sh)
        kind = rnd.random()
        col = tuple(rnd.randrange(20, 240) for _ in range(3))
        if kind < 0.4:
            bw, bh = rnd.randrange(4, sw // 12 + 5), rnd.randrange(6, sh // 6 + 7)
            d.rectangle([x, y - bh, x + bw, y], fill=col, outline=(30, 30, 30))
            for wy in range(y - bh + 3, y - 2, 5):  # windows: sharp detail
                for wx in range(x + 2, x + bw - 2, 4):
                    d.rectangle([wx, wy, wx + 1, wy + 2], fill=(240, 230, 170))
        elif kind < 0.8:
            r = rnd.randrange(3, sw // 25 + 4)
            d.ellipse([x - r, y - 2 * r, x + r, y], fill=(20, rnd.randrange(70, 150), 30))
        else:
            d.line([(x, y), (x + rnd.randrange(-80, 80), y + rnd.randrange(-60, 60))],
                   fill=col, width=rnd.randrange(1, 4))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img = img.resize((w, h), Image.BICUBIC)
    # A bit of full-resolution detail (text-like strokes, fine lines) after upscaling.
    d = ImageDraw.Draw(img)
    for _ in range(400):
        x, y = rnd.randrange(w), rnd.randrange(h)
        d.line([(x, y), (x + rnd.randrange(-40, 40), y + rnd.randrange(-40, 40))],
               fill=tuple(rnd.randrange(0, 256) for _ in range(3)), width=1)
    if grain > 0:
        # Sensor-like grain: seeded uniform noise at half resolution, upscaled.
        nw, nh = (w + 1) // 2, (h + 1) // 2
        noise = Image.frombytes("RGB", (nw, nh), rnd.randbytes(nw * nh * 3))
        noise = noise.resize((w, h), Image.BILINEAR)
        # scene + (noise - 128) * grain/255
        lo = noise.point(lambda v: max(0, 128 - v) * grain // 128)
        hi = noise.point(lambda v: max(0, v - 128) * grain // 128)
        img = ImageChops.subtract(ImageChops.add(img, hi), lo)
    return img


def main():
    args = sys.argv[1:]
    alpha = "--alpha" in args
    grain = 24
    if "--grain" in args:
        grain = int(args[args.index("--grain") + 1])
    out, w, h, seed = args[0], int(args[1]), int(args[2]), int(args[3])
    img = scene(w, h, seed, grain)
    if alpha:
        # Transparent rounded-corner frame, half-transparent band: exercises flattening.
        a = Image.new("L", (w, h), 0)
        ad = ImageDraw.Draw(a)
        m = min(w, h) // 12
        ad.rounded_rectangle([m, m, w - m, h - m], radius=m * 2, fill=255)
        ad.rectangle([0, h // 2 - h // 16, w, h // 2 + h // 16], fill=128)
        img.putalpha(a)
    img.save(out, compress_level=1)


if __name__ == "__main__":
    main()
