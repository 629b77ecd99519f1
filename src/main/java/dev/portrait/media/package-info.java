/**
 * Stored pictures: the renditions' blobs, the rows that describe them, serving them with
 * immutable URLs, counting views, and sweeping what nothing references any more.
 */
@NullMarked
package dev.portrait.media;

import org.jspecify.annotations.NullMarked;
