package dev.herald.server.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code herald.jar} as a real process (for the {@code *IT} tests): started with a clean
 * environment plus the given one, its output collected line by line as it comes. Its classes come
 * from a class-data archive recorded once per jar ({@link HubClassArchive}), and it runs with C1 only
 * ({@link #C1_ONLY}): together they take a start from ~5.3 s to ~1.6 s of CPU.
 */
public final class HubProcess implements AutoCloseable {
    /** Set by failsafe to the jar {@code package} built. */
    public static final String JAR = System.getProperty("herald.jar", "target/herald.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    /**
     * The JIT for test hubs: C1 only. A test hub lives seconds to a minute, and C2 compiling its hot
     * paths cost it more CPU than C2's faster code gave back: a start takes ~1 s less CPU, and
     * OutboxIngestIT, MainIT and StartupIT together 20 % less CPU and 35 % less time on a loaded
     * 2-core machine. What the ITs check (restarts, kill -9, clusters, settings, limits) does not
     * depend on the compiler; the product code still runs under C2 in the unit tests' in-process hubs
     * (the test JVM keeps the default JIT). A test that passes its own JIT option keeps it.
     */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private HubProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out);
        this.errReader = collect(process.getErrorStream(), err);
    }

    /** Starts {@code java -jar herald.jar args} in {@code workDir}; inherited HERALD_* variables are removed. */
    public static HubProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, List.of(), args);
    }

    /** Like {@link #start(Path, Map, String...)} with JVM options (e.g. {@code -Xmx256m}) before {@code -jar}. */
    public static HubProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        return launch(workDir, env, java(jvmOptions, args));
    }

    /**
     * Like {@link #start(Path, Map, List, String...)} under a per-process limit of open files
     * ({@code ulimit -n}), set by a shell that then becomes the JVM.
     */
    public static HubProcess startWithOpenFileLimit(Path workDir, Map<String, String> env, int openFiles,
                                                    List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"));
        cmd.addAll(java(jvmOptions, args));
        return launch(workDir, env, cmd);
    }

    private static List<String> java(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(jvmOptions));
        cmd.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The JVM options a test hub starts with: the class-data archive and {@link #C1_ONLY}, unless
     * {@code own} chooses otherwise, then {@code own}. For tests that launch the jar through a script
     * ({@code HERALD_JAVA_OPTS}).
     */
    public static List<String> jvmOptions(List<String> own) {
        List<String> out = new ArrayList<>();
        if (!HubClassArchive.chosenIn(own)) {
            out.addAll(HubClassArchive.options());
        }
        if (own.stream().noneMatch(o -> o.contains("Tiered") || o.contains("CICompiler"))) {
            out.add(C1_ONLY);
        }
        out.addAll(own);
        return out;
    }

    private static HubProcess launch(Path workDir, Map<String, String> env, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        pb.environment().putAll(env);
        return new HubProcess(pb.start());
    }

    public Process process() {
        return process;
    }

    /** Lines printed on stdout so far (the banner). */
    public List<String> out() {
        return out;
    }

    /** Lines printed on stderr so far (the log). */
    public List<String> err() {
        return err;
    }

    /** Waits for the banner and returns the port it names. */
    public int awaitPort(Duration timeout) {
        await().atMost(timeout).until(() -> out.stream().anyMatch(l -> LISTENING.matcher(l).find())
                || !process.isAlive());
        for (String line : out) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the hub did not start; stderr:\n" + String.join("\n", err));
    }

    /** Waits for the process to end and for all its output to be read; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the hub did not exit within " + timeout);
        }
        outReader.join(timeout.toMillis());
        errReader.join(timeout.toMillis());
        return process.exitValue();
    }

    /**
     * SIGTERM, as an orchestrator stops a node: it drains and exits (status 143). Through the
     * process handle, because {@link Process#destroy()} would also close our ends of its output
     * pipes and lose what it logs while it stops.
     */
    public void sigterm() {
        process.toHandle().destroy();
    }

    /** {@code kill -9}: the process gets no chance to flush, commit or say goodbye. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor();
    }

    /** Kills the process if it still runs and waits for it, so nothing it held outlives the test. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread collect(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "hub-process-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
