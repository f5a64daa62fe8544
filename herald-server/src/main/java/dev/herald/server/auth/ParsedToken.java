package dev.herald.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.text.ParseException;
import java.util.Map;

/**
 * A subscriber token read but not yet trusted: its header, its claims as sent (a numeric {@code sub}
 * stays a number here, where nimbus's claims set would turn it into a string) and as a claims set.
 * An unsigned token ({@code alg: none}) or an encrypted one is not a signed JWT and is refused here.
 */
record ParsedToken(SignedJWT jwt, Map<String, Object> payload, JWTClaimsSet claims) {

    static ParsedToken parse(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            Map<String, Object> payload = jwt.getPayload().toJSONObject();
            if (payload == null) {
                throw new ParseException("the payload is not a JSON object", 0);
            }
            return new ParsedToken(jwt, payload, JWTClaimsSet.parse(payload));
        } catch (ParseException e) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token is not a well-formed JWT");
        }
    }

    JWSAlgorithm algorithm() {
        return jwt.getHeader().getAlgorithm();
    }

    String keyId() {
        return jwt.getHeader().getKeyID();
    }
}
