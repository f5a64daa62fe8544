package dev.herald.server.push;

/**
 * Prints a new VAPID key pair as two settings lines, for a config file or a cluster's environment:
 * {@code java -cp herald.jar dev.herald.server.push.GenerateVapidKeys}. Every node of a cluster must be
 * given the same pair.
 */
public final class GenerateVapidKeys {
    private GenerateVapidKeys() {
    }

    public static void main(String[] args) {
        System.out.println(VapidKeys.generateText());
    }
}
