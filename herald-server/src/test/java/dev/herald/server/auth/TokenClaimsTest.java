package dev.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {
    private static final byte[] SECRET = "a-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    private final JwtService hub = new JwtService(SECRET);

    private String signed(String claims) {
        return TokenText.hs256(TokenText.signingInput("{\"alg\":\"HS256\"}", claims), SECRET);
    }

    /**
     * Found by SignedTokenFuzzTest: nimbus turns exp into milliseconds in a long, so 6615452290537047392
     * wrapped around to a date in the past and a validly signed token was answered token_expired.
     */
    @Test
    void aFarFutureExpIsInTheFuture() {
        Subject s = hub.verify(signed("{\"sub\":\"u1\",\"exp\":6615452290537047392}"));
        assertThat(s.userId()).isEqualTo("u1");
        assertThat(s.expiresAtMillis()).isEqualTo(253_402_300_799_999L);
        assertThat(hub.verify(signed("{\"sub\":\"u1\",\"exp\":1e30}")).expiresAtMillis()).isEqualTo(253_402_300_799_999L);
    }

    /** The same wrap-around the other way could have made a token from before the epoch valid. */
    @Test
    void aFarPastExpIsInThePast() {
        for (String exp : new String[]{"-6615452290537047392", "-9223372036854775808", "-1e30", "0"}) {
            assertThatThrownBy(() -> hub.verify(signed("{\"sub\":\"u1\",\"exp\":" + exp + "}"))).as(exp)
                    .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
        }
    }

    @Test
    void aFarFutureNbfIsNotYetValid() {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        assertThatThrownBy(() -> hub.verify(signed("{\"sub\":\"u1\",\"exp\":" + exp + ",\"nbf\":6615452290537047392}")))
                .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
    }

    @Test
    void aFractionalExpCountsToTheMillisecond() {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        assertThat(hub.verify(signed("{\"sub\":\"u1\",\"exp\":" + exp + ".25}")).expiresAtMillis()).isEqualTo(exp * 1000 + 250);
    }
}
