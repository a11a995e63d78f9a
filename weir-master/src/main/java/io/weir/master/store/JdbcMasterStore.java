package io.weir.master.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.weir.core.json.Json;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobState;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;
import io.weir.master.job.ClusterRecord;
import io.weir.master.job.JobRecord;
import io.weir.master.job.WorkerRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store on JDBC: H2 (embedded file database) or PostgreSQL, schema kept by Flyway migrations, pooled by HikariCP. */
public final class JdbcMasterStore implements MasterStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcMasterStore.class);

    private static final String H2_FILE = "jdbc:h2:file:";
    private static final String H2_NAME = "weir";
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final String JOB_COLUMNS = "job_id, cluster, job_number, state, definition, submitted_at, ended_at, reason";
    private static final String WORKER_COLUMNS = "job_id, worker_number, stage, worker_index, state, host, ports, "
            + "task_executor_id, resubmit_of, resubmit_count, reason, accepted_at, started_at, ended_at, failure_kind";

    private final HikariDataSource dataSource;
    private final ObjectMapper json = Json.lenient();
    private final long epoch;

    private JdbcMasterStore(HikariDataSource dataSource, long epoch) {
        this.dataSource = dataSource;
        this.epoch = epoch;
    }

    /**
     * Opens the database at {@code url}, migrating its schema to the current version. An embedded H2 file is compacted
     * first (see {@link #h2Url}); one that cannot be opened is reported as damaged, never replaced by an empty one.
     */
    public static JdbcMasterStore open(String url, String user, String password) {
        if (url.startsWith(H2_FILE)) {
            compactH2(url, user, password);
        }
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("weir-store");
        config.setAutoCommit(false);
        var ds = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        long epoch;
        try {
            epoch = takeOwnership(ds);
        } catch (SQLException e) {
            ds.close();
            throw new StoreException("store ownership cannot be taken: " + e.getMessage(), e);
        }
        log.info("Store ready at {} (owner epoch {})", redact(url), epoch);
        return new JdbcMasterStore(ds, epoch);
    }

    /**
     * The JDBC URL of the embedded H2 file database in {@code dataDir}. Every commit is written before it is acknowledged
     * (WRITE_DELAY=0), always at the end of the file (REUSE_SPACE=FALSE): a commit written into reused space was not found
     * again after a kill -9, and H2 silently rolled back to an older version. The file grows with every change until the
     * next start, which compacts it ({@link #open}).
     */
    public static String h2Url(java.nio.file.Path dataDir) {
        return H2_FILE + dataDir.toAbsolutePath().resolve(H2_NAME) + ";WRITE_DELAY=0;REUSE_SPACE=FALSE";
    }

    /** The H2 database file of {@code dataDir}. */
    public static java.nio.file.Path h2File(java.nio.file.Path dataDir) {
        return dataDir.toAbsolutePath().resolve(H2_NAME + ".mv.db");
    }

    private static void compactH2(String url, String user, String password) {
        var file = java.nio.file.Path.of(url.substring(H2_FILE.length(), url.indexOf(';') < 0 ? url.length() : url.indexOf(';')) + ".mv.db");
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        try {
            long before = java.nio.file.Files.size(file);
            long start = System.nanoTime();
            try (var c = java.sql.DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
                st.execute("SHUTDOWN COMPACT");
            }
            log.info("Compacted the store {} from {} KB to {} KB in {} ms", file, before / 1024, java.nio.file.Files.size(file) / 1024,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_IN_USE) {
                throw new StoreException("the store " + file + " is in use by another process (another master on this data"
                        + " directory?): stop it, or give this master another --data-dir", e);
            }
            throw new StoreException("the store " + file + " cannot be opened; it may be damaged (" + e.getMessage()
                    + "): restore it from a backup, or move it away to start with an empty store", e);
        } catch (java.io.IOException e) {
            throw new StoreException("the store " + file + " cannot be opened; it may be damaged (" + e.getMessage()
                    + "): restore it from a backup, or move it away to start with an empty store", e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void write(StoreBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            try (var statements = new BatchedStatements(c)) {
                checkOwnership(c);
                for (var change : batch.changes()) {
                    apply(c, statements, change);
                }
                statements.flush();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        }
    }

    private void apply(Connection c, BatchedStatements statements, StoreBatch.Change change) throws SQLException {
        switch (change) {
            case StoreBatch.InsertCluster(ClusterRecord r) -> cluster(statements.get(
                    "INSERT INTO job_clusters (definition, last_job_number, created_at, updated_at, name) VALUES (?, ?, ?, ?, ?)",
                    "cluster " + r.name()), r);
            case StoreBatch.UpdateCluster(ClusterRecord r) -> cluster(statements.get(
                    "UPDATE job_clusters SET definition = ?, last_job_number = ?, created_at = ?, updated_at = ? WHERE name = ?",
                    "cluster " + r.name()), r);
            case StoreBatch.DeleteCluster(String name) -> {
                statements.flush();
                execute(c, "DELETE FROM workers WHERE job_id IN (SELECT job_id FROM jobs WHERE cluster = ?)", name);
                execute(c, "DELETE FROM jobs WHERE cluster = ?", name);
                execute(c, "DELETE FROM job_clusters WHERE name = ?", name);
            }
            case StoreBatch.InsertJob(JobRecord j) -> job(statements.get(
                    "INSERT INTO jobs (cluster, job_number, state, definition, submitted_at, ended_at, reason, job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    "job " + j.jobId()), j);
            case StoreBatch.UpdateJob(JobRecord j) -> job(statements.get(
                    "UPDATE jobs SET cluster = ?, job_number = ?, state = ?, definition = ?, submitted_at = ?, ended_at = ?, reason = ? WHERE job_id = ?",
                    "job " + j.jobId()), j);
            case StoreBatch.InsertWorker(WorkerRecord w) -> worker(statements.get(
                    "INSERT INTO workers (stage, worker_index, state, host, ports, task_executor_id, resubmit_of, resubmit_count, reason, "
                            + "accepted_at, started_at, ended_at, failure_kind, job_id, worker_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "worker " + w), w);
            case StoreBatch.UpdateWorker(WorkerRecord w) -> worker(statements.get(
                    "UPDATE workers SET stage = ?, worker_index = ?, state = ?, host = ?, ports = ?, task_executor_id = ?, resubmit_of = ?, "
                            + "resubmit_count = ?, reason = ?, accepted_at = ?, started_at = ?, ended_at = ?, failure_kind = ? "
                            + "WHERE job_id = ? AND worker_number = ?",
                    "worker " + w), w);
        }
    }

    /** Takes the next epoch of the store's lease: from now on, writes of any master holding an older one are refused. */
    private static long takeOwnership(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (var up = c.prepareStatement("UPDATE master_lease SET epoch = epoch + 1, owner = ?, acquired_at = ? WHERE id = 1")) {
                up.setString(1, ProcessHandle.current().pid() + "@" + hostName());
                up.setLong(2, System.currentTimeMillis());
                up.executeUpdate();
            }
            long epoch;
            try (var q = c.prepareStatement("SELECT epoch FROM master_lease WHERE id = 1"); var rs = q.executeQuery()) {
                rs.next();
                epoch = rs.getLong(1);
            }
            c.commit();
            return epoch;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Fails the transaction unless this master still owns the store (a row lock, so owners' writes never interleave). */
    private void checkOwnership(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE master_lease SET epoch = epoch WHERE id = 1 AND epoch = ?")) {
            ps.setLong(1, epoch);
            if (ps.executeUpdate() != 1) {
                throw new StoreFencedException("another master has taken over this store (this master's epoch is " + epoch
                        + "); this master changes nothing more: stop it");
            }
        }
    }

    /**
     * Runs consecutive changes of the same kind as one JDBC batch (a 10,000-worker submit is one round trip, not
     * 10,000); every row must change exactly one row.
     */
    private static final class BatchedStatements implements AutoCloseable {
        private final Connection connection;
        private final List<String> rows = new ArrayList<>();
        private String sql;
        private PreparedStatement current;

        BatchedStatements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement get(String nextSql, String row) throws SQLException {
            if (!nextSql.equals(sql)) {
                flush();
                current = connection.prepareStatement(nextSql);
                sql = nextSql;
            }
            rows.add(row);
            return current;
        }

        void flush() throws SQLException {
            if (current == null) {
                return;
            }
            int[] counts = current.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1 && counts[i] != java.sql.Statement.SUCCESS_NO_INFO) {
                    throw new SQLException(rows.get(i) + ": expected 1 row changed, got " + counts[i]);
                }
            }
            current.close();
            current = null;
            sql = null;
            rows.clear();
        }

        @Override
        public void close() throws SQLException {
            if (current != null) {
                current.close();
            }
        }
    }

    private void cluster(PreparedStatement ps, ClusterRecord r) throws SQLException {
        ps.setString(1, toJson(r.definition()));
        ps.setLong(2, r.lastJobNumber());
        ps.setLong(3, r.createdAt());
        ps.setLong(4, r.updatedAt());
        ps.setString(5, r.name());
        ps.addBatch();
    }

    private void job(PreparedStatement ps, JobRecord j) throws SQLException {
        ps.setString(1, j.cluster());
        ps.setLong(2, j.jobNumber());
        ps.setString(3, j.state().name());
        ps.setString(4, toJson(j.definition()));
        ps.setLong(5, j.submittedAt());
        setLong(ps, 6, j.endedAt());
        ps.setString(7, j.reason());
        ps.setString(8, j.jobId());
        ps.addBatch();
    }

    private void worker(PreparedStatement ps, WorkerRecord w) throws SQLException {
        ps.setInt(1, w.stage());
        ps.setInt(2, w.workerIndex());
        ps.setString(3, w.state().name());
        ps.setString(4, w.host());
        ps.setString(5, toJson(w.ports()));
        ps.setString(6, w.taskExecutorId());
        if (w.resubmitOf() == null) {
            ps.setNull(7, Types.BIGINT);
        } else {
            ps.setLong(7, w.resubmitOf());
        }
        ps.setInt(8, w.resubmitCount());
        ps.setString(9, w.reason());
        ps.setLong(10, w.acceptedAt());
        setLong(ps, 11, w.startedAt());
        setLong(ps, 12, w.endedAt());
        ps.setString(13, w.failure() == null ? null : w.failure().name());
        ps.setString(14, w.jobId());
        ps.setLong(15, w.workerNumber());
        ps.addBatch();
    }

    private static void execute(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    @Override
    public List<ClusterRecord> loadClusters() {
        return query("SELECT name, definition, last_job_number, created_at, updated_at FROM job_clusters ORDER BY name",
                ps -> { }, rs -> new ClusterRecord(fromJson(rs.getString(2), JobClusterDefinition.class),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public List<JobRecord> loadJobs(boolean activeOnly, String cluster, int limit) {
        var sql = new StringBuilder("SELECT ").append(JOB_COLUMNS).append(" FROM jobs WHERE 1 = 1");
        if (activeOnly) {
            sql.append(" AND state IN ('Accepted', 'Launched')");
        }
        if (cluster != null) {
            sql.append(" AND cluster = ?");
        }
        sql.append(" ORDER BY submitted_at DESC, job_number DESC");
        return query(sql.toString(), ps -> {
            ps.setMaxRows(limit);
            if (cluster != null) {
                ps.setString(1, cluster);
            }
        }, this::jobRow);
    }

    @Override
    public Optional<JobRecord> loadJob(String jobId) {
        return query("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?", ps -> ps.setString(1, jobId), this::jobRow)
                .stream().findFirst();
    }

    @Override
    public List<WorkerRecord> loadWorkersOfActiveJobs() {
        return query("SELECT " + WORKER_COLUMNS + " FROM workers WHERE job_id IN "
                + "(SELECT job_id FROM jobs WHERE state IN ('Accepted', 'Launched')) ORDER BY job_id, worker_number",
                ps -> { }, this::workerRow);
    }

    @Override
    public List<WorkerRecord> loadWorkers(String jobId) {
        return query("SELECT " + WORKER_COLUMNS + " FROM workers WHERE job_id = ? ORDER BY worker_number",
                ps -> ps.setString(1, jobId), this::workerRow);
    }

    private JobRecord jobRow(ResultSet rs) throws SQLException {
        return new JobRecord(rs.getString(1), rs.getString(2), rs.getLong(3), JobState.valueOf(rs.getString(4)),
                fromJson(rs.getString(5), JobClusterDefinition.class), rs.getLong(6), nullableLong(rs, 7), rs.getString(8));
    }

    private WorkerRecord workerRow(ResultSet rs) throws SQLException {
        Long resubmitOf = nullableLong(rs, 9);
        return new WorkerRecord(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                WorkerState.valueOf(rs.getString(5)), rs.getString(6), fromJson(rs.getString(7), WorkerPorts.class),
                rs.getString(8), resubmitOf == null ? null : resubmitOf.intValue(), rs.getInt(10), rs.getString(11),
                rs.getLong(12), nullableLong(rs, 13), nullableLong(rs, 14),
                rs.getString(15) == null ? null : io.weir.core.model.FailureKind.valueOf(rs.getString(15)));
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            var out = new ArrayList<T>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored " + type.getSimpleName() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void saveExecutor(String resourceCluster, io.weir.core.executor.TaskExecutorRegistration registration) {
        try (Connection c = dataSource.getConnection()) {
            try {
                checkOwnership(c);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM task_executors WHERE id = ?")) {
                    del.setString(1, registration.id());
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO task_executors (id, resource_cluster, registration, registered_at) VALUES (?, ?, ?, ?)")) {
                    ins.setString(1, registration.id());
                    ins.setString(2, resourceCluster);
                    ins.setString(3, toJson(registration));
                    ins.setLong(4, System.currentTimeMillis());
                    ins.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteExecutor(String executorId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM task_executors WHERE id = ?")) {
            checkOwnership(c);
            ps.setString(1, executorId);
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Map<String, List<io.weir.core.executor.TaskExecutorRegistration>> loadExecutors() {
        var out = new java.util.TreeMap<String, List<io.weir.core.executor.TaskExecutorRegistration>>();
        query("SELECT resource_cluster, registration FROM task_executors ORDER BY id", ps -> { },
                rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(fromJson(rs.getString(2), io.weir.core.executor.TaskExecutorRegistration.class)));
        return out;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
