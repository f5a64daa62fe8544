package dev.herald.server;

import java.util.Map;

/** {@link DurabilityChecks} on the embedded SQLite store (the zero-configuration default). */
class DurabilitySqliteIT extends DurabilityChecks {
    @Override
    protected Map<String, String> storeEnvironment() {
        return Map.of();
    }
}
