/** Portrait: user accounts, profiles and profile pictures as one service. */
@NullMarked
package dev.portrait;

import org.jspecify.annotations.NullMarked;
