package io.weir.core.model;

/** How many jobs of a cluster may run at once, and whether they run until killed. */
public record Sla(Integer min, Integer max, DurationType durationType) {

    public static final Sla DEFAULT = new Sla(0, 0, DurationType.Perpetual);

    public Sla {
        min = min == null ? 0 : min;
        max = max == null ? 0 : max;
        durationType = durationType == null ? DurationType.Perpetual : durationType;
    }
}
