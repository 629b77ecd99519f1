/** Accounts: registration, passwords, access and refresh tokens. */
@NullMarked
package dev.portrait.account;

import org.jspecify.annotations.NullMarked;
