package io.weir.master.scheduler;

/** Creates the scheduler a master uses, given where to report placements. */
@FunctionalInterface
public interface SchedulerFactory {

    /** {@code resourceClusters} is the master's registry of agents, itself a scheduler; a stub may ignore it. */
    WorkerScheduler create(SchedulingListener listener, io.weir.master.resource.ResourceClusters resourceClusters);
}
