#!/bin/sh
# Regenerates the image fixtures the imaging tests read. Needs libvips-tools, libheif-examples,
# webp, libimage-exiftool-perl and python3-pil (Debian 12). Run from any directory.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The metadata payloads below must not survive in any rendition.
marker='PORTRAIT-MARKER <?php system($_GET["c"]); ?>'

/usr/bin/python3 - "$work" "$marker" <<'PY'
import io, sys
from PIL import Image, ImageCms, PngImagePlugin
work, marker = sys.argv[1], sys.argv[2]

def scene(size):
    # Red top-left quarter, blue elsewhere: shows orientation and crop at a glance.
    w, h = size
    im = Image.new("RGB", size, (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, w // 2, h // 2))
    return im

scene((300, 200)).save(f"{work}/scene.png")
scene((4000, 2600)).save(f"{work}/scene-large.png")
srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

scene((300, 200)).save(f"{work}/metadata.jpg", quality=90, icc_profile=srgb)

exif = Image.Exif()
exif[0x010F] = "Canon"
exif[0x0110] = "PORTRAIT-CAMERA"
info = PngImagePlugin.PngInfo()
info.add_text("Comment", marker)
info.add_itxt("Description", marker)
scene((300, 200)).save("metadata.png", pnginfo=info, exif=exif.tobytes(), icc_profile=srgb)

Image.new("CMYK", (120, 80), (0, 255, 255, 0)).save("cmyk.jpg", quality=90)

frames = [Image.new("RGB", (90, 60), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
frames[0].save("animated.gif", save_all=True, append_images=frames[1:], duration=100, loop=0,
               comment=("PK\x03\x04" + marker).encode())
PY

# 16-bit RGB with the same scene.
vips colourspace "$work/scene.png" rgb16.png rgb16

exiftool -q -overwrite_original -Make=Canon -Model=PORTRAIT-CAMERA \
  -GPSLatitude=48.8584 -GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E \
  -XMP:Description="$marker" -IPTC:Caption-Abstract="$marker" -Comment="$marker" \
  "$work/metadata.jpg"
cp "$work/metadata.jpg" metadata.jpg

cwebp -quiet -q 90 "$work/scene.png" -o scene.webp
cwebp -quiet -q 90 "$work/scene-large.png" -o scene-large.webp
heif-enc -q 90 -o scene.heic "$work/scene.png" >/dev/null
