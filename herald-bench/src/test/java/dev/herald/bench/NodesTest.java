package dev.herald.bench;

import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Several base URLs: which node a stream and a publish go to (no server needed). */
class NodesTest {

  private static ScenarioOptions herald(String url) {
    ScenarioOptions o = new ScenarioOptions();
    o.url = url;
    o.apiKey = "bench-key-0123456789";
    o.jwtSecret = "bench-secret-0123456789abcdef0123456789"; // tokens minted locally, no server
    return o;
  }

  @Test
  void parsesACommaSeparatedList() {
    assertThat(Nodes.parse("http://a:1, http://b:2 ,,http://c:3/")).containsExactly("http://a:1", "http://b:2", "http://c:3/");
    assertThat(Nodes.parse("http://a:1")).containsExactly("http://a:1");
    assertThat(Nodes.parse(null)).isEmpty();
    assertThat(herald(null).urls()).containsExactly("http://127.0.0.1:8080");
  }

  @Test
  void streamsRoundRobinByIndex() {
    for (int i = 0; i < 9; i++) {
      assertThat(Nodes.streamNode(i, 3)).isEqualTo(i % 3);
      assertThat(Nodes.streamNode(i, 1)).isZero();
    }
  }

  @Test
  void aUsersNotificationGoesToAnotherNodeRoundRobin() {
    for (int n = 2; n <= 4; n++) {
      for (int stream = 0; stream < 12; stream++) {
        int home = Nodes.streamNode(stream, n);
        Map<Integer, Integer> used = new HashMap<>();
        for (long k = 0; k < 6L * (n - 1); k++) {
          int node = Nodes.publishNode(stream, k, n);
          assertThat(node).isBetween(0, n - 1).isNotEqualTo(home);
          used.merge(node, 1, Integer::sum);
        }
        // every other node, equally often
        assertThat(used).hasSize(n - 1);
        assertThat(used.values()).containsOnly(6);
      }
    }
  }

  @Test
  void broadcastsRoundRobinOverEveryNode() {
    List<Integer> seen = new ArrayList<>();
    for (long k = 0; k < 6; k++) {
      seen.add(Nodes.publishNode(-1, k, 3));
    }
    assertThat(seen).containsExactly(0, 1, 2, 0, 1, 2);
  }

  @Test
  void oneNodeTakesEverything() {
    for (long k = 0; k < 5; k++) {
      assertThat(Nodes.publishNode(7, k, 1)).isZero();
      assertThat(Nodes.publishNode(-1, k, 1)).isZero();
    }
  }

  @Test
  void theHeraldTargetSendsStreamsAndPublishesToTheirNodes() throws Exception {
    TargetAdapter.Herald h = new TargetAdapter.Herald(herald("http://127.0.0.1:18581,http://127.0.0.1:18582/base/,http://127.0.0.1:18583"));
    assertThat(h.nodeCount()).isEqualTo(3);
    h.prepare(10);
    RequestOptions s4 = h.streamRequest(4, false, null); // stream 4 lives on node 1
    assertThat(s4.getPort()).isEqualTo(18582);
    assertThat(s4.getURI()).isEqualTo("/base/v1/stream");
    for (int k = 0; k < 10; k++) {
      assertThat(h.publishRequest(4).getPort()).isNotEqualTo(18582);
    }
    assertThat(List.of(h.publishBatchRequest().getPort(), h.publishBatchRequest().getPort(), h.publishBatchRequest().getPort()))
        .containsExactlyInAnyOrder(18581, 18582, 18583);
  }

  @Test
  void oneUrlBehavesAsBefore() throws Exception {
    TargetAdapter.Herald h = new TargetAdapter.Herald(herald("http://127.0.0.1:18580"));
    assertThat(h.nodeCount()).isEqualTo(1);
    h.prepare(10);
    assertThat(h.streamRequest(5, false, null).getPort()).isEqualTo(18580);
    assertThat(h.publishRequest(5).getPort()).isEqualTo(18580);
    assertThat(h.publishRequest(-1).getPort()).isEqualTo(18580);
  }

  @Test
  void nchanTakesOneUrl() {
    ScenarioOptions o = new ScenarioOptions();
    o.target = ScenarioOptions.TargetKind.NCHAN;
    o.url = "http://127.0.0.1:1,http://127.0.0.1:2";
    assertThatThrownBy(() -> TargetAdapter.of(o)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one URL");
  }

  @Test
  void idleRunsOfSeveralProcessesAddUp() {
    List<Result> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Result r = new Result("idle", "herald");
      r.params.put("url", "http://127.0.0.1:1858" + (i + 1));
      r.metric("streams", 15_000);
      r.metric("connected", i == 2 ? 14_990 : 15_000);
      r.metric("failedConnects", i == 2 ? 10 : 0);
      r.metric("connectSeconds", 10.0 + i);
      r.metric("rssBeforeMiB", 100.0);
      r.metric("rssAfterMiB", 200.0);
      r.metric("serverCpuMicrosPerConnect", 100.0 * (i + 1));
      r.complete = i != 2;
      parts.add(r);
    }
    Result c = Combined.idle(parts, "cluster3");
    assertThat(c.target).isEqualTo("cluster3");
    assertThat(c.num("streams")).isEqualTo(45_000);
    assertThat(c.num("connected")).isEqualTo(44_990);
    assertThat(c.num("failedConnects")).isEqualTo(10);
    assertThat(c.num("rssAfterMiB")).isEqualTo(600);
    assertThat(c.num("rssBytesPerStream")).isCloseTo(300.0 * 1048576 / 44_990, within(1e-6));
    assertThat(c.num("connectsPerSecond")).isCloseTo(44_990 / 12.0, within(1e-9));
    assertThat(c.num("serverCpuMicrosPerConnect")).isCloseTo((15_000 * 100.0 + 15_000 * 200 + 14_990 * 300) / 44_990, within(1e-9));
    assertThat(c.num("failedConnectsNode3")).isEqualTo(10);
    assertThat(c.num("rssKiBPerStreamNode1")).isNaN(); // a part without it: not made up
    assertThat(c.complete).isFalse();
    assertThatThrownBy(() -> Combined.idle(List.of(new Result("fanout", "herald")), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void treeCpuOfThisProcess() {
    assertThat(ProcStats.treeCpuSeconds(List.of(ProcStats.self()))).isPositive();
    assertThat(ProcStats.treeCpuSeconds(List.of())).isNaN();
    long[] f = ProcStats.parseTreeFields("123 (a b) S 77 1 1 0 -1 0 0 0 0 0 5 6 7 8 20 0 1 0");
    assertThat(f).containsExactly(77, 26);
  }
}
