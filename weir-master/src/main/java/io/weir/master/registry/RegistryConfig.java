package io.weir.master.registry;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.registry.Registration;

/**
 * The service registry's settings (docs/registry.md).
 *
 * @param leaseTtlMillis lease of a registration that names none ({@code WEIR_SERVICE_LEASE_TTL_MS}); also how long
 *     answers say {@code rebuilding} after the master starts
 * @param forgetMillis how long a service whose leases lapsed stays listed as unhealthy ({@code WEIR_SERVICE_FORGET_MS})
 * @param coalesceMillis changes within this window reach a watcher as one event ({@code WEIR_SERVICE_WATCH_COALESCE_MS})
 * @param watchHeartbeatMillis heartbeat event on a quiet watch ({@code WEIR_SERVICE_WATCH_HEARTBEAT_MS})
 * @param maxInstances registrations beyond are refused with 429 ({@code WEIR_MAX_SERVICE_INSTANCES})
 */
public record RegistryConfig(long leaseTtlMillis, long forgetMillis, long coalesceMillis, long watchHeartbeatMillis,
                             int maxInstances) {

    public static final RegistryConfig DEFAULTS = new RegistryConfig(5_000, 600_000, 5, 2_000, 10_000);

    public RegistryConfig {
        if (leaseTtlMillis < Registration.MIN_LEASE_TTL_MS || leaseTtlMillis > Registration.MAX_LEASE_TTL_MS) {
            throw new ConfigException("WEIR_SERVICE_LEASE_TTL_MS: " + leaseTtlMillis + " (expected: "
                    + Registration.MIN_LEASE_TTL_MS + ".." + Registration.MAX_LEASE_TTL_MS + ")");
        }
        if (forgetMillis < 0) {
            throw new ConfigException("WEIR_SERVICE_FORGET_MS: " + forgetMillis + " (expected: >= 0)");
        }
        if (coalesceMillis < 0) {
            throw new ConfigException("WEIR_SERVICE_WATCH_COALESCE_MS: " + coalesceMillis + " (expected: >= 0)");
        }
        if (watchHeartbeatMillis < 1) {
            throw new ConfigException("WEIR_SERVICE_WATCH_HEARTBEAT_MS: " + watchHeartbeatMillis + " (expected: >= 1)");
        }
        if (maxInstances < 1) {
            throw new ConfigException("WEIR_MAX_SERVICE_INSTANCES: " + maxInstances + " (expected: >= 1)");
        }
    }

    /** The settings from {@code WEIR_*} variables, each checked; a bad value is a {@link ConfigException} naming it. */
    public static RegistryConfig fromSettings(Settings s) {
        return new RegistryConfig(
                s.longValue("WEIR_SERVICE_LEASE_TTL_MS", DEFAULTS.leaseTtlMillis, 1),
                s.longValue("WEIR_SERVICE_FORGET_MS", DEFAULTS.forgetMillis, 0),
                s.longValue("WEIR_SERVICE_WATCH_COALESCE_MS", DEFAULTS.coalesceMillis, 0),
                s.longValue("WEIR_SERVICE_WATCH_HEARTBEAT_MS", DEFAULTS.watchHeartbeatMillis, 1),
                s.intValue("WEIR_MAX_SERVICE_INSTANCES", DEFAULTS.maxInstances, 1, 10_000_000));
    }
}
