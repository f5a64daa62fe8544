package dev.herald.server.push;

import dev.herald.core.push.PushSender;
import dev.herald.server.config.HeraldConfig;

/** The node's Web Push sender, signing with the configured (or generated and saved) VAPID keys. */
public final class PushSetup {
    private PushSetup() {
    }

    public static PushSender sender(HeraldConfig config) {
        return new WebPushSender(config.vapid());
    }
}
