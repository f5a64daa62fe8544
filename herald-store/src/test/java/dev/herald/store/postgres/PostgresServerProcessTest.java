package dev.herald.store.postgres;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RequiresPostgres
class PostgresServerProcessTest {

    @Test
    void stopsAndStartsAgainOnTheSamePortKeepingItsData() throws IOException, SQLException {
        Path dir;
        int port;
        try (PostgresServerProcess pg = new PostgresServerProcess()) {
            port = pg.port();
            dir = pg.dir();
            assertThat(port).isNotEqualTo(5432);
            assertThat(pg.url()).isEqualTo("postgresql://postgres@127.0.0.1:" + port + "/test");
            assertThat(PostgresUrl.parse(pg.url()).jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/test");
            assertThat(pg.isRunning()).isTrue();
            assertThat(selectOne(port)).isEqualTo(1);
            execute(port, "CREATE TABLE survives (n int); INSERT INTO survives VALUES (7)");

            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> selectOne(port)).isInstanceOf(SQLException.class);

            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(pg.isRunning()).isTrue();
            assertThat(selectOne(port)).isEqualTo(1);
            assertThat(query(port, "SELECT n FROM survives")).isEqualTo(7);

            pg.close();
            assertThat(pg.isRunning()).isFalse();
        } // the second close
        assertThatThrownBy(() -> selectOne(port)).isInstanceOf(SQLException.class);
        assertThat(dir).doesNotExist();
    }

    private static int selectOne(int port) throws SQLException {
        return query(port, "SELECT 1");
    }

    private static int query(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static void execute(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&connectTimeout=2");
    }
}
