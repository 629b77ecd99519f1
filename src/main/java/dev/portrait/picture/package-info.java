/**
 * Profile pictures: upload, replace and remove, all or nothing. Ties the image pipeline, the media
 * store and the profile together in one place.
 */
@NullMarked
package dev.portrait.picture;

import org.jspecify.annotations.NullMarked;
