package dev.herald.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers in {@code data} reach subscribers exactly: a {@link BigDecimal} keeps its value and its
 * scale, a {@link BigInteger} every digit, through the SDK and a real hub to a real stream.
 */
class ExactNumbersTest {
    private static TestHub hub;
    private static Herald herald;

    @BeforeAll
    static void start() {
        hub = TestHub.start();
        herald = hub.client();
    }

    @AfterAll
    static void stop() {
        herald.close();
        hub.close();
    }

    private static Map<String, Object> figures() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("huge", new BigDecimal("1e400"));
        data.put("pastDoubleFloat", new BigDecimal("9007199254740993.0"));
        data.put("tiny", new BigDecimal("1E-400"));
        data.put("pastLong", new BigInteger("123456789012345678901234567890"));
        data.put("minLong", Long.MIN_VALUE);
        data.put("tenth", 0.1);
        data.put("negativeZero", -0.0);
        data.put("list", List.of(new BigDecimal("1.10"), new BigDecimal("12345678901234567890.123456789")));
        return data;
    }

    private static final String FIGURES = "{\"huge\":1E+400,\"pastDoubleFloat\":9007199254740993.0,\"tiny\":1E-400,"
            + "\"pastLong\":123456789012345678901234567890,\"minLong\":-9223372036854775808,\"tenth\":0.1,"
            + "\"negativeZero\":-0.0,\"list\":[1.10,12345678901234567890.123456789]}";

    @Test
    void bigDecimalsAndBigIntegersInDataArriveExactly() {
        try (SseStream s = hub.stream(herald, "sdk-numbers")) {
            Notification n = Notification.builder().type("figures").title("n").data(figures()).build();
            String id = herald.publish(Target.user("sdk-numbers"), n).id();
            herald.publish(Target.user("sdk-numbers"), Event.builder().name("figure").data(new BigDecimal("1e400")).build());

            SseStream.SseEvent got = s.nextNotification();
            assertThat(got.id()).isEqualTo(id);
            assertThat(got.text()).contains("\"data\":" + FIGURES + ",\"actionUrl\"");
            assertThat(s.next("figure", java.time.Duration.ofSeconds(5)).text()).contains("\"data\":1E+400,\"createdAt\"");
        }
    }

    @Test
    void theDataAccessorGivesTheExactValuesBack() {
        Notification n = Notification.builder().type("figures").title("n").data(figures()).build();
        Map<String, Object> data = n.data().orElseThrow();
        assertThat(data.get("pastDoubleFloat")).isEqualTo(new BigDecimal("9007199254740993.0"));
        assertThat(data.get("huge")).isEqualTo(new BigDecimal("1e400"));
        assertThat(data.get("pastLong")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Event.builder().name("e").data(new BigDecimal("1.10")).build().data()).hasValue(new BigDecimal("1.10"));
    }

    @Test
    void numbersJsonCannotCarryAreRefusedInsteadOfTurningIntoStrings() {
        assertThatThrownBy(() -> Notification.builder().data(Map.of("x", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Event.builder().data(List.of(1, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Event.builder().data(Float.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
