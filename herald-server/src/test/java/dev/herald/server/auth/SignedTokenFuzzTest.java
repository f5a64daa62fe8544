package dev.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A token correctly signed with the hub's secret, whose claims the fuzzer chose, is accepted exactly
 * when its claims are valid: {@code sub} a valid user id string, {@code exp} a number in the future,
 * {@code nbf} (if any) not more than 30 s ahead, and every time claim a number. An expired token is
 * {@code token_expired}, any other refusal {@code invalid_token}, and the subject of an accepted one is
 * its {@code sub} with its {@code exp}.
 */
class SignedTokenFuzzTest {
    private static final byte[] SECRET = "the-hub-secret-for-fuzzing-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final JwtService HUB = new JwtService(SECRET);
    private static final ObjectWriter ASCII_JSON = new ObjectMapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    /** Too close to now to say which side of it the hub's clock was on: either answer is right. */
    private static final long UNSURE_MILLIS = 300_000;

    @FuzzTest(maxExecutions = 10000)
    void aSignedTokenIsAcceptedExactlyWhenItsClaimsAreValid(FuzzedDataProvider in) throws JsonProcessingException {
        long now = System.currentTimeMillis();
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "HS256");
        if (in.consumeBoolean()) {
            header.put("typ", in.consumeBoolean() ? "JWT" : in.consumeString(10));
        }
        if (in.consumeBoolean()) {
            header.put("kid", in.consumeString(10));
        }
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        JsonNode sub = claim(in, in.consumeBoolean() ? JsonNodeFactory.instance.textNode(TokenText.text(in, 300)) : null);
        JsonNode exp = claim(in, time(in, now));
        JsonNode nbf = claim(in, time(in, now));
        JsonNode iat = claim(in, time(in, now));
        put(claims, "sub", sub);
        put(claims, "exp", exp);
        put(claims, "nbf", nbf);
        put(claims, "iat", iat);
        if (in.consumeBoolean()) {
            claims.put(in.consumeString(8), in.consumeString(20));
        }
        // Every non-ASCII char escaped (\\uXXXX), so that the token carries exactly the chosen text, an
        // unpaired surrogate included (UTF-8 could not carry one raw).
        String token = TokenText.hs256(TokenText.signingInput(ASCII_JSON.writeValueAsString(header),
                ASCII_JSON.writeValueAsString(claims)), SECRET);

        Expected expected = expected(sub, exp, nbf, iat, now);
        try {
            Subject subject = HUB.verify(token);
            assertThat(expected).as("accepted %s", TokenText.escaped(claims.toString())).isIn(Expected.ACCEPTED, Expected.UNSURE);
            assertThat(subject.userId()).isEqualTo(sub.textValue());
            // To the millisecond, held to year 9999 at most.
            assertThat(subject.expiresAtMillis()).isEqualTo(
                    exp.decimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR)
                            .min(BigDecimal.valueOf(253_402_300_799_999L)).longValueExact());
        } catch (HeraldException e) {
            assertThat(expected).as("refused %s: %s", TokenText.escaped(claims.toString()), e.getMessage()).isNotEqualTo(Expected.ACCEPTED);
            if (expected != Expected.UNSURE) {
                assertThat(e.code()).as("%s: %s", TokenText.escaped(claims.toString()), e.getMessage())
                        .isEqualTo(expected == Expected.EXPIRED ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN);
            }
        }
    }

    private enum Expected { ACCEPTED, EXPIRED, INVALID, UNSURE }

    /** The rules, in the order the hub applies them. */
    private static Expected expected(JsonNode sub, JsonNode exp, JsonNode nbf, JsonNode iat, long now) {
        // A time claim that is JSON null counts as left out (nimbus reads it so; no rule is loosened by it).
        exp = absentIfNull(exp);
        nbf = absentIfNull(nbf);
        iat = absentIfNull(iat);
        for (JsonNode time : new JsonNode[]{exp, nbf, iat}) {
            if (time != null && !time.isNumber()) {
                return Expected.INVALID;
            }
        }
        if (sub != null && !sub.isTextual()) {
            return Expected.INVALID;
        }
        if (sub == null || !validUser(sub.textValue()) || exp == null) {
            return Expected.INVALID;
        }
        BigDecimal expMillis = exp.decimalValue().movePointRight(3);
        if (expMillis.subtract(BigDecimal.valueOf(now)).abs().compareTo(BigDecimal.valueOf(UNSURE_MILLIS)) < 0) {
            return Expected.UNSURE;
        }
        if (expMillis.compareTo(BigDecimal.valueOf(now)) <= 0) {
            return Expected.EXPIRED;
        }
        if (nbf != null) {
            BigDecimal nbfMillis = nbf.decimalValue().movePointRight(3);
            BigDecimal latest = BigDecimal.valueOf(now + 30_000);
            if (nbfMillis.subtract(latest).abs().compareTo(BigDecimal.valueOf(UNSURE_MILLIS)) < 0) {
                return Expected.UNSURE;
            }
            if (nbfMillis.compareTo(latest) > 0) {
                return Expected.INVALID;
            }
        }
        return Expected.ACCEPTED;
    }

    private static JsonNode absentIfNull(JsonNode claim) {
        return claim == null || claim.isNull() ? null : claim;
    }

    /** A user id as the hub defines one, written out again here from its documentation. */
    private static boolean validUser(String s) {
        if (s.isEmpty() || s.length() > 256 || s.equals(".") || s.equals("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The claim as chosen, or left out (null), or a value of the wrong type. */
    private static JsonNode claim(FuzzedDataProvider in, JsonNode chosen) {
        return switch (in.consumeInt(0, 7)) {
            case 0 -> null;
            case 1 -> JsonNodeFactory.instance.nullNode();
            case 2 -> JsonNodeFactory.instance.booleanNode(in.consumeBoolean());
            case 3 -> JsonNodeFactory.instance.textNode(in.consumeString(12));
            case 4 -> JsonNodeFactory.instance.numberNode(in.consumeLong());
            default -> chosen;
        };
    }

    /** Seconds since the epoch: well past, just past, ahead, far ahead, fractional or huge. */
    private static JsonNode time(FuzzedDataProvider in, long nowMillis) {
        long nowSeconds = nowMillis / 1000;
        return switch (in.consumeInt(0, 5)) {
            case 0 -> JsonNodeFactory.instance.numberNode(nowSeconds + in.consumeLong(-100_000_000L, 100_000_000L));
            case 1 -> JsonNodeFactory.instance.numberNode(nowSeconds + in.consumeLong(-3_600, 3_600));
            case 2 -> JsonNodeFactory.instance.numberNode(
                    BigDecimal.valueOf(nowSeconds + in.consumeLong(-3_600, 3_600)).add(new BigDecimal("0.5")));
            case 3 -> JsonNodeFactory.instance.numberNode(finite(in.consumeDouble()));
            case 4 -> JsonNodeFactory.instance.numberNode(new BigDecimal(in.consumeLong()).multiply(BigDecimal.TEN.pow(in.consumeInt(0, 6))));
            default -> JsonNodeFactory.instance.numberNode(in.consumeLong());
        };
    }

    /** JSON has no NaN or infinity: those would make the text no JSON at all. */
    private static double finite(double d) {
        return Double.isFinite(d) ? d : 0;
    }

    private static void put(ObjectNode claims, String name, JsonNode value) {
        if (value != null) {
            claims.set(name, value);
        }
    }
}
