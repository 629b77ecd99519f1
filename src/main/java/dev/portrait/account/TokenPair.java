package dev.portrait.account;

/** The answer to a login or a refresh. */
record TokenPair(String accessToken, long expiresInSeconds, String refreshToken) {}
