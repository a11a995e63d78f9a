package io.weir.agent.process;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How an agent runs its workers: {@code mode} ({@code WEIR_WORKER_MODE}: {@code process}, the default, or
 * {@code in-agent}), its data directory for worker logs ({@code WEIR_AGENT_DATA_DIR}; when null a temporary
 * directory {@code <tmp>/weir-agent-<id>-*} deleted when the agent closes), the size cap of one worker log
 * ({@code WEIR_WORKER_LOG_MAX_BYTES}, 10 MB, one rotated file kept), how many ended workers' logs are kept
 * ({@code WEIR_WORKER_LOGS_KEPT}, 50) and how long a stopping worker process has before it is killed
 * ({@code WEIR_WORKER_STOP_TIMEOUT_MILLIS}, 8000).
 */
public record WorkersConfig(Mode mode, Path dataDir, long maxLogBytes, int keptLogs, long stopTimeoutMillis) {

    /** Where workers run. */
    public enum Mode {
        /** Each worker in a JVM of its own: one worker's crash, exit or OutOfMemoryError touches no other. */
        PROCESS,
        /** Every worker inside the agent's JVM: faster to start, no isolation (tests, {@code weir up --fast}). */
        IN_AGENT;

        /** {@code process} or {@code in-agent}. */
        public String label() {
            return this == PROCESS ? "process" : "in-agent";
        }

        /** Parses {@code process} or {@code in-agent}, with a clear error otherwise. */
        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "process" -> PROCESS;
                case "in-agent" -> IN_AGENT;
                default -> throw new ConfigException("WEIR_WORKER_MODE: '" + text + "' (expected: process or in-agent)");
            };
        }
    }

    public WorkersConfig {
        Objects.requireNonNull(mode, "mode");
        if (maxLogBytes < 1024) {
            throw new ConfigException("WEIR_WORKER_LOG_MAX_BYTES: " + maxLogBytes + " (expected: >= 1024)");
        }
        if (keptLogs < 0) {
            throw new ConfigException("WEIR_WORKER_LOGS_KEPT: " + keptLogs + " (expected: >= 0)");
        }
        if (stopTimeoutMillis < 1) {
            throw new ConfigException("WEIR_WORKER_STOP_TIMEOUT_MILLIS: " + stopTimeoutMillis + " (expected: > 0)");
        }
    }

    /** Process mode with the defaults. */
    public static WorkersConfig defaults() {
        return new WorkersConfig(Mode.PROCESS, null, 10L << 20, 50, 8000);
    }

    /** From {@code WEIR_WORKER_*} and {@code WEIR_AGENT_DATA_DIR}. */
    public static WorkersConfig fromSettings(Settings s) {
        var d = defaults();
        String mode = s.get("WEIR_WORKER_MODE");
        String dir = s.get("WEIR_AGENT_DATA_DIR");
        return new WorkersConfig(mode == null ? d.mode() : Mode.parse(mode), dir == null || dir.isBlank() ? null : Path.of(dir),
                s.longValue("WEIR_WORKER_LOG_MAX_BYTES", d.maxLogBytes(), 1024),
                s.intValue("WEIR_WORKER_LOGS_KEPT", d.keptLogs(), 0, 100_000),
                s.longValue("WEIR_WORKER_STOP_TIMEOUT_MILLIS", d.stopTimeoutMillis(), 1));
    }

    public WorkersConfig withMode(Mode newMode) {
        return new WorkersConfig(newMode, dataDir, maxLogBytes, keptLogs, stopTimeoutMillis);
    }

    public WorkersConfig withDataDir(Path newDataDir) {
        return new WorkersConfig(mode, newDataDir, maxLogBytes, keptLogs, stopTimeoutMillis);
    }
}
