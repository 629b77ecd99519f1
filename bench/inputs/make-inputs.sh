#!/usr/bin/env bash
# Generate the benchmark inputs (deterministic: fixed seeds, fixed encoder settings).
#
#   bench/inputs/make-inputs.sh            -> bench/work/inputs/        (full set)
#   bench/inputs/make-inputs.sh --smoke    -> bench/work/inputs-smoke/  (tiny set, for CI)
#   bench/inputs/make-inputs.sh --force    regenerate even if present
#
# Inputs are never committed (bench/work/ is git-ignored). Needs: /usr/bin/python3 with
# Pillow (python3-pil), exiftool, heif-enc (libheif-examples), cwebp (webp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(dirname "$here")"
py=/usr/bin/python3
smoke=0
force=0
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    --force) force=1 ;;
    *) echo "usage: $0 [--smoke] [--force]" >&2; exit 2 ;;
  esac
done

if [[ $smoke == 1 ]]; then
  out="$bench/work/inputs-smoke"; W=640; H=480; WW=400; WH=250; GW=120; GH=90
else
  out="$bench/work/inputs"; W=4032; H=3024; WW=2560; WH=1600; GW=480; GH=360
fi
stamp="$out/.complete-v1"
if [[ -f $stamp && $force == 0 ]]; then
  echo "inputs: up to date in $out"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
tmp="$out/.tmp"
mkdir -p "$tmp"

echo "inputs: generating into $out"
# 1. The scene: 12 MP photo-like RGB, and the same with an alpha channel for the PNG.
"$py" "$here/gen_scene.py" "$tmp/scene.png" "$W" "$H" 42
"$py" "$here/gen_scene.py" "$tmp/scene-alpha.png" "$W" "$H" 42 --alpha
"$py" "$here/gen_scene.py" "$tmp/wide.png" "$WW" "$WH" 7

# 2. Phone-like JPEG (~3 MB at 12 MP): quality 90, 4:2:0, EXIF Orientation 6 + GPS.
"$py" - "$tmp/scene.png" "$out/photo.jpg" "$tmp/wide.png" "$out/wide.jpg" <<'EOF'
import sys
from PIL import Image
Image.open(sys.argv[1]).save(sys.argv[2], quality=90, subsampling=2)
Image.open(sys.argv[3]).save(sys.argv[4], quality=88, subsampling=2)
EOF
exiftool -q -overwrite_original \
  -Make=PortraitBench -Model="Bench Phone 12" -Software="make-inputs.sh" \
  -DateTimeOriginal="2026:06:01 12:34:56" -Orientation#=6 \
  -GPSLatitude=48.8584 -GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E \
  -GPSAltitude=35 -GPSAltitudeRef=0 \
  "$out/photo.jpg"

# 3. PNG (RGBA: transparent rounded frame + half-transparent band -> exercises flattening)
"$py" - "$tmp/scene-alpha.png" "$out/photo.png" <<'EOF'
import sys
from PIL import Image
Image.open(sys.argv[1]).save(sys.argv[2], compress_level=6)
EOF

# 4. BMP, 24-bit, same pixels (no orientation: BMP has no EXIF)
"$py" - "$tmp/scene.png" "$out/photo.bmp" <<'EOF'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("RGB").save(sys.argv[2])
EOF

# 5. HEIC from the oriented JPEG (heif-enc carries the EXIF; orientation becomes irot/imir)
heif-enc -q 50 -o "$out/photo.heic" "$out/photo.jpg" >/dev/null

# 6. WebP, lossy q80, same pixels
cwebp -quiet -q 80 -m 4 "$tmp/scene.png" -o "$out/photo.webp"

# 7. Animated GIF: 8 frames, a moving disc over a scene; contenders process frame 0.
"$py" - "$out/anim.gif" "$GW" "$GH" <<EOF
import sys
sys.path.insert(0, "$here")
from PIL import Image, ImageDraw
from gen_scene import scene
out, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = scene(w, h, 99, 8)
frames = []
for i in range(8):
    f = base.copy()
    d = ImageDraw.Draw(f)
    x = int((i + 0.5) * w / 8)
    r = max(4, h // 8)
    d.ellipse([x - r, h // 2 - r, x + r, h // 2 + r], fill=(230, 40, 40))
    frames.append(f.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
frames[0].save(out, save_all=True, append_images=frames[1:], duration=100, loop=0)
EOF

rm -rf "$tmp"
touch "$stamp"
echo "inputs: done"
ls -l "$out" | awk 'NR>1 {printf "  %-12s %10d bytes\n", $9, $5}'
