package dev.herald.bench;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * herald-bench: an event-loop load generator for Herald and its peer Nchan.
 *
 * <pre>
 *   java -jar herald-bench.jar idle    --target herald --url URL --api-key K --streams 10000 --server-pid PID
 *   java -jar herald-bench.jar fanout  --target nchan  --url URL --subscribers 5000 --messages 200
 *   java -jar herald-bench.jar unicast --users 2000 --rate 500 --seconds 10 ...
 *   java -jar herald-bench.jar storm   --streams 2000 --publish-rate 20 ...
 *   java -jar herald-bench.jar publish --seconds 10 --concurrency 32 [--batch 10] ...
 *   java -jar herald-bench.jar compare fanout --targets herald,nchan --runs 3 --herald-url ... --nchan-url ...
 * </pre>
 */
@Command(name = "herald-bench", mixinStandardHelpOptions = true, version = "herald-bench 0.1",
    description = "Event-loop load generator for Herald (and Nchan as the peer): idle streams, broadcast fan-out, "
        + "unicast latency, reconnect storms, publish API throughput. Pin it with taskset on its own core.%n"
        + "Compare targets: herald-bench compare <idle|fanout|unicast|storm|publish> --targets herald,nchan --runs 3 [scenario options]",
    subcommands = {Main.Idle.class, Main.Fanout.class, Main.Unicast.class, Main.Storm.class, Main.Publish.class,
        Main.Summarize.class, Main.Combine.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI, returns the exit code (0: complete, 3: a run was incomplete, 2: usage, 1: error). */
  public static int execute(String... args) {
    if (args.length > 0 && args[0].equals("compare")) {
      if (args.length < 2 || args[1].startsWith("-")) {
        System.out.println("Usage: herald-bench compare <idle|fanout|unicast|storm|publish> --targets herald,nchan --runs 3 \\\n"
            + "         --herald-url URL --api-key KEY [--jwt-secret S] [--herald-pid PID] \\\n"
            + "         --nchan-url URL [--nchan-pid PID] [--pause-seconds 2] [scenario options]\n"
            + "Runs the scenario against each target interleaved (A,B,A,B,...), prints the medians and the ratio\n"
            + "first/second. Scenario options: herald-bench <scenario> --help");
        return args.length < 2 ? 2 : 0;
      }
      Base cmd = commandFor(args[1]);
      if (cmd == null) {
        System.err.println("unknown scenario '" + args[1] + "' (one of " + Scenarios.NAMES + ")");
        return 2;
      }
      cmd.compareMode = true;
      return new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).execute(Arrays.copyOfRange(args, 2, args.length));
    }
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  private static Base commandFor(String scenario) {
    switch (scenario) {
      case "idle":
        return new Idle();
      case "fanout":
        return new Fanout();
      case "unicast":
        return new Unicast();
      case "storm":
        return new Storm();
      case "publish":
        return new Publish();
      default:
        return null;
    }
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 2;
  }

  /** Options every scenario takes. */
  static final class Common {
    @Option(names = "--target", description = "herald or nchan (default: ${DEFAULT-VALUE})", defaultValue = "herald")
    String target;

    @Option(names = "--url", description = "base URL of the target (herald default http://127.0.0.1:8080, nchan http://127.0.0.1:8081); "
        + "herald: several, comma-separated, are the nodes of one cluster (stream i on node i mod n, publishes round-robin, "
        + "a user's notification through another node than the one holding its stream)")
    String url;

    @Option(names = "--api-key", description = "Herald publisher key (default: $HERALD_API_KEY)", defaultValue = "${env:HERALD_API_KEY}")
    String apiKey;

    @Option(names = "--jwt-secret", description = "Herald's HERALD_JWT_SECRET: mint subscriber tokens locally (default: $HERALD_JWT_SECRET; "
        + "without it, one POST /v1/tokens per user)", defaultValue = "${env:HERALD_JWT_SECRET}")
    String jwtSecret;

    @Option(names = "--server-pid", split = ",", description = "server process id(s) for RSS and CPU (Nchan: the worker's); "
        + "several are summed, and each one's CPU is reported too (serverCpuPercentNode1, ...)")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--aux-pid", split = ",", description = "processes beside the server (a cluster's Redis, PostgreSQL's postmaster), "
        + "each with its descendants: their CPU is reported next to the server's (auxCpuPercent, auxCpuMicrosPer...), not in it")
    List<Long> auxPids = new ArrayList<>();

    @Option(names = "--label", description = "name the results carry instead of the target's (e.g. cluster1, sqlite), "
        + "so that summarize keeps runs of two setups of one target apart")
    String label;

    @Option(names = "--out", description = "write the result as JSON to this file")
    Path out;

    @Option(names = "--html", description = "write a self-contained HTML report (inline SVG charts) to this file")
    Path html;

    @Option(names = "--max-in-flight", description = "publish calls in flight at most (the publish scenario uses --concurrency) (default: ${DEFAULT-VALUE})", defaultValue = "16")
    int maxInFlight;

    @Option(names = "--connect-concurrency", description = "stream connects in progress at most (default: ${DEFAULT-VALUE})", defaultValue = "256")
    int connectConcurrency;

    @Option(names = "--streams-per-address", description = "streams per loopback source address 127.0.0.2.. (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int streamsPerAddress;

    @Option(names = "--connect-timeout", description = "seconds to wait for all streams to connect (default: ${DEFAULT-VALUE})", defaultValue = "180")
    double connectTimeout;

    @Option(names = "--drain-timeout", description = "after publishing, give up when no delivery came for this many seconds (default: ${DEFAULT-VALUE})", defaultValue = "10")
    double drainTimeout;

    @Option(names = "--settle-seconds", description = "pause between streams being ready and the first publish (default: ${DEFAULT-VALUE})", defaultValue = "0.5")
    double settleSeconds;

    @Option(names = "--user-prefix", description = "user ids / per-user channels are PREFIX<i> (default: ${DEFAULT-VALUE})", defaultValue = "u")
    String userPrefix;

    @Option(names = "--stream-client", defaultValue = "raw", description = "raw (Netty channels on the bench's event loop, minimal HTTP/1.1 parser; "
        + "several times cheaper per frame) or vertx (the Vert.x HTTP client) (default: ${DEFAULT-VALUE})")
    String streamClient;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    // compare
    @Option(names = "--targets", split = ",", description = "compare: targets in run order (default: herald,nchan)")
    List<String> targets = new ArrayList<>(List.of("herald", "nchan"));

    @Option(names = "--runs", description = "compare: runs per target (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int runs;

    @Option(names = "--herald-url", description = "compare: Herald's URL (several, comma-separated: the nodes of a cluster)")
    String heraldUrl;

    @Option(names = "--nchan-url", description = "compare: Nchan's URL")
    String nchanUrl;

    @Option(names = "--herald-pid", split = ",", description = "compare: Herald's pid (several: summed, and each one's CPU)")
    List<Long> heraldPids = new ArrayList<>();

    @Option(names = "--nchan-pid", split = ",", description = "compare: Nchan's worker pid")
    List<Long> nchanPids = new ArrayList<>();

    @Option(names = "--pause-seconds", description = "compare: pause between runs (default: ${DEFAULT-VALUE})", defaultValue = "2")
    double pauseSeconds;

    ScenarioOptions toOptions() {
      ScenarioOptions o = new ScenarioOptions();
      o.target = ScenarioOptions.TargetKind.parse(target);
      o.url = url;
      if (o.url == null) {
        o.url = o.target == ScenarioOptions.TargetKind.HERALD ? heraldUrl : nchanUrl;
      }
      o.apiKey = apiKey;
      o.jwtSecret = jwtSecret;
      o.auxPids = new ArrayList<>(auxPids);
      o.label = label;
      o.serverPids = new ArrayList<>(serverPids);
      if (o.serverPids.isEmpty()) {
        o.serverPids = new ArrayList<>(o.target == ScenarioOptions.TargetKind.HERALD ? heraldPids : nchanPids);
      }
      o.maxInFlight = maxInFlight;
      o.connectConcurrency = connectConcurrency;
      o.streamsPerAddress = streamsPerAddress;
      o.connectTimeoutSeconds = connectTimeout;
      o.drainTimeoutSeconds = drainTimeout;
      o.settleSeconds = settleSeconds;
      o.userPrefix = userPrefix;
      o.quiet = quiet;
      o.streamClient = streamClient;
      return o;
    }

    Compare.Options compareOptions() {
      Compare.Options c = new Compare.Options();
      c.targets = targets.stream().map(ScenarioOptions.TargetKind::parse).toList();
      c.runs = runs;
      if (heraldUrl != null) {
        c.urls.put(ScenarioOptions.TargetKind.HERALD, heraldUrl);
      }
      if (nchanUrl != null) {
        c.urls.put(ScenarioOptions.TargetKind.NCHAN, nchanUrl);
      }
      c.pids.put(ScenarioOptions.TargetKind.HERALD, heraldPids);
      c.pids.put(ScenarioOptions.TargetKind.NCHAN, nchanPids);
      c.pauseSeconds = pauseSeconds;
      return c;
    }
  }

  /** A scenario command: runs once, or compares targets. */
  abstract static class Base implements Callable<Integer> {
    @Mixin
    Common common;

    boolean compareMode;

    abstract String scenario();

    abstract void apply(ScenarioOptions o);

    @Override
    public Integer call() throws Exception {
      ScenarioOptions o = common.toOptions();
      apply(o);
      if (compareMode) {
        Compare.Outcome out = Compare.run(scenario(), o, common.compareOptions());
        System.out.print(out.table());
        if (common.out != null) {
          Report.writeJson(common.out, out.toJson());
          System.err.println("wrote " + common.out);
        }
        if (common.html != null) {
          Report.writeHtml(common.html, "herald-bench compare " + scenario(), out.runs, out);
          System.err.println("wrote " + common.html);
        }
        return out.runs.stream().allMatch(r -> r.complete) ? 0 : 3;
      }
      Result r = Scenarios.run(scenario(), o);
      System.out.print(r.table());
      if (common.out != null) {
        Report.writeJson(common.out, r.toJson());
        System.err.println("wrote " + common.out);
      }
      if (common.html != null) {
        Report.writeHtml(common.html, String.format(Locale.ROOT, "herald-bench %s / %s", r.scenario, r.target), List.of(r), null);
        System.err.println("wrote " + common.html);
      }
      return r.complete ? 0 : 3;
    }
  }

  @Command(name = "idle", mixinStandardHelpOptions = true,
      description = "Open N streams (connect rate), hold them, report the server's memory per stream (RSS from /proc with --server-pid; Herald's heap and direct memory from /metrics).")
  static final class Idle extends Base {
    @Option(names = "--streams", defaultValue = "1000", description = "streams to open (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--hold-seconds", defaultValue = "10", description = "how long to hold them before reading memory (default: ${DEFAULT-VALUE})")
    double holdSeconds;

    @Option(names = "--shared-channel", description = "nchan: every stream on channel 'all' (default: one channel per user)")
    boolean sharedChannel;

    @Option(names = "--server-gc", description = "herald: after reading RSS, run a full GC in the hub (jcmd PID GC.run) and report the live heap per stream")
    boolean serverGc;

    @Override
    String scenario() {
      return "idle";
    }

    @Override
    void apply(ScenarioOptions o) {
      o.streams = streams;
      o.holdSeconds = holdSeconds;
      o.sharedChannel = sharedChannel;
      o.serverGc = serverGc;
    }
  }

  @Command(name = "fanout", mixinStandardHelpOptions = true,
      description = "N subscribers of a broadcast; publish M small notifications; deliveries/s, completeness, latency percentiles.")
  static final class Fanout extends Base {
    @Option(names = "--subscribers", defaultValue = "1000", description = "subscribers (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--messages", defaultValue = "100", description = "broadcasts to publish (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--rate", defaultValue = "0", description = "publishes per second; 0 = as fast as the server accepts with --max-in-flight in flight (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--warmup", defaultValue = "0", description = "broadcasts published and awaited before the measured ones, then forgotten (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    String scenario() {
      return "fanout";
    }

    @Override
    void apply(ScenarioOptions o) {
      o.warmupMessages = warmup;
      o.streams = subscribers;
      o.messages = messages;
      o.rate = rate;
    }
  }

  @Command(name = "unicast", mixinStandardHelpOptions = true,
      description = "N users each with a stream; publish to random users at R/s for S seconds; latency percentiles, completeness.")
  static final class Unicast extends Base {
    @Option(names = "--users", defaultValue = "1000", description = "users, one stream each (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--rate", defaultValue = "100", description = "publishes per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to publish (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--seed", defaultValue = "42", description = "random seed for the target users (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--warmup", defaultValue = "0", description = "messages published and awaited before the measured ones, then forgotten (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    String scenario() {
      return "unicast";
    }

    @Override
    void apply(ScenarioOptions o) {
      o.warmupMessages = warmup;
      o.streams = users;
      o.rate = rate;
      o.seconds = seconds;
      o.seed = seed;
    }
  }

  @Command(name = "storm", mixinStandardHelpOptions = true,
      description = "N streams get a broadcast at R/s; all drop at once and reconnect with their Last-Event-ID while publishing goes on; "
          + "time to full resume, items lost (must be 0), duplicates.")
  static final class Storm extends Base {
    @Option(names = "--streams", defaultValue = "1000", description = "streams (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--publish-rate", defaultValue = "20", description = "broadcasts per second (default: ${DEFAULT-VALUE})")
    double publishRate;

    @Option(names = "--pre-drop-seconds", defaultValue = "3", description = "publishing before the drop (default: ${DEFAULT-VALUE})")
    double preDropSeconds;

    @Option(names = "--seconds", defaultValue = "7", description = "publishing after the drop (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--reconnect-delay-ms", defaultValue = "0", description = "wait between the drop and the reconnects (default: ${DEFAULT-VALUE})")
    long reconnectDelayMs;

    @Override
    String scenario() {
      return "storm";
    }

    @Override
    void apply(ScenarioOptions o) {
      o.streams = streams;
      o.rate = publishRate;
      o.preDropSeconds = preDropSeconds;
      o.seconds = seconds;
      o.reconnectDelayMs = reconnectDelayMs;
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish API throughput: C calls in flight (keep-alive connections) for a warm-up, then S measured seconds; "
          + "acknowledged notifications/s (items, not calls), calls/s, call latency, errors by status, CPU per notification. "
          + "Herald: B=1 POST /v1/notifications, B>1 POST /v1/notifications/batch (acknowledged: 202 naming an id per notification); "
          + "Nchan: POST /pub/u<i> (acknowledged: 2xx; in memory only, not durable).")
  static final class Publish extends Base {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "10", description = "the measured interval (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "publishing before the measured interval, not counted (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--concurrency", defaultValue = "32", description = "calls in flight, over up to as many keep-alive HTTP/1.1 connections (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--batch", defaultValue = "1", description = "notifications per call: 1 = POST /v1/notifications, more = POST /v1/notifications/batch "
        + "(Herald only) (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--users", defaultValue = "10000", description = "each notification goes to a random user u0..u(U-1); nobody needs to be connected (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--subscribers", defaultValue = "0", description = "if above 0: open streams for u0..u(K-1) first, publish to them only, and check that every "
        + "acknowledged notification arrives exactly once (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--seed", defaultValue = "42", description = "random seed for the target users (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    String scenario() {
      return "publish";
    }

    @Override
    void apply(ScenarioOptions o) {
      o.seconds = seconds;
      o.warmupSeconds = warmupSeconds;
      o.concurrency = concurrency;
      o.batch = batch;
      o.users = users;
      o.subscribers = subscribers;
      o.seed = seed;
      List<ScenarioOptions.TargetKind> targets = compareMode
          ? common.targets.stream().map(ScenarioOptions.TargetKind::parse).toList() : List.of(o.target);
      for (ScenarioOptions.TargetKind t : targets) {
        ScenarioOptions c = o.copy();
        c.target = t;
        try {
          PublishScenario.validate(c);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
  }

  @Command(name = "summarize", mixinStandardHelpOptions = true,
      description = "Medians per target and ratios (first target / second) over result files written with --out "
          + "(single runs or compare runs), e.g. idle runs against freshly started servers.")
  static final class Summarize implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", description = "result JSON files")
    List<Path> files;

    @Option(names = "--out", description = "write the summary as JSON to this file")
    Path out;

    @Option(names = "--html", description = "write an HTML report to this file")
    Path html;

    @Override
    public Integer call() throws Exception {
      List<Result> results = new ArrayList<>();
      for (Path f : files) {
        JsonObject j = new JsonObject(java.nio.file.Files.readString(f));
        if (j.containsKey("runs")) {
          j.getJsonArray("runs").forEach(x -> results.add(Result.fromJson((JsonObject) x)));
        } else {
          results.add(Result.fromJson(j));
        }
      }
      Compare.Outcome o = Compare.summarize(results);
      System.out.print(o.table());
      if (out != null) {
        Report.writeJson(out, o.toJson());
      }
      if (html != null) {
        Report.writeHtml(html, "herald-bench " + o.scenario + " summary", o.runs, o);
      }
      return 0;
    }
  }

  @Command(name = "combine", mixinStandardHelpOptions = true,
      description = "Adds up idle runs made at the same time by several bench processes (one per node of a cluster, "
          + "each under the per-process file limit) into one result: streams, connected, failed, RSS and CPU summed, "
          + "RSS per stream over all of them, and each part's figures (...Node1, ...Node2) in file order.")
  static final class Combine implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", description = "idle result JSON files of one run, one per bench process")
    List<Path> files;

    @Option(names = "--label", description = "the combined result's target name (default: the parts')")
    String label;

    @Option(names = "--out", description = "write the combined result as JSON to this file")
    Path out;

    @Override
    public Integer call() throws Exception {
      List<Result> parts = new ArrayList<>();
      for (Path f : files) {
        parts.add(Result.fromJson(new JsonObject(java.nio.file.Files.readString(f))));
      }
      Result r;
      try {
        r = Combined.idle(parts, label);
      } catch (IllegalArgumentException e) {
        System.err.println("combine: " + e.getMessage());
        return 2;
      }
      System.out.print(r.table());
      if (out != null) {
        Report.writeJson(out, r.toJson());
        System.err.println("wrote " + out);
      }
      return r.complete ? 0 : 3;
    }
  }

  /** For tests: a result's JSON text. */
  static String json(Result r) {
    JsonObject j = r.toJson();
    return j.encode();
  }
}
