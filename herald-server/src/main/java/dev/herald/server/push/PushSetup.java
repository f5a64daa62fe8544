package dev.herald.server.push;

import dev.herald.core.push.PushSender;
import dev.herald.server.config.HeraldConfig;

/**
 * The node's Web Push sender.
 *
 * <p>INTERIM (branch i15-subs): a fresh VAPID key pair per start, so delivery runs end to end before
 * the VAPID settings (HERALD_VAPID_PUBLIC_KEY / _PRIVATE_KEY / _SUBJECT, saved in the data dir, equal
 * on every node) are wired by branch i15-crypto; at that merge this method takes the configured keys.
 * With per-start keys a real browser's subscription stops working after a restart.
 */
public final class PushSetup {
    private static final String INTERIM_SUBJECT = "mailto:herald@localhost";

    private PushSetup() {
    }

    public static PushSender sender(HeraldConfig config) {
        return new WebPushSender(VapidKeys.fromText(VapidKeys.generateText(), INTERIM_SUBJECT));
    }
}
