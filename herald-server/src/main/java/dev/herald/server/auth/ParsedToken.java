package dev.herald.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
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
 *
 * <p>The text must be exactly a compact JWS: three base64url parts, nothing else, and a signature in
 * its one canonical spelling. nimbus is lenient there (it trims the text and skips characters that
 * are not base64url while decoding), so without this check {@code "\0" + token}, or a signature with
 * a character inserted or its unused last bits changed, verified as the token it was made from: many
 * texts for one token, which a cache or a deny list keyed on the text would take for different ones.
 */
record ParsedToken(SignedJWT jwt, Map<String, Object> payload, JWTClaimsSet claims) {

    static ParsedToken parse(String token) {
        if (!isCompactJws(token)) {
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token is not a well-formed JWT");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            Map<String, Object> payload = jwt.getPayload().toJSONObject();
            if (payload == null) {
                throw new ParseException("the payload is not a JSON object", 0);
            }
            return new ParsedToken(jwt, payload, JWTClaimsSet.parse(payload));
        } catch (ParseException | RuntimeException e) {
            // nimbus throws unchecked exceptions on some malformed tokens too: a header that is JSON
            // null made a NullPointerException, which would have been a 500 instead of a 401.
            throw new HeraldException(ErrorCode.INVALID_TOKEN, "the token is not a well-formed JWT");
        }
    }

    /** header.payload.signature, each base64url without padding, the signature written canonically. */
    static boolean isCompactJws(String token) {
        if (token == null) {
            return false;
        }
        int dots = 0;
        int lastDot = -1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
                lastDot = i;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        if (dots != 2) {
            return false;
        }
        String signature = token.substring(lastDot + 1);
        return Base64URL.encode(new Base64URL(signature).decode()).toString().equals(signature);
    }

    JWSAlgorithm algorithm() {
        return jwt.getHeader().getAlgorithm();
    }

    String keyId() {
        return jwt.getHeader().getKeyID();
    }
}
