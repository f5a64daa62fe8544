package dev.herald.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PublishScenarioTest {

  private static ScenarioOptions herald() {
    ScenarioOptions o = new ScenarioOptions();
    o.url = "http://127.0.0.1:18580";
    o.apiKey = "bench-key-0123456789";
    return o;
  }

  private static ScenarioOptions nchan() {
    ScenarioOptions o = new ScenarioOptions();
    o.target = ScenarioOptions.TargetKind.NCHAN;
    o.url = "http://127.0.0.1:18680";
    return o;
  }

  @Test
  void heraldBatchBodyHoldsExactlyTheSingleBodies() {
    TargetAdapter.Herald h = new TargetAdapter.Herald(herald());
    Buffer single = h.publishBody(7, 41);
    assertThat(single.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"userId\":\"u7\",\"type\":\"bench\",\"title\":\"bench message 41\"}");
    String batch = h.publishBatchBody(new int[] {7, 0, 9999}, new long[] {41, 42, 43}).toString(StandardCharsets.UTF_8);
    assertThat(batch).isEqualTo("{\"notifications\":["
        + "{\"userId\":\"u7\",\"type\":\"bench\",\"title\":\"bench message 41\"},"
        + "{\"userId\":\"u0\",\"type\":\"bench\",\"title\":\"bench message 42\"},"
        + "{\"userId\":\"u9999\",\"type\":\"bench\",\"title\":\"bench message 43\"}]}");
    JsonArray items = new JsonObject(batch).getJsonArray("notifications");
    assertThat(items.size()).isEqualTo(3);
    assertThat(items.getJsonObject(0)).isEqualTo(new JsonObject(single));
    assertThat(h.publishBatchRequest().getURI()).isEqualTo("/v1/notifications/batch");
    assertThat(h.publishRequest(7).getURI()).isEqualTo("/v1/notifications");
    assertThat(h.publishBody(-1, 3).toString(StandardCharsets.UTF_8)).startsWith("{\"broadcast\":true,");
  }

  @Test
  void batchReplyKeysInRequestOrder() {
    TargetAdapter.Herald h = new TargetAdapter.Herald(herald());
    String reply = "{\"items\":[{\"id\":\"1kgwwd9w50-17\",\"recipients\":1},{\"id\":\"1kgwwd9w50-18\",\"recipients\":1},"
        + "{\"id\":\"1kgwwd9w50-16\",\"recipients\":1,\"replayed\":true}]}";
    assertThat(TargetAdapter.Herald.parseIdSeqs(reply)).containsExactly(17, 18, 16);
    assertThat(h.keysFromBatchReply(Buffer.buffer(reply), new long[] {1, 2, 3})).containsExactly(17, 18, 16);
    // one id per notification, each with a sequence number, or the call did not acknowledge
    assertThat(h.keysFromBatchReply(Buffer.buffer(reply), new long[] {1, 2})).isNull();
    assertThat(h.keysFromBatchReply(Buffer.buffer("{\"items\":[{\"id\":\"nodash\"}]}"), new long[] {1})).isNull();
    assertThat(h.keysFromBatchReply(Buffer.buffer("{\"error\":{\"code\":\"x\"}}"), new long[] {1})).isNull();
    assertThat(TargetAdapter.Herald.parseIdSeqs("{}")).isEmpty();
    long[] many = TargetAdapter.Herald.parseIdSeqs("{\"items\":[" + "{\"id\":\"a-1\"},".repeat(20) + "{\"id\":\"a-2\"}]}");
    assertThat(many).hasSize(21);
    assertThat(many[20]).isEqualTo(2);
  }

  @Test
  void acknowledgedIs202ForHeraldAndAny2xxForNchan() {
    TargetAdapter.Herald h = new TargetAdapter.Herald(herald());
    TargetAdapter.Nchan n = new TargetAdapter.Nchan(nchan());
    assertThat(h.acknowledged(202)).isTrue();
    assertThat(h.acknowledged(200)).isFalse();
    assertThat(h.acknowledged(429)).isFalse();
    assertThat(n.acknowledged(201)).isTrue();
    assertThat(n.acknowledged(202)).isTrue();
    assertThat(n.acknowledged(500)).isFalse();
    assertThat(n.publishRequest(12).getURI()).isEqualTo("/pub/u12");
    assertThat(n.publishBody(12, 5).toString(StandardCharsets.UTF_8)).startsWith("{\"seq\":5,");
    assertThatThrownBy(n::publishBatchRequest).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void windowCountsOnlyRepliesInsideIt() {
    AckWindow w = new AckWindow();
    long s = 1_000_000_000L;
    w.ok(10, s - 5_000_000, s - 1_000_000);            // warm-up: counts for completeness only
    w.failed(AckWindow.httpKind(503), 10);              // warm-up failure still fails the run
    w.start(s);
    assertThat(w.measuring()).isTrue();
    assertThat(w.windowNanos()).isZero();
    w.ok(10, s - 2_000_000, s + 3_000_000);             // started before, answered inside: counts
    w.ok(10, s + 100_000_000, s + 104_000_000);
    w.ok(10, s + 1_200_000_000L, s + 1_205_000_000L);   // second bucket
    w.failed("io", 10);
    w.failed(AckWindow.httpKind(503), 10);
    w.end(s + 1_500_000_000L);
    w.ok(10, s + 1_490_000_000L, s + 1_510_000_000L);   // the tail: after the window
    w.end(s + 9_000_000_000L);                          // a second end changes nothing
    assertThat(w.measuring()).isFalse();
    assertThat(w.windowItems).isEqualTo(30);
    assertThat(w.windowRequests).isEqualTo(3);
    assertThat(w.okItems).isEqualTo(50);
    assertThat(w.okRequests).isEqualTo(5);
    assertThat(w.failedRequests).isEqualTo(3);
    assertThat(w.failedItems).isEqualTo(30);
    assertThat(w.errorsByStatus).containsEntry("http503", 2L).containsEntry("io", 1L).hasSize(2);
    assertThat(w.windowNanos()).isEqualTo(1_500_000_000L);
    assertThat(w.itemsPerSecond()).isCloseTo(20.0, within(1e-9));
    assertThat(w.requestsPerSecond()).isCloseTo(2.0, within(1e-9));
    assertThat(w.callLatency.getTotalCount()).isEqualTo(3);
    assertThat(w.callLatency.getMaxValue()).isBetween(4990L, 5010L);
    // 20 in the first second, 10 in the half second after it: 20/s and 20/s
    assertThat(w.ratePerSecond()).containsExactly(20.0, 20.0);
  }

  @Test
  void timelineRateOverASpanIncludesEmptyAndPartialBuckets() {
    Timeline tl = new Timeline(1000);
    tl.start(0);
    tl.add(100_000_000L, 5);
    tl.add(2_100_000_000L, 1);
    assertThat(tl.ratePerSecond(2_500_000_000L)).containsExactly(5.0, 0.0, 2.0);
    assertThat(tl.ratePerSecond(4_000_000_000L)).containsExactly(5.0, 0.0, 1.0, 0.0);
    assertThat(tl.ratePerSecond(0)).isEmpty();
  }

  @Test
  void validationAndDefaults() {
    ScenarioOptions o = herald();
    assertThat(o.batch).isEqualTo(1);
    assertThat(o.concurrency).isEqualTo(32);
    assertThat(o.users).isEqualTo(10_000);
    assertThat(o.subscribers).isZero();
    assertThat(o.seconds).isEqualTo(10.0);
    assertThat(o.warmupSeconds).isEqualTo(2.0);
    PublishScenario.validate(o);
    o.batch = 100;
    PublishScenario.validate(o);
    ScenarioOptions n = nchan();
    PublishScenario.validate(n);
    n.batch = 2;
    assertThatThrownBy(() -> PublishScenario.validate(n)).hasMessageContaining("nchan has no batch");
    ScenarioOptions bad = herald();
    bad.concurrency = 0;
    assertThatThrownBy(() -> PublishScenario.validate(bad)).hasMessageContaining("--concurrency");
    bad.concurrency = 1;
    bad.seconds = 0;
    assertThatThrownBy(() -> PublishScenario.validate(bad)).hasMessageContaining("--seconds");
    bad.seconds = 1;
    bad.users = 0;
    assertThatThrownBy(() -> PublishScenario.validate(bad)).hasMessageContaining("--users");
    bad.subscribers = 5; // the users are then the subscribers
    PublishScenario.validate(bad);

    ScenarioOptions c = o.copy();
    assertThat(c.batch).isEqualTo(100);
    c.subscribers = 3;
    c.warmupSeconds = 0.5;
    ScenarioOptions c2 = c.copy();
    assertThat(c2.subscribers).isEqualTo(3);
    assertThat(c2.warmupSeconds).isEqualTo(0.5);
    assertThat(Scenarios.NAMES).contains("publish");
  }

  @Test
  void modeSaysSingleOrBatched() {
    ScenarioOptions o = herald();
    assertThat(PublishScenario.mode(o)).startsWith("concurrent single posts: POST /v1/notifications, 32 calls in flight");
    o.batch = 10;
    assertThat(PublishScenario.mode(o)).startsWith("batched JSON posts: 10 notifications per POST /v1/notifications/batch");
    assertThat(PublishScenario.mode(nchan())).startsWith("concurrent single posts: POST /pub/<user>");
  }

  @Test
  void aBatchToNchanIsAUsageError() {
    assertThat(Main.execute("publish", "--target", "nchan", "--batch", "5", "--quiet")).isEqualTo(2);
    assertThat(Main.execute("compare", "publish", "--targets", "herald,nchan", "--batch", "5", "--api-key", "k", "--quiet")).isEqualTo(2);
    assertThat(Main.execute("publish", "--concurrency", "0", "--api-key", "k", "--quiet")).isEqualTo(2);
  }
}
