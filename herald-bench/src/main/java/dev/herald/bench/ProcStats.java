package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a process's RSS and CPU time from /proc (Linux). */
public final class ProcStats {
  private static final long CLK_TCK = clockTicks();

  private ProcStats() {
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      long v = Long.parseLong(out);
      return v > 0 ? v : 100;
    } catch (Exception e) {
      return 100;
    }
  }

  /** Resident set size in bytes (VmRSS), or -1 when unavailable. */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return -1;
  }

  /** Sum of rssBytes over pids; -1 if any is unavailable. */
  public static long rssBytes(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      long r = rssBytes(pid);
      if (r < 0) {
        return -1;
      }
      sum += r;
    }
    return pids.isEmpty() ? -1 : sum;
  }

  /** utime + stime of the process in seconds, or NaN when unavailable. */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return parseCpuTicks(stat) / (double) CLK_TCK;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Sum of cpuSeconds over pids; NaN if any is unavailable or the list is empty. */
  public static double cpuSeconds(List<Long> pids) {
    if (pids.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (long pid : pids) {
      sum += cpuSeconds(pid);
    }
    return sum;
  }

  /**
   * CPU seconds of each root and all its descendants, exited ones included: the sum over the live
   * processes of the trees of utime + stime + cutime + cstime (a child's CPU moves into its parent's
   * cutime/cstime when the parent reaps it, so nothing is lost or counted twice). For a PostgreSQL
   * postmaster that is every backend and background worker. NaN when the list is empty or a root is
   * gone.
   */
  public static double treeCpuSeconds(List<Long> roots) {
    if (roots.isEmpty()) {
      return Double.NaN;
    }
    java.util.Map<Long, java.util.List<Long>> children = new java.util.HashMap<>();
    java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
    try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.forEach(d -> {
        String name = d.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          return;
        }
        try {
          long[] f = parseTreeFields(Files.readString(d.resolve("stat")));
          long pid = Long.parseLong(name);
          children.computeIfAbsent(f[0], k -> new java.util.ArrayList<>()).add(pid);
          ticks.put(pid, f[1]);
        } catch (IOException | RuntimeException e) {
          // exited meanwhile
        }
      });
    } catch (IOException e) {
      return Double.NaN;
    }
    long sum = 0;
    java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (long r : roots) {
      if (!ticks.containsKey(r)) {
        return Double.NaN;
      }
      todo.add(r);
    }
    while (!todo.isEmpty()) {
      long p = todo.poll();
      if (!seen.add(p)) {
        continue;
      }
      sum += ticks.getOrDefault(p, 0L);
      todo.addAll(children.getOrDefault(p, java.util.List.of()));
    }
    return sum / (double) CLK_TCK;
  }

  /** {ppid, utime + stime + cutime + cstime} from the text of /proc/PID/stat (fields 4, 14 to 17). */
  static long[] parseTreeFields(String stat) {
    int close = stat.lastIndexOf(')');
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    return new long[] {Long.parseLong(f[1]),
        Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
  }

  /** utime + stime in clock ticks from the text of /proc/PID/stat (fields 14 and 15). */
  static long parseCpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** This process's pid. */
  public static long self() {
    return ProcessHandle.current().pid();
  }
}
