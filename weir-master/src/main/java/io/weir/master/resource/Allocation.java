package io.weir.master.resource;

import io.weir.core.executor.WorkerRef;
import java.util.List;

/** The resources one worker holds on one task executor. */
record Allocation(WorkerRef worker, int stage, double cpu, int memoryMB, int diskMB, List<Integer> ports, long sinceMillis) {
}
