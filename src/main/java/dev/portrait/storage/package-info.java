/** Keeps opaque, write-once blobs such as profile pictures on the filesystem or in S3. */
@NullMarked
package dev.portrait.storage;

import org.jspecify.annotations.NullMarked;
