package dev.herald.server.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.util.Date;
import java.util.function.UnaryOperator;

/** An identity provider's signing keys for tests, and tokens signed with them as a provider would. */
public final class IdpKeys {
    public static final String ISSUER = "https://idp.example.test/";
    public static final String AUDIENCE = "herald-test";

    private IdpKeys() {
    }

    public static RSAKey rsa(String kid) {
        return generate(() -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate());
    }

    public static ECKey ec(String kid, Curve curve) {
        return generate(() -> new ECKeyGenerator(curve).keyID(kid).generate());
    }

    public static OctetKeyPair ed25519(String kid) {
        return generate(() -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate());
    }

    private interface Gen<T> {
        T make() throws Exception;
    }

    private static <T> T generate(Gen<T> gen) {
        try {
            return gen.make();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims a provider would put in: the user in sub, the test issuer and audience, exp in an hour. */
    public static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
    }

    public static String sign(JWK key, JWSAlgorithm alg, String user) {
        return sign(key, alg, claims(user).build());
    }

    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(key, alg, claims, h -> h);
    }

    /** Signs with the key's private part, the header naming its kid (changed by {@code header} if the test wants). */
    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        try {
            JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r)
                    : key instanceof ECKey e ? new ECDSASigner(e)
                    : new Ed25519Signer((OctetKeyPair) key);
            JWSHeader h = header.apply(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT)).build();
            SignedJWT jwt = new SignedJWT(h, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
