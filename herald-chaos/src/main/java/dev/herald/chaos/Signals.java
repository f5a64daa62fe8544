package dev.herald.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs small system commands (kill, pg_ctl, mount) and waits for them, with a bound. */
final class Signals {
    private Signals() {
    }

    static void send(String signal, long pid) {
        run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** Runs the command, returns its exit status (-1 if it could not run or timed out); output is dropped. */
    static int run(List<String> command) {
        return run(command, 120);
    }

    static int run(List<String> command, int timeoutSeconds) {
        return run(command, timeoutSeconds, ProcessBuilder.Redirect.DISCARD);
    }

    /** Like {@link #run(List, int)}, its output appended to {@code log}. */
    static int run(List<String> command, int timeoutSeconds, java.nio.file.Path log) {
        return run(command, timeoutSeconds, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static int run(List<String> command, int timeoutSeconds, ProcessBuilder.Redirect output) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs the command as {@code user} when we are root (PostgreSQL refuses to run as root). */
    static List<String> as(String user, List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        out.addAll(command);
        return out;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
