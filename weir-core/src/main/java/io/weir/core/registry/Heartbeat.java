package io.weir.core.registry;

import java.util.Map;

/** A lease renewal: the instance's health now and optional figures (for example records per second). Both may be null. */
public record Heartbeat(InstanceHealth health, Map<String, Double> figures) {
}
