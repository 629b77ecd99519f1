/** Turns an untrusted upload into clean, upright, metadata-free sRGB renditions through libvips. */
@NullMarked
package dev.portrait.imaging;

import org.jspecify.annotations.NullMarked;
