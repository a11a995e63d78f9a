package io.weir.master.scheduler;

/** Creates the scheduler a master uses, given where to report placements. */
@FunctionalInterface
public interface SchedulerFactory {

    WorkerScheduler create(SchedulingListener listener);
}
