package dev.herald.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers the checker may hold the hub to as "not stored". */
class PublisherTest {

    @Test
    void aCommitTheHubCouldNotConfirmIsInDoubtAndOtherRefusalsAreNot() {
        String doubt = "{\"error\":{\"code\":\"store_unavailable\",\"message\":\"store unavailable: the database did not"
                + " confirm the commit, so this may have been stored; retry with the same idempotencyKey\"}}";
        assertThat(Publisher.inDoubt(new Http.Reply(503, doubt))).isTrue();
        assertThat(Publisher.inDoubt(new Http.Reply(503,
                "{\"error\":{\"code\":\"store_unavailable\",\"message\":\"store unavailable\"}}"))).isFalse();
        assertThat(Publisher.inDoubt(new Http.Reply(429, doubt))).isFalse();
        assertThat(Publisher.inDoubt(new Http.Reply(-1, "SocketTimeoutException"))).isFalse();
    }
}
