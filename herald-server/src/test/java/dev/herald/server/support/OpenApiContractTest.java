package dev.herald.server.support;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle itself: exchanges that break docs/openapi.yaml in each way it checks are caught, and
 * the ones that keep it pass. Without this a checker that accepted everything would look like a
 * contract that always holds.
 */
class OpenApiContractTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.get();
    private static final String ERROR_401 = "{\"error\":{\"code\":\"missing_credentials\",\"message\":\"send a key\"}}";
    private static final String PRESENCE = "{\"userId\":\"alice\",\"connections\":2,\"online\":true}";

    private static Map<String, String> headers(String... nameValues) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            out.put(nameValues[i], nameValues[i + 1]);
        }
        return out;
    }

    private static final Map<String, String> KEY = headers("Authorization", "Bearer some-key");

    private static List<String> check(String method, String path, String query, Map<String, String> requestHeaders,
                                      String requestBody, int status, Map<String, String> replyHeaders, String body) {
        return CONTRACT.violations(new Exchange(method, path, query, requestHeaders, requestBody, status, replyHeaders, body));
    }

    private static Map<String, String> json() {
        return headers("Content-Type", "application/json");
    }

    private static Map<String, String> error401() {
        return headers("Content-Type", "application/json", "Cache-Control", "no-store", "WWW-Authenticate", "Bearer");
    }

    @Test
    void aReplyAsSpecifiedHolds() {
        assertThat(check("GET", "/v1/users/alice/presence", null, KEY, null, 200, json(), PRESENCE)).isEmpty();
        assertThat(check("GET", "/v1/stats", null, headers(), null, 401, error401(), ERROR_401)).isEmpty();
    }

    @Test
    void aDrainingHealthIsA503WithTheHealthBodyNotAnError() {
        String draining = "{\"status\":\"draining\",\"nodeId\":\"n1\",\"store\":\"ok\",\"bus\":\"ok\",\"connections\":0,\"reasons\":[]}";
        assertThat(check("GET", "/health", null, headers(), null, 503, json(), draining)).isEmpty();
        assertThat(check("GET", "/health", null, headers(), null, 503, json(), draining.replace("draining", "sleeping")))
                .anyMatch(v -> v.contains("status"));
    }

    @Test
    void aStatusTheRouteDoesNotDeclareIsCaught() {
        assertThat(check("GET", "/v1/users/alice/presence", null, KEY, null, 418, json(), "{}"))
                .anyMatch(v -> v.contains("status 418 is not declared"));
    }

    @Test
    void aBodyThatBreaksItsSchemaIsCaught() {
        String missingField = "{\"userId\":\"alice\",\"connections\":2}";
        String extraField = "{\"userId\":\"alice\",\"connections\":2,\"online\":true,\"node\":\"n1\"}";
        assertThat(check("GET", "/v1/users/alice/presence", null, KEY, null, 200, json(), missingField))
                .anyMatch(v -> v.contains("online"));
        assertThat(check("GET", "/v1/users/alice/presence", null, KEY, null, 200, json(), extraField))
                .anyMatch(v -> v.contains("node"));
    }

    @Test
    void aWrongContentTypeOrAMissingRequiredHeaderIsCaught() {
        assertThat(check("GET", "/v1/users/alice/presence", null, KEY, null, 200, headers("Content-Type", "text/html"), PRESENCE))
                .anyMatch(v -> v.contains("Content-Type text/html"));
        assertThat(check("GET", "/v1/stats", null, headers(), null, 401, json(), ERROR_401))
                .anyMatch(v -> v.contains("WWW-Authenticate"));
    }

    @Test
    void anErrorCodeUnderTheWrongStatusOrOutsideTheRoutesCodesIsCaught() {
        String tokenExpired = "{\"error\":{\"code\":\"token_expired\",\"message\":\"expired\"}}";
        // A publisher route never answers token_expired, and the catalogue gives not_found 404.
        assertThat(check("GET", "/v1/stats", null, headers(), null, 401, error401(), tokenExpired)).isNotEmpty();
        String notFound = "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}";
        assertThat(check("GET", "/v1/stats", null, headers(), null, 401, error401(), notFound))
                .anyMatch(v -> v.contains("belongs with status 404"));
    }

    @Test
    void aRequestTheHubAcceptedMustBeOneTheSpecAllows() {
        String accepted = "{\"id\":\"abc123-7\",\"recipients\":1}";
        Map<String, String> request = headers("Authorization", "Bearer k", "Content-Type", "application/json");
        assertThat(check("POST", "/v1/notifications", null, request, "{\"userId\":\"a\",\"type\":\"t\",\"title\":\"x\"}",
                202, json(), accepted)).isEmpty();
        assertThat(check("POST", "/v1/notifications", null, request, "{\"userId\":\"a\",\"type\":\"t\",\"titel\":\"x\"}",
                202, json(), accepted)).anyMatch(v -> v.startsWith("request body"));
        assertThat(check("GET", "/v1/me/notifications", "limit=500", headers("Authorization", "Bearer jwt"), null, 200,
                headers("Content-Type", "application/json", "Cache-Control", "no-store"),
                "{\"items\":[],\"unreadCount\":0,\"nextBefore\":null}"))
                .anyMatch(v -> v.contains("query parameter limit"));
        assertThat(check("GET", "/v1/stats", null, headers(), null, 200, json(), "{}"))
                .anyMatch(v -> v.contains("security requirements"));
    }

    @Test
    void aRefusedRequestIsNotHeldToTheSpecButItsReplyIs() {
        String invalid = "{\"error\":{\"code\":\"validation_failed\",\"message\":\"unknown field 'titel'\"}}";
        Map<String, String> request = headers("Authorization", "Bearer k", "Content-Type", "application/json");
        assertThat(check("POST", "/v1/notifications", null, request, "{\"titel\":1}", 422,
                headers("Content-Type", "application/json", "Cache-Control", "no-store"), invalid)).isEmpty();
    }

    @Test
    void unknownPathsAndUndeclaredMethodsMayOnlyBe404Or405() {
        String notFound = "{\"error\":{\"code\":\"not_found\",\"message\":\"no such resource\"}}";
        Map<String, String> errorHeaders = headers("Content-Type", "application/json", "Cache-Control", "no-store");
        assertThat(check("GET", "/nope", null, headers(), null, 404, errorHeaders, notFound)).isEmpty();
        assertThat(check("GET", "/nope", null, headers(), null, 200, json(), "{}"))
                .anyMatch(v -> v.contains("no path of the spec matches"));
        String notAllowed = "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"no\"}}";
        assertThat(check("DELETE", "/v1/stream", null, headers(), null, 405, errorHeaders, notAllowed)).isEmpty();
        assertThat(check("DELETE", "/v1/stream", null, headers(), null, 200, json(), "{}"))
                .anyMatch(v -> v.contains("DELETE is not declared"));
    }
}
