package dev.herald.server.auth;

import dev.herald.core.keys.KeyServer;
import dev.herald.core.keys.TokenKeys;
import dev.herald.core.keys.TokenKeysContract;
import dev.herald.server.config.JwksSettings;
import dev.herald.server.support.JwksServer;

import java.time.Duration;

/** The JWKS key source against a real local HTTP server, through the shared contract. */
class JwksTokenKeysTest extends TokenKeysContract {
    @Override
    protected KeyServer startServer() {
        return JwksServer.start();
    }

    @Override
    protected TokenKeys create(KeyServer server, Duration refreshInterval) {
        JwksSettings settings = JwksSettings.of(((JwksServer) server).url(), null, null, "sub")
                .withRefreshInterval(refreshInterval);
        return new JwksTokenKeys(settings);
    }
}
