package dev.herald.server.support;

import dev.herald.server.http.Json;
import dev.herald.server.support.TestHub.StoreKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the {@code *Checks} classes that run once per store: one hub on {@link #store()} for the
 * whole class, started before its first test and closed after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PerStoreHub {
    protected TestHub hub;

    /** The store this run of the checks uses (a subclass per store picks it). */
    protected abstract StoreKind store();

    @BeforeAll
    void startHub() {
        hub = TestHub.start(store());
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    /** Publishes a plain notification (type {@code t}) to one user and returns its id. */
    protected String notify(String user, String title) {
        return hub.publishId("/v1/notifications",
                "{\"userId\":" + Json.string(user) + ",\"type\":\"t\",\"title\":" + Json.string(title) + "}");
    }

    /** The ids of the user's inbox page for {@code query} (e.g. {@code "?archived=true"}), newest first; the page must be a 200. */
    protected List<String> ids(String user, String query) {
        HttpResponse<String> r = hub.asUser(user, "GET", "/v1/me/notifications" + query, null);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        TestHub.json(r).get("items").forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    /** A 404 with the catalogue's not_found code. */
    protected static void assertNotFound(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(TestHub.json(r).get("error").get("code").asText()).isEqualTo("not_found");
    }
}
