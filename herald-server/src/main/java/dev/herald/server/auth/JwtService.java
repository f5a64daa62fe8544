package dev.herald.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;

/**
 * Subscriber tokens: HS256 JWTs with {@code sub} (the user) and a required {@code exp}. Only HS256 is
 * accepted, whatever the token's header claims, so "alg: none" and algorithm-confusion tricks fail.
 */
public final class JwtService {
    /** Tolerated clock difference for {@code nbf}; {@code exp} is strict so expiry is exact. */
    private static final long NBF_SKEW_MILLIS = 30_000;

    private final JWSVerifier verifier;
    private final JWSSigner signer;

    public JwtService(byte[] secret) {
        try {
            this.verifier = new MACVerifier(secret);
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT secret must be at least 32 bytes", e);
        }
    }

    /** Verifies a token; throws {@link ErrorCode#INVALID_TOKEN} or {@link ErrorCode#TOKEN_EXPIRED}. */
    public Subject verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        Object rawSub;
        try {
            jwt = SignedJWT.parse(token);
            // The claims as sent: the claims set turns a numeric sub into a string ("42", "42.0").
            Map<String, Object> payload = jwt.getPayload().toJSONObject();
            if (payload == null) {
                throw new ParseException("the payload is not a JSON object", 0);
            }
            rawSub = payload.get("sub");
            claims = JWTClaimsSet.parse(payload);
        } catch (ParseException e) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token is not a well-formed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token must be signed with HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token's signature does not verify");
            }
        } catch (JOSEException e) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token's signature does not verify");
        }
        // sub is a string (RFC 7519): 42, 42.0 and 4.2e1 would otherwise be three spellings of one user.
        if (!(rawSub instanceof String sub) || !UserIds.isValid(sub)) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN,
                    "the token needs a sub claim that is a string of 1..256 characters without control characters");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token needs an exp claim");
        }
        long now = System.currentTimeMillis();
        if (exp.getTime() <= now) {
            throw new HeraldException(ErrorCode.TOKEN_EXPIRED, "the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() > now + NBF_SKEW_MILLIS) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token is not valid yet");
        }
        return new Subject(sub, exp.getTime());
    }

    /** A minted token and the exact moment its {@code exp} passes (whole seconds, as in the JWT). */
    public record Minted(String token, long expiresAtMillis) {
    }

    /** Mints a token for a user, valid for {@code ttl}. */
    public String mint(String userId, Duration ttl) {
        return mintWithExpiry(userId, ttl).token();
    }

    /** Mints a token and says when it expires, exactly as its {@code exp} claim does. */
    public Minted mintWithExpiry(String userId, Duration ttl) {
        long now = System.currentTimeMillis();
        long exp = (now + ttl.toMillis()) / 1000 * 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(new Date(now / 1000 * 1000))
                .expirationTime(new Date(exp))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return new Minted(jwt.serialize(), exp);
    }
}
