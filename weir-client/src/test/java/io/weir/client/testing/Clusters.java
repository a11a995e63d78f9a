package io.weir.client.testing;

import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.StageDefinition;
import java.util.Map;
import java.util.TreeMap;

/** Job cluster definitions for tests: a source stage of one worker and a sink stage of {@code sinkWorkers}. */
public final class Clusters {

    private Clusters() {
    }

    public static JobClusterDefinition twoStages(String name, int sinkWorkers) {
        var stages = new TreeMap<Integer, StageDefinition>();
        stages.put(1, StageDefinition.ofWorkers(1));
        stages.put(2, new StageDefinition(sinkWorkers, null, null, null, true, 1, 10, null));
        return new JobClusterDefinition(name, "io.weir.examples.SyntheticSourceJob", null, "1", Map.of("eventsPerSecond", "100"),
                stages, null, Map.of("team", "client"));
    }
}
