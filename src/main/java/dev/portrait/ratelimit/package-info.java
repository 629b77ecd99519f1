/** Token-bucket rate limits that answer 429 with Retry-After when a caller goes too fast. */
@NullMarked
package dev.portrait.ratelimit;

import org.jspecify.annotations.NullMarked;
