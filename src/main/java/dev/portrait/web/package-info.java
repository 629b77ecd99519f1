/** The HTTP edge: security, problem responses, CORS and the API reference. */
@NullMarked
package dev.portrait.web;

import org.jspecify.annotations.NullMarked;
