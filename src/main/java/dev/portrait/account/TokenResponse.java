package dev.portrait.account;

record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    static TokenResponse of(TokenPair pair) {
        return new TokenResponse(pair.accessToken(), "Bearer", pair.expiresInSeconds(), pair.refreshToken());
    }

    // Spring MVC traces response bodies with toString(); tokens must not reach a log.
    @Override
    public String toString() {
        return "TokenResponse[accessToken=(hidden), tokenType=" + tokenType + ", expiresIn=" + expiresIn
                + ", refreshToken=(hidden)]";
    }
}
