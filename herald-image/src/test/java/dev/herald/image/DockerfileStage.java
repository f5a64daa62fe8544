package dev.herald.image;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Dockerfile's last stage says about the image it makes: the settings a container config
 * holds, read from its instructions (continuation lines joined, comments dropped). Only the forms the
 * Dockerfile uses are understood; anything else fails loudly so the test is not fooled.
 */
record DockerfileStage(String from, String user, List<String> exposedPorts, List<String> volumes,
                       Map<String, String> env, List<String> entrypoint, List<String> healthcheck,
                       Map<String, Duration> healthOptions, int healthRetries, Map<String, String> labels) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAIR = Pattern.compile("([A-Za-z0-9_.-]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S+)");
    private static final Pattern OPTION = Pattern.compile("--([a-z-]+)=(\\S+)");

    static DockerfileStage read(Path dockerfile) throws IOException {
        List<String> instructions = instructions(Files.readString(dockerfile));
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                lastFrom = i;
            }
        }
        if (lastFrom < 0) {
            throw new IllegalArgumentException("no FROM in " + dockerfile);
        }
        String from = argument(instructions.get(lastFrom)).split("\\s+")[0];
        String user = null;
        List<String> ports = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        List<String> health = List.of();
        Map<String, Duration> healthOptions = new LinkedHashMap<>();
        int retries = 0;
        for (String instruction : instructions.subList(lastFrom + 1, instructions.size())) {
            String arg = argument(instruction);
            switch (keyword(instruction)) {
                case "USER" -> user = arg;
                case "EXPOSE" -> ports.addAll(Arrays.asList(arg.split("\\s+")));
                case "VOLUME" -> volumes.addAll(jsonArray(arg));
                case "ENV" -> env.putAll(pairs(arg));
                case "LABEL" -> labels.putAll(pairs(arg));
                case "ENTRYPOINT" -> entrypoint = jsonArray(arg);
                case "HEALTHCHECK" -> {
                    int cmd = arg.indexOf("CMD ");
                    Matcher option = OPTION.matcher(arg.substring(0, cmd));
                    while (option.find()) {
                        if (option.group(1).equals("retries")) {
                            retries = Integer.parseInt(option.group(2));
                        } else {
                            healthOptions.put(option.group(1), duration(option.group(2)));
                        }
                    }
                    health = jsonArray(arg.substring(cmd + "CMD ".length()));
                }
                case "COPY", "RUN", "WORKDIR" -> {
                    // files and commands: checked against the image's layers, not its config
                }
                default -> throw new IllegalArgumentException("unexpected instruction in the last stage: " + instruction);
            }
        }
        return new DockerfileStage(from, user, ports, volumes, env, entrypoint, health, healthOptions, retries, labels);
    }

    private static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    private static String keyword(String instruction) {
        return instruction.split("\\s+", 2)[0].toUpperCase();
    }

    private static String argument(String instruction) {
        String[] parts = instruction.split("\\s+", 2);
        return parts.length > 1 ? parts[1].strip() : "";
    }

    private static List<String> jsonArray(String text) {
        try {
            return Arrays.asList(JSON.readValue(text.strip(), String[].class));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON array (exec form): " + text, e);
        }
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2));
        }
        return out;
    }

    private static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("duration " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
