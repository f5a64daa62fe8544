package dev.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsedTokenTest {
    private final JwtService hub = new JwtService("a-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
    private final String token = hub.mint("u1", Duration.ofHours(1));

    @Test
    void theTokenAsMintedVerifies() {
        assertThat(hub.verify(token).userId()).isEqualTo("u1");
    }

    /**
     * Found by ForgedTokenFuzzTest: nimbus trims the text and skips non-base64url characters while
     * decoding, so each of these verified as the token it was made from.
     */
    @Test
    void noOtherTextOfTheSameTokenVerifies() {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        char last = signature.charAt(signature.length() - 1);
        // The signature's last char holds 4 bits and 2 unused ones: flipping an unused bit spells the same bytes.
        char sameBits = "AEIMQUYcgkosw048".indexOf(last) >= 0
                ? "BFJNRVZdhlptx159".charAt("AEIMQUYcgkosw048".indexOf(last)) : last;
        for (String other : new String[]{"\0" + token, token + "\0", " " + token, token + "\n", token + "=",
                token.substring(0, token.length() - 1) + "!" + last, token.substring(0, token.length() - 1) + sameBits}) {
            assertThatThrownBy(() -> hub.verify(other)).as(other)
                    .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
        }
    }

    /** Found by ForgedTokenFuzzTest: nimbus threw a NullPointerException for a header that is JSON null. */
    @Test
    void aHeaderOrPayloadThatIsNoJsonObjectIsRefusedAsMalformed() {
        for (String header : new String[]{"null", "[]", "1", "\"HS256\"", "{\"alg\":null}", "{\"alg\":{}}"}) {
            String other = TokenText.hs256(TokenText.signingInput(header, "{\"sub\":\"u1\",\"exp\":4102444800}"),
                    "a-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> hub.verify(other)).as(header)
                    .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
        }
        for (String payload : new String[]{"null", "[]", "1", "\"u1\""}) {
            String other = TokenText.hs256(TokenText.signingInput("{\"alg\":\"HS256\"}", payload),
                    "a-secret-of-at-least-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> hub.verify(other)).as(payload)
                    .isInstanceOfSatisfying(HeraldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOKEN));
        }
    }
}
