package dev.herald.store.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUrlTest {
    private static final String SECRET = "s3cr3t";

    @Test
    void theLibpqFormBecomesAJdbcUrlWithDecodedCredentials() {
        PostgresUrl url = PostgresUrl.parse("postgresql://herald:p%40ss%2Fw%3Ard+x%C3%A9@db.example.com:5433/notify?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/notify?sslmode=require");
        assertThat(url.user()).isEqualTo("herald");
        assertThat(url.password()).isEqualTo("p@ss/w:rd+xé");
    }

    @Test
    void postgresSchemeOptionalPortNoPasswordIpv6AndSeveralHosts() {
        PostgresUrl plain = PostgresUrl.parse("postgres://app@localhost/herald");
        assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/herald");
        assertThat(plain.user()).isEqualTo("app");
        assertThat(plain.password()).isNull();
        assertThat(PostgresUrl.parse("postgresql://u:p@[::1]:5432/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        assertThat(PostgresUrl.parse("postgresql://u@h1:5432,h2:5433/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db");
        PostgresUrl noCredentials = PostgresUrl.parse("postgresql://h/db");
        assertThat(noCredentials.user()).isNull();
        assertThat(noCredentials.password()).isNull();
    }

    @Test
    void anUnencodedAtInThePasswordStillParses() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u:pa@ss@host/db");
        assertThat(url.password()).isEqualTo("pa@ss");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db");
    }

    @Test
    void theJdbcFormIsUsedAsItIsAndItsPasswordIsRedacted() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h:5432/db?user=app&password=" + SECRET + "&ssl=true");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=" + SECRET + "&ssl=true");
        assertThat(url.user()).isNull();
        assertThat(url.redacted()).isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=***&ssl=true");
        assertThat(url.toString()).doesNotContain(SECRET);
    }

    @Test
    void toStringAndRedactedNeverShowThePassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://app:" + SECRET + "@h/db?password=" + SECRET);
        assertThat(url.toString()).doesNotContain(SECRET).contains("user=app").contains("password=***");
        assertThat(url.redacted()).doesNotContain(SECRET);
        assertThat(url.withParameter("currentSchema", "x").toString()).doesNotContain(SECRET).contains("currentSchema=x");
    }

    @Test
    void withParameterAppendsToEitherForm() {
        assertThat(PostgresUrl.parse("postgresql://u@h/db").withParameter("currentSchema", "s").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?currentSchema=s");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?user=u").withParameter("currentSchema", "s").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?user=u&currentSchema=s");
    }

    @Test
    void missingOrMalformedPartsAreNamedWithoutQuotingThePassword() {
        assertRejected(null, "empty");
        assertRejected("  ", "empty");
        assertRejected("mysql://u:" + SECRET + "@h/db", "must start with");
        assertRejected("u:" + SECRET + "@h/db", "must start with");
        assertRejected("postgresql://u:" + SECRET + "@/db", "no host");
        assertRejected("postgresql://u:" + SECRET + "@h", "no database");
        assertRejected("postgresql://u:" + SECRET + "@h:5432/", "no database");
        assertRejected("postgresql://u:" + SECRET + "@h:99999/db", "host or port");
        assertRejected("postgresql://u:" + SECRET + "@h:port/db", "host or port");
        assertRejected("postgresql://u:" + SECRET + "%zz@h/db", "%-escape in the password");
        assertRejected("postgresql://u:" + SECRET + "%C3@h/db", "not UTF-8");
        assertRejected("postgresql://:" + SECRET + "@h/db", "empty user");
        assertRejected("jdbc:postgresql:", "no host");
    }

    private static void assertRejected(String url, String reason) {
        assertThatThrownBy(() -> PostgresUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
}
