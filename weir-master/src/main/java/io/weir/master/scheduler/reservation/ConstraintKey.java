package io.weir.master.scheduler.reservation;

import com.fasterxml.jackson.annotation.JsonValue;
import io.weir.core.model.MachineDefinition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The canonical constraint group of a reservation; reservations with equal keys share one queue. The key is the
 * machine definition rounded up (cpu to 0.1 core, memory and disk to {@value #MEMORY_BUCKET_MB} MB and
 * {@value #DISK_BUCKET_MB} MB buckets; network and ports exact), the other hard constraints sorted and deduplicated
 * (e.g. {@code UniqueHost}), and the scheduling attributes ({@code attr=value} hard constraints, including a size
 * name) sorted by attribute. Soft constraints do not restrict where a worker may run and are not part of the key.
 */
public record ConstraintKey(
        int cpuTenths,
        int memoryMB,
        int diskMB,
        int networkMbps,
        int numPorts,
        List<String> hardConstraints,
        Map<String, String> attributes) {

    /** Memory is rounded up to a multiple of this many MB. */
    public static final int MEMORY_BUCKET_MB = 64;
    /** Disk is rounded up to a multiple of this many MB. */
    public static final int DISK_BUCKET_MB = 256;

    /** Sorts and copies the constraints, so keys built from the same facts in any order are equal. */
    public ConstraintKey {
        Objects.requireNonNull(hardConstraints, "hardConstraints");
        Objects.requireNonNull(attributes, "attributes");
        hardConstraints = List.copyOf(new TreeSet<>(hardConstraints));
        attributes = Map.copyOf(attributes);
    }

    /** The key of a reservation with this machine and these hard constraints. */
    public static ConstraintKey of(MachineDefinition machine, List<String> hardConstraints) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(hardConstraints, "hardConstraints");
        var plain = new TreeSet<String>();
        var attributes = new TreeMap<String, String>();
        for (String constraint : hardConstraints) {
            String c = Objects.requireNonNull(constraint, "hardConstraints[]").strip();
            int eq = c.indexOf('=');
            if (c.isEmpty()) {
                continue;
            }
            if (eq < 0) {
                plain.add(c);
                continue;
            }
            String name = c.substring(0, eq).strip();
            String value = c.substring(eq + 1).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("hardConstraints: " + c + " (expected: attribute=value)");
            }
            String previous = attributes.putIfAbsent(name, value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalArgumentException("hardConstraints: " + name + "=" + previous + ", " + c
                        + " (expected: one value per attribute)");
            }
        }
        return new ConstraintKey(roundUp(machine.cpuCores() * 10, 1), roundUp(machine.memoryMB(), MEMORY_BUCKET_MB),
                roundUp(machine.diskMB(), DISK_BUCKET_MB), machine.networkMbps(), machine.numPorts(),
                List.copyOf(plain), attributes);
    }

    /** The rounded machine definition this group asks for. */
    public MachineDefinition roundedMachine() {
        return new MachineDefinition(cpuTenths / 10.0, memoryMB, diskMB, networkMbps, numPorts);
    }

    /** A stable, readable form, e.g. {@code cpu=1.0,mem=512MB,disk=1024MB,net=128Mbps,ports=1|UniqueHost|zone=a}. */
    @JsonValue
    public String canonical() {
        var out = new StringBuilder()
                .append("cpu=").append(cpuTenths / 10).append('.').append(cpuTenths % 10)
                .append(",mem=").append(memoryMB).append("MB")
                .append(",disk=").append(diskMB).append("MB")
                .append(",net=").append(networkMbps).append("Mbps")
                .append(",ports=").append(numPorts).append('|')
                .append(String.join(",", hardConstraints)).append('|');
        new TreeMap<>(attributes).forEach((k, v) -> out.append(k).append('=').append(v).append(','));
        if (!attributes.isEmpty()) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Rounds up to a multiple of {@code bucket}, forgiving floating-point noise (0.3 * 10 = 3.0000000000000004). */
    private static int roundUp(double value, int bucket) {
        return (int) Math.ceil(value / bucket - 1e-9) * bucket;
    }
}
