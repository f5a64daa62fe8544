package dev.herald.bench;

import java.util.List;

/** The scenarios by name. */
public final class Scenarios {
  public static final List<String> NAMES = List.of("idle", "fanout", "unicast", "storm", "publish");

  private Scenarios() {
  }

  public static Result run(String scenario, ScenarioOptions o) throws Exception {
    switch (scenario) {
      case "idle":
        return IdleScenario.run(o);
      case "fanout":
        return FanoutScenario.run(o);
      case "unicast":
        return UnicastScenario.run(o);
      case "storm":
        return StormScenario.run(o);
      case "publish":
        return PublishScenario.run(o);
      default:
        throw new IllegalArgumentException("unknown scenario '" + scenario + "' (one of " + NAMES + ")");
    }
  }
}
