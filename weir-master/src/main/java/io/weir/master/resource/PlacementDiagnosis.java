package io.weir.master.resource;

import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.MachineDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Says in one sentence why workers could not be placed: nothing in the cluster could ever take them (no agent large
 * enough, none with the attributes, too few hosts) or everything that could is busy. Pure.
 */
final class PlacementDiagnosis {

    private PlacementDiagnosis() {
    }

    static String explain(String cluster, Collection<TaskExecutor> executors, int workers, MachineDefinition machine,
                          List<String> hardConstraints, long now, long freshMillis) {
        if (executors.isEmpty()) {
            return "no agent is registered in resource cluster '" + cluster + "' (start one: weir agent --cluster " + cluster + ")";
        }
        var live = executors.stream().filter(e -> e.isSchedulable(now, freshMillis)).toList();
        if (live.isEmpty()) {
            return "none of the " + executors.size() + " agents of resource cluster '" + cluster + "' is available (lost, disabled or silent)";
        }
        var required = Placement.requiredAttributes(hardConstraints);
        var matching = live.stream().filter(e -> Placement.hasAttributes(e, required)).toList();
        if (matching.isEmpty()) {
            return "no available agent has the attributes " + required;
        }
        double maxCpu = matching.stream().mapToDouble(e -> e.registration().machine().cpuCores()).max().orElse(0);
        if (maxCpu < machine.cpuCores()) {
            return "no agent offers " + number(machine.cpuCores()) + " cores; the largest offers " + number(maxCpu);
        }
        int maxMemory = matching.stream().mapToInt(e -> e.registration().machine().memoryMB()).max().orElse(0);
        if (maxMemory < machine.memoryMB()) {
            return "no agent offers " + machine.memoryMB() + " MB of memory; the largest offers " + maxMemory + " MB";
        }
        int maxPorts = matching.stream().mapToInt(e -> e.registration().ports().size()).max().orElse(0);
        if (maxPorts < machine.numPorts()) {
            return "no agent offers " + machine.numPorts() + " ports; the largest range has " + maxPorts;
        }
        long hosts = matching.stream().map(TaskExecutor::host).distinct().count();
        if (hardConstraints.contains(DefinitionValidator.UNIQUE_HOST) && hosts < workers) {
            return "UniqueHost needs " + workers + " hosts; the available agents are on " + hosts;
        }
        double freeCpu = matching.stream().mapToDouble(TaskExecutor::freeCpu).max().orElse(0);
        int freeMemory = matching.stream().mapToInt(TaskExecutor::freeMemoryMB).max().orElse(0);
        return "waiting for room: " + workers + " worker(s) of " + number(machine.cpuCores()) + " cores / " + machine.memoryMB()
                + " MB; the most free on one agent is " + number(freeCpu) + " cores / " + freeMemory + " MB";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
