package dev.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code PUT /v1/me/preferences}: any bytes are one preferences change or a typed refusal (see
 * {@link BodyFuzz}). An accepted change names only well-formed types and categories, at most 100 of
 * each without repeats, and written back as a body it is accepted as the very same change.
 */
class PreferencesFuzzTest {

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "/dev/herald/server/http/herald-bodies.dict")
    void anyBodyIsOnePreferencesChangeOrATypedRefusal(byte[] body) {
        JsonNode tree = BodyFuzz.tree(body);
        if (tree == null) {
            return;
        }
        PreferencesParser.Preferences prefs = BodyFuzz.acceptedOrRefused(() -> PreferencesParser.parse(tree));
        if (prefs == null) {
            return;
        }
        assertThat(prefs.mutedTypes() != null || prefs.mutedCategories() != null || prefs.push() != null).isTrue();
        for (List<String> names : new List[]{prefs.mutedTypes(), prefs.mutedCategories()}) {
            if (names != null) {
                assertThat(names).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(PreferencesParser.MAX_MUTED_TYPES)
                        .allMatch(EventNames::isWellFormed);
            }
        }
        ObjectNode again = Json.MAPPER.createObjectNode();
        if (prefs.mutedTypes() != null) {
            again.set("mutedTypes", Json.MAPPER.valueToTree(prefs.mutedTypes()));
        }
        if (prefs.mutedCategories() != null) {
            again.set("mutedCategories", Json.MAPPER.valueToTree(prefs.mutedCategories()));
        }
        if (prefs.push() != null) {
            again.put("push", prefs.push());
        }
        assertThat(PreferencesParser.parse(BodyFuzz.reread(Json.bytes(again)))).isEqualTo(prefs);
    }
}
