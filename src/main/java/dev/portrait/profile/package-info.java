/** One profile per account: the bio and the pointer to the current picture. */
@NullMarked
package dev.portrait.profile;

import org.jspecify.annotations.NullMarked;
