package dev.herald.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.util.Date;
import java.util.List;

/**
 * The claims every accepted subscriber token must carry, once its signature has verified: the user
 * id, a required {@code exp} (strict, so expiry is exact), {@code nbf} with a little tolerance, and for
 * an identity provider's tokens the configured issuer and audience.
 */
final class TokenClaims {
    /** Tolerated clock difference for {@code nbf}; {@code exp} is strict so expiry is exact. */
    private static final long NBF_SKEW_MILLIS = 30_000;

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
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("the token needs an exp claim");
        }
        long now = System.currentTimeMillis();
        if (exp.getTime() <= now) {
            throw new HeraldException(ErrorCode.TOKEN_EXPIRED, "the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() > now + NBF_SKEW_MILLIS) {
            throw invalid("the token is not valid yet");
        }
        return new Subject(user, exp.getTime());
    }

    static HeraldException invalid(String message) {
        return new HeraldException(ErrorCode.INVALID_TOKEN, message);
    }
}
