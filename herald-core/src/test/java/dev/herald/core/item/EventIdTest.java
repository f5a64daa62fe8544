package dev.herald.core.item;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdTest {

    @Test
    void roundTrips() {
        EventId id = EventId.parse("k3x9q2a1bc-42");
        assertThat(id).isEqualTo(new EventId("k3x9q2a1bc", 42));
        assertThat(id.toString()).isEqualTo("k3x9q2a1bc-42");
        assertThat(EventId.parse("a-0")).isEqualTo(new EventId("a", 0));
    }

    @Test
    void rejectsAnythingNotExactlyOurs() {
        for (String bad : new String[]{null, "", "42", "-42", "abc-", "abc--1", "ABC-1", "abc-1x", "ab c-1", "abc-+1",
                "abc-99999999999999999999", "a".repeat(33) + "-1", "abc-1\n"}) {
            assertThat(EventId.parse(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    /** Found by EventIdFuzzTest: "ppp-00" parsed as ppp-0, so two texts named one position. */
    @Test
    void aSequenceWithALeadingZeroIsNotOneOfOurs() {
        for (String bad : new String[]{"ppp-00", "ppp-01", "abc-007", "abc-0000000000000000"}) {
            assertThat(EventId.parse(bad)).as(bad).isNull();
        }
        assertThat(EventId.parse("ppp-0")).isEqualTo(new EventId("ppp", 0));
        assertThat(EventId.parse("ppp-10")).isEqualTo(new EventId("ppp", 10));
    }

    @Test
    void newEpochsAreValidAndDistinct() {
        String a = EventId.newEpoch();
        String b = EventId.newEpoch();
        assertThat(EventId.isValidEpoch(a)).isTrue();
        assertThat(a).hasSize(10).isNotEqualTo(b);
    }
}
