package io.weir.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps a worker process's CPU with cgroup v2 where the agent may: a child cgroup of the agent's own, with
 * {@code cpu.max} = the stage's cores. Where cgroup v2 is absent or not delegated to the agent (the cpu controller is not
 * enabled for its children, or it may not write there), it says so once at INFO and the cores are only hinted to the
 * worker's JVM through {@code -XX:ActiveProcessorCount}. Thread-safe.
 */
final class CpuCgroup {

    private static final Logger log = LoggerFactory.getLogger(CpuCgroup.class);
    private static final long PERIOD_MICROS = 100_000;

    private final Path parent;
    private final AtomicBoolean available;
    private final AtomicBoolean told = new AtomicBoolean();

    private CpuCgroup(Path parent) {
        this.parent = parent;
        this.available = new AtomicBoolean(parent != null);
    }

    /** The agent's own cgroup v2 directory, when this host has cgroup v2; otherwise CPU is only hinted. */
    static CpuCgroup detect() {
        Path root = Path.of("/sys/fs/cgroup");
        try {
            if (!Files.isRegularFile(root.resolve("cgroup.controllers"))) {
                return new CpuCgroup(null);
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    return new CpuCgroup(root.resolve(line.substring(3).replaceFirst("^/", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("No cgroup v2 here: {}", e.getMessage());
        }
        return new CpuCgroup(null);
    }

    /** Moves {@code pid} into a cgroup of its own capped at {@code cpuCores}; returns that cgroup (to remove later) or null. */
    Path cap(String name, long pid, Double cpuCores) {
        if (!available.get() || cpuCores == null || !(cpuCores > 0)) {
            hintOnly("cgroup v2 with the cpu controller is not available to the agent");
            return null;
        }
        Path group = parent.resolve(name);
        try {
            Files.createDirectories(group);
            if (!Files.readString(group.resolve("cgroup.controllers")).contains("cpu")) {
                throw new IOException("the cpu controller is not enabled for the agent's child cgroups");
            }
            Files.writeString(group.resolve("cpu.max"), Math.max(1000, Math.round(cpuCores * PERIOD_MICROS)) + " " + PERIOD_MICROS);
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            return group;
        } catch (IOException | RuntimeException e) {
            available.set(false);
            remove(group);
            hintOnly("cannot create a cgroup under " + parent + ": " + e.getMessage());
            return null;
        }
    }

    /** Removes a cgroup made by {@link #cap} once its process has exited. */
    void remove(Path group) {
        if (group == null) {
            return;
        }
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            log.debug("Cannot remove cgroup {}: {}", group, e.getMessage());
        }
    }

    private void hintOnly(String why) {
        if (told.compareAndSet(false, true)) {
            log.info("Worker CPU is only hinted with -XX:ActiveProcessorCount, not capped: {}", why);
        }
    }
}
