package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named job definition: what to run ({@code jobClass} from {@code artifact}, or from the agents' classpath when the
 * artifact is absent), its stages numbered from 1, parameters, SLA and labels, the SHA-256 (hex) the artifact must
 * have, and optionally the event types its jobs consume and produce (null: none declared). Jobs are its instances.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobClusterDefinition(
        String name,
        String jobClass,
        String artifact,
        String version,
        Map<String, String> parameters,
        SortedMap<Integer, StageDefinition> stages,
        Sla sla,
        Map<String, String> labels,
        String artifactSha256,
        EventTypes eventTypes) {

    public JobClusterDefinition {
        version = version == null ? "1" : version;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        stages = stages == null ? new TreeMap<>() : new TreeMap<>(stages);
        sla = sla == null ? Sla.DEFAULT : sla;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A definition that declares no event types. */
    public JobClusterDefinition(String name, String jobClass, String artifact, String version, Map<String, String> parameters,
                                SortedMap<Integer, StageDefinition> stages, Sla sla, Map<String, String> labels, String artifactSha256) {
        this(name, jobClass, artifact, version, parameters, stages, sla, labels, artifactSha256, null);
    }

    /** A definition whose artifact (if any) carries no digest. */
    public JobClusterDefinition(String name, String jobClass, String artifact, String version, Map<String, String> parameters,
                                SortedMap<Integer, StageDefinition> stages, Sla sla, Map<String, String> labels) {
        this(name, jobClass, artifact, version, parameters, stages, sla, labels, null, null);
    }

    /** This definition with other stages. */
    public JobClusterDefinition withStages(SortedMap<Integer, StageDefinition> newStages) {
        return new JobClusterDefinition(name, jobClass, artifact, version, parameters, newStages, sla, labels, artifactSha256, eventTypes);
    }

    /** The number of the last stage, the sink; 0 when there are no stages. */
    public int sinkStage() {
        return stages.isEmpty() ? 0 : stages.lastKey();
    }
}
