package dev.herald.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The claims every accepted subscriber token must carry, once its signature has verified: the user
 * id, a required {@code exp} (strict, so expiry is exact), {@code nbf} with a little tolerance, and for
 * an identity provider's tokens the configured issuer and audience.
 */
final class TokenClaims {
    /** Tolerated clock difference for {@code nbf}; {@code exp} is strict so expiry is exact. */
    private static final long NBF_SKEW_MILLIS = 30_000;
    /** 0000-01-01 and 9999-12-31T23:59:59.999Z: dates past them are as good as never (or always). */
    private static final BigDecimal MIN_MILLIS = BigDecimal.valueOf(-62_167_219_200_000L);
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(253_402_300_799_999L);

    private TokenClaims() {
    }

    /**
     * @param userClaim the claim holding the user id ({@code sub} for Herald's own tokens)
     * @param issuer    the {@code iss} required, or null
     * @param audience  a value {@code aud} must contain, or null
     */
    static Subject check(ParsedToken token, String userClaim, String issuer, String audience) {
        JWTClaimsSet claims = token.claims();
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw invalid("the token's issuer (iss) is not the one this hub accepts");
        }
        if (audience != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(audience)) {
                throw invalid("the token's audience (aud) does not include this hub's");
            }
        }
        // A string (RFC 7519): 42, 42.0 and 4.2e1 would otherwise be three spellings of one user.
        Object raw = token.payload().get(userClaim);
        if (!(raw instanceof String user) || !UserIds.isValid(user)) {
            throw invalid("the token needs a " + userClaim
                    + " claim that is a string of 1..256 characters without control characters");
        }
        if (claims.getExpirationTime() == null) {
            throw invalid("the token needs an exp claim");
        }
        // Read from the claims as sent: nimbus multiplies the seconds by 1000 in a long, so a huge exp
        // wrapped around (a far-future one read as expired, a far-past one possibly as valid).
        long exp = epochMillis(token.payload().get("exp"));
        long now = System.currentTimeMillis();
        if (exp <= now) {
            throw new HeraldException(ErrorCode.TOKEN_EXPIRED, "the token has expired");
        }
        if (claims.getNotBeforeTime() != null
                && epochMillis(token.payload().get("nbf")) > now + NBF_SKEW_MILLIS) {
            throw invalid("the token is not valid yet");
        }
        return new Subject(user, exp);
    }

    /**
     * A NumericDate (seconds since the epoch, maybe fractional, as JWT writes them) in milliseconds,
     * exactly, held within years 0..9999 so that no later sum with it can overflow.
     */
    static long epochMillis(Object seconds) {
        if (!(seconds instanceof Number)) {
            throw invalid("the token's time claims (exp, nbf) must be numbers");
        }
        BigDecimal millis = new BigDecimal(seconds.toString()).movePointRight(3).setScale(0, RoundingMode.FLOOR);
        return millis.max(MIN_MILLIS).min(MAX_MILLIS).longValueExact();
    }

    static HeraldException invalid(String message) {
        return new HeraldException(ErrorCode.INVALID_TOKEN, message);
    }
}
