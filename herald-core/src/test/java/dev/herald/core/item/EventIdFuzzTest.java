package dev.herald.core.item;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Every id a client can send ({@code Last-Event-ID}, an inbox path, a bulk body's ids) goes through
 * {@link EventId#parse}. Whatever the text, it is either exactly one of ours, so that formatting the
 * parsed id gives back the very same text (one position has one spelling), or it is refused with
 * null, the parser's typed "not ours"; it never throws.
 */
class EventIdFuzzTest {

    @FuzzTest(maxExecutions = 20000)
    void anyTextIsOneOfOursExactlyOrRefused(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        EventId id = EventId.parse(text);
        if (id != null) {
            assertThat(id.toString()).isEqualTo(text);
            assertThat(EventId.isValidEpoch(id.epoch())).isTrue();
            assertThat(id.seq()).isNotNegative();
            assertThat(EventId.parse(id.toString())).isEqualTo(id);
        }
    }
}
