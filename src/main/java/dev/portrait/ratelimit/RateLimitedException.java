package dev.portrait.ratelimit;

import dev.portrait.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The caller has used up its allowance; it may try again after {@link #retryAfter()}. */
public final class RateLimitedException extends ProblemException {

    private final Duration retryAfter;

    RateLimitedException(String detail, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests", detail);
        // Round up: a client that waits the advertised seconds must find a token waiting.
        long seconds = Math.max(1, retryAfter.plusMillis(999).toSeconds());
        this.retryAfter = Duration.ofSeconds(seconds);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        getBody().setProperty("retryAfterSeconds", seconds);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
