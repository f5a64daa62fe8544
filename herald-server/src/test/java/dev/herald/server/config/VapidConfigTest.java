package dev.herald.server.config;

import dev.herald.server.push.VapidKeys;
import dev.herald.server.support.TestVapid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HERALD_VAPID_*: generated once and kept like the API key, or given, checked, and required in a cluster. */
class VapidConfigTest {
    @TempDir
    Path dir;

    private HeraldConfig load(Map<String, String> env) {
        return new ConfigLoader().load(new String[] {"--data-dir", dir.toString()}, env);
    }

    @Test
    void aZeroConfigHubGeneratesItsKeysOnceAndKeepsThemOwnerOnly() throws Exception {
        HeraldConfig first = load(Map.of());
        HeraldConfig second = load(Map.of());

        Path file = dir.resolve("vapid-keys");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(second.vapid().publicKeyText()).isEqualTo(first.vapid().publicKeyText());
        assertThat(first.vapid().publicKeyText()).matches("B[A-Za-z0-9_-]{86}");
        assertThat(first.vapid().subject()).isEqualTo("mailto:webpush@herald.invalid");
        // The file's lines are settings: an operator moving to a cluster copies them into its config.
        String text = Files.readString(file);
        assertThat(text).startsWith("HERALD_VAPID_PUBLIC_KEY=" + first.vapid().publicKeyText() + "\nHERALD_VAPID_PRIVATE_KEY=");
        String privateKey = text.substring(text.lastIndexOf('=') + 1).trim();
        assertThat(first.toString()).doesNotContain(privateKey).contains(first.vapid().fingerprint());
        assertThat(first.vapid().toString()).doesNotContain(privateKey);
    }

    @Test
    void givenKeysAndSubjectAreUsed() {
        HeraldConfig c = load(TestVapid.env());

        assertThat(c.vapid().publicKeyText()).isEqualTo(TestVapid.PUBLIC_KEY);
        assertThat(c.vapid().subject()).isEqualTo(TestVapid.SUBJECT);
        assertThat(Files.exists(dir.resolve("vapid-keys"))).isFalse();
        assertThat(load(Map.of("HERALD_VAPID_SUBJECT", "https://example.com/contact")).vapid().subject())
                .isEqualTo("https://example.com/contact");
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefusedWithoutEchoingTheKeys() {
        Map<String, String> env = new HashMap<>(TestVapid.env());
        String otherPublic = VapidKeys.generateText().lines().findFirst().orElseThrow().split("=", 2)[1];
        env.put("HERALD_VAPID_PUBLIC_KEY", otherPublic);

        assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HERALD_VAPID_PUBLIC_KEY").hasMessageContaining("does not belong to the private key")
                .hasMessageNotContaining(TestVapid.PRIVATE_KEY).hasMessageNotContaining(otherPublic);
    }

    @Test
    void malformedKeysOneKeyAloneAndABadSubjectAreRefused() {
        Map<String, String> badPrivate = new HashMap<>(TestVapid.env());
        badPrivate.put("HERALD_VAPID_PRIVATE_KEY", "not-a-key-but-a-secret-looking-thing");
        assertThatThrownBy(() -> load(badPrivate)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("private key is not").hasMessageNotContaining("secret-looking");

        Map<String, String> badPublic = new HashMap<>(TestVapid.env());
        badPublic.put("HERALD_VAPID_PUBLIC_KEY", TestVapid.PUBLIC_KEY.substring(0, 80) + "AAAAAAA");
        assertThatThrownBy(() -> load(badPublic)).isInstanceOf(ConfigException.class).hasMessageContaining("public key is not");

        assertThatThrownBy(() -> load(Map.of("HERALD_VAPID_PRIVATE_KEY", TestVapid.PRIVATE_KEY)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_VAPID_PUBLIC_KEY (--vapid-public-key) is needed")
                .hasMessageNotContaining(TestVapid.PRIVATE_KEY);
        assertThatThrownBy(() -> load(Map.of("HERALD_VAPID_PUBLIC_KEY", TestVapid.PUBLIC_KEY)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_VAPID_PRIVATE_KEY (--vapid-private-key) is needed");
        for (String subject : new String[] {"ops@example.com", "http://example.com", "mailto:", "mailto:a b@example.com"}) {
            assertThatThrownBy(() -> load(Map.of("HERALD_VAPID_SUBJECT", subject))).as(subject)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("invalid configuration: HERALD_VAPID_SUBJECT");
        }
    }

    @Test
    void aDamagedKeyFileStopsTheStartInsteadOfMakingNewKeys() throws Exception {
        Files.writeString(dir.resolve("vapid-keys"), "HERALD_VAPID_PUBLIC_KEY=x\n");

        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vapid-keys").hasMessageContaining("remove it");
    }
}
