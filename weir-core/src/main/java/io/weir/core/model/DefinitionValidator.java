package io.weir.core.model;

import java.util.Map;
import java.util.regex.Pattern;

/** Checks job cluster definitions and their parts; every failure names the field, the value and what was expected. */
public final class DefinitionValidator {

    /** Names of clusters: letters, digits, '_', '.', '-', starting with a letter or digit, at most 100 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern ATTRIBUTE_MATCH = Pattern.compile("[\\w.-]+=[\\w.:/-]*");
    /** The only named hard constraint; others are {@code attribute=value} matches. */
    public static final String UNIQUE_HOST = "UniqueHost";
    public static final int MAX_STAGES = 100;
    /** The label that picks a job's resource cluster. */
    public static final String RESOURCE_CLUSTER_LABEL = "resourceCluster";
    public static final int MAX_WORKERS_PER_STAGE = 10_000;
    private static final int MAX_PARAMETER_LENGTH = 64 * 1024;

    private DefinitionValidator() {
    }

    /** Validates a whole definition, throwing {@link InvalidDefinitionException} at the first problem. */
    public static JobClusterDefinition validate(JobClusterDefinition def) {
        if (def == null) {
            throw new InvalidDefinitionException("body: missing (expected: a job cluster definition as JSON)");
        }
        validateName(def.name());
        if (def.jobClass() == null || def.jobClass().isBlank()) {
            throw new InvalidDefinitionException("jobClass: missing (expected: a Java class name such as io.weir.examples.WordCountJob)");
        }
        if (!CLASS_NAME.matcher(def.jobClass()).matches()) {
            throw new InvalidDefinitionException("jobClass: '" + def.jobClass() + "' (expected: a Java class name such as io.weir.examples.WordCountJob)");
        }
        if (def.artifact() != null && def.artifact().isBlank()) {
            throw new InvalidDefinitionException("artifact: blank (expected: a jar path or URL, or leave it out for classes on the agents' classpath)");
        }
        validateStages(def);
        validateSla(def.sla());
        validateStrings("parameters", def.parameters());
        validateStrings("labels", def.labels());
        validateEventTypes(def);
        String resourceCluster = def.labels().get(RESOURCE_CLUSTER_LABEL);
        if (resourceCluster != null && !NAME.matcher(resourceCluster).matches()) {
            throw new InvalidDefinitionException("labels." + RESOURCE_CLUSTER_LABEL + ": '" + resourceCluster + "' (expected: a resource"
                    + " cluster name: letters, digits, '_', '.', '-', starting with a letter or digit, at most 100)");
        }
        return def;
    }

    /** Declared event types must be event types a service may have, on a cluster whose name a service may have. */
    private static void validateEventTypes(JobClusterDefinition def) {
        var types = def.eventTypes();
        if (types == null) {
            return;
        }
        if (types.consumes().isEmpty() && types.produces().isEmpty()) {
            throw new InvalidDefinitionException("eventTypes: declares no event type (expected: \"consumes\", \"produces\" or both, "
                    + "e.g. {\"consumes\": [\"click.v1\"], \"produces\": [\"click.counts.v1\"]}, or leave eventTypes out)");
        }
        if (!io.weir.core.registry.Registration.NAME.matcher(def.name()).matches()) {
            throw new InvalidDefinitionException("name: '" + def.name() + "' cannot name a service (a cluster that declares eventTypes "
                    + "needs a name of at most 64 letters, digits, '.', '_' or '-')");
        }
        eventTypes("eventTypes.consumes", types.consumes());
        eventTypes("eventTypes.produces", types.produces());
    }

    private static void eventTypes(String field, java.util.List<String> types) {
        if (types.size() > io.weir.core.registry.Registration.MAX_EVENT_TYPES) {
            throw new InvalidDefinitionException(field + ": " + types.size() + " event types (expected: at most "
                    + io.weir.core.registry.Registration.MAX_EVENT_TYPES + ")");
        }
        for (String t : types) {
            if (t == null || !io.weir.core.registry.Registration.EVENT_TYPE.matcher(t).matches()) {
                throw new InvalidDefinitionException(field + ": '" + t + "' (expected: an event type of letters, digits, '.', '_', "
                        + "':', '/' or '-', at most 128)");
            }
        }
    }

    public static void validateName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDefinitionException("name: missing (expected: letters, digits, '_', '.', '-', at most 100)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidDefinitionException("name: '" + name + "' has characters that are not allowed (expected: letters, digits, '_', '.', '-', starting with a letter or digit, at most 100)");
        }
    }

    private static void validateStages(JobClusterDefinition def) {
        var stages = def.stages();
        if (stages.isEmpty()) {
            throw new InvalidDefinitionException("stages: empty (expected: at least one stage, numbered from 1, e.g. {\"1\":{\"numWorkers\":1}})");
        }
        if (stages.size() > MAX_STAGES) {
            throw new InvalidDefinitionException("stages: " + stages.size() + " stages (expected: at most " + MAX_STAGES + ")");
        }
        int expected = 1;
        for (var entry : stages.entrySet()) {
            if (entry.getKey() != expected) {
                throw new InvalidDefinitionException("stages: stage " + expected + " is missing (expected: stages numbered 1, 2, ... without gaps)");
            }
            validateStage("stages." + expected, entry.getValue());
            expected++;
        }
    }

    /** Validates one stage; {@code path} prefixes the field names in messages. */
    public static void validateStage(String path, StageDefinition stage) {
        if (stage == null) {
            throw new InvalidDefinitionException(path + ": null (expected: a stage object such as {\"numWorkers\":1})");
        }
        checkRange(path + ".numWorkers", stage.numWorkers(), 1, MAX_WORKERS_PER_STAGE);
        checkRange(path + ".min", stage.min(), 0, MAX_WORKERS_PER_STAGE);
        checkRange(path + ".max", stage.max(), 1, MAX_WORKERS_PER_STAGE);
        if (stage.min() > stage.max()) {
            throw new InvalidDefinitionException(path + ".min: " + stage.min() + " (expected: <= max " + stage.max() + ")");
        }
        if (stage.numWorkers() < stage.min() || stage.numWorkers() > stage.max()) {
            throw new InvalidDefinitionException(path + ".numWorkers: " + stage.numWorkers() + " (expected: between min " + stage.min() + " and max " + stage.max() + ")");
        }
        validateMachine(path + ".machine", stage.machine());
        for (String c : stage.hardConstraints()) {
            checkConstraint(path + ".hardConstraints", c);
        }
        for (String c : stage.softConstraints()) {
            checkConstraint(path + ".softConstraints", c);
        }
    }

    /** Validates the resources of a machine; {@code path} is the machine's own field name in messages. */
    public static void validateMachine(String path, MachineDefinition m) {
        if (!(m.cpuCores() > 0) || m.cpuCores() > 1024) {
            throw new InvalidDefinitionException(path + ".cpuCores: " + m.cpuCores() + " (expected: > 0 and <= 1024)");
        }
        checkRange(path + ".memoryMB", m.memoryMB(), 1, 16 * 1024 * 1024);
        checkRange(path + ".diskMB", m.diskMB(), 0, Integer.MAX_VALUE);
        checkRange(path + ".networkMbps", m.networkMbps(), 0, Integer.MAX_VALUE);
        checkRange(path + ".numPorts", m.numPorts(), 1, 100);
    }

    private static void checkConstraint(String path, String c) {
        if (c == null || !(UNIQUE_HOST.equals(c) || ATTRIBUTE_MATCH.matcher(c).matches())) {
            throw new InvalidDefinitionException(path + ": '" + c + "' (expected: \"" + UNIQUE_HOST + "\" or an attribute match such as \"zone=us-east-1a\")");
        }
    }

    private static void validateSla(Sla sla) {
        checkRange("sla.min", sla.min(), 0, 1000);
        checkRange("sla.max", sla.max(), 0, 1000);
        if (sla.max() > 0 && sla.min() > sla.max()) {
            throw new InvalidDefinitionException("sla.min: " + sla.min() + " (expected: <= sla.max " + sla.max() + ")");
        }
    }

    private static void validateStrings(String path, Map<String, String> values) {
        for (var e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new InvalidDefinitionException(path + ": blank key (expected: non-empty names)");
            }
            if (e.getValue() == null) {
                throw new InvalidDefinitionException(path + "." + e.getKey() + ": null (expected: a string)");
            }
            if (e.getValue().length() > MAX_PARAMETER_LENGTH) {
                throw new InvalidDefinitionException(path + "." + e.getKey() + ": " + e.getValue().length() + " characters (expected: at most " + MAX_PARAMETER_LENGTH + ")");
            }
        }
    }

    private static void checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            String expected = max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max;
            throw new InvalidDefinitionException(field + ": " + value + " (expected: " + expected + ")");
        }
    }
}
