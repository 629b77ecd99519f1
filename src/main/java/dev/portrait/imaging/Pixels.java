package dev.portrait.imaging;

/**
 * Interleaved 8-bit sRGB pixels, RGB or RGBA, top row first, as a decoder or the {@link Enlarger}
 * in Java hands them to libvips; handed straight on, never compared.
 */
@SuppressWarnings("ArrayRecordComponent")
record Pixels(byte[] data, int width, int height, int bands) {}
