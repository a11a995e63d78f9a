package io.weir.master.resource;

import io.weir.core.executor.WorkerRef;
import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.MachineDefinition;
import io.weir.master.scheduler.WorkerRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses task executors for a batch of workers, all or nothing: each worker goes to an executor with room for its
 * CPU, memory and ports (agents do not report disk or network capacity yet, so those are not checked) that satisfies the hard constraints ({@code UniqueHost}: at most one worker of the
 * job's stage per host; {@code attr=value}: the executor has that attribute). Best fit picks the executor with the
 * least CPU left over; first fit (the direct scheduler) takes the first in registration order. Executors with
 * quarantined ports (a worker could not bind one) are used only when the batch does not fit on the others. Pure: it
 * changes nothing.
 */
final class Placement {

    /** One worker's chosen executor and ports. */
    record Choice(WorkerRequest worker, TaskExecutor executor, List<Integer> ports) {
    }

    private Placement() {
    }

    static Optional<List<Choice>> place(Collection<TaskExecutor> executors, List<WorkerRequest> workers, MachineDefinition machine,
                                        List<String> hardConstraints, boolean bestFit, long now, long freshMillis) {
        var trusted = executors.stream().filter(e -> !e.hasQuarantinedPorts()).toList();
        if (trusted.size() < executors.size()) {
            var onTrusted = placeOn(trusted, workers, machine, hardConstraints, bestFit, now, freshMillis);
            if (onTrusted.isPresent()) {
                return onTrusted;
            }
        }
        return placeOn(executors, workers, machine, hardConstraints, bestFit, now, freshMillis);
    }

    private static Optional<List<Choice>> placeOn(Collection<TaskExecutor> executors, List<WorkerRequest> workers,
                                                  MachineDefinition machine, List<String> hardConstraints, boolean bestFit,
                                                  long now, long freshMillis) {
        boolean uniqueHost = hardConstraints.contains(DefinitionValidator.UNIQUE_HOST);
        var required = requiredAttributes(hardConstraints);
        var candidates = executors.stream().filter(e -> e.isSchedulable(now, freshMillis)).filter(e -> hasAttributes(e, required)).toList();
        var usedCpu = new HashMap<TaskExecutor, Double>();
        var usedMem = new HashMap<TaskExecutor, Integer>();
        var usedPorts = new HashMap<TaskExecutor, Set<Integer>>();
        var usedHosts = new HashSet<String>();
        var choices = new ArrayList<Choice>(workers.size());
        for (var w : workers) {
            TaskExecutor best = null;
            double bestLeft = Double.MAX_VALUE;
            List<Integer> bestPorts = List.of();
            for (var e : candidates) {
                double cpuLeft = e.freeCpu() - usedCpu.getOrDefault(e, 0.0) - machine.cpuCores();
                if (cpuLeft < -1e-9 || e.freeMemoryMB() - usedMem.getOrDefault(e, 0) < machine.memoryMB()) {
                    continue;
                }
                if (uniqueHost && (usedHosts.contains(e.host()) || e.hasWorkerOf(w.jobId(), w.stage()))) {
                    continue;
                }
                var ports = e.peekPorts(machine.numPorts(), usedPorts.getOrDefault(e, Set.of()));
                if (ports.isEmpty()) {
                    continue;
                }
                if (!bestFit) {
                    best = e;
                    bestPorts = ports;
                    break;
                }
                if (cpuLeft < bestLeft) {
                    best = e;
                    bestLeft = cpuLeft;
                    bestPorts = ports;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            usedCpu.merge(best, machine.cpuCores(), Double::sum);
            usedMem.merge(best, machine.memoryMB(), Integer::sum);
            usedPorts.computeIfAbsent(best, k -> new HashSet<>()).addAll(bestPorts);
            if (uniqueHost) {
                usedHosts.add(best.host());
            }
            choices.add(new Choice(w, best, bestPorts));
        }
        return Optional.of(choices);
    }

    /** The {@code attr=value} hard constraints as a map. */
    static Map<String, String> requiredAttributes(List<String> hardConstraints) {
        Map<String, String> required = new HashMap<>();
        for (String c : hardConstraints) {
            int eq = c.indexOf('=');
            if (eq > 0) {
                required.put(c.substring(0, eq), c.substring(eq + 1));
            }
        }
        return required;
    }

    static boolean hasAttributes(TaskExecutor e, Map<String, String> required) {
        return required.entrySet().stream().allMatch(r -> r.getValue().equals(e.registration().attributes().get(r.getKey())));
    }

    static WorkerRef ref(WorkerRequest w) {
        return new WorkerRef(w.jobId(), w.workerNumber());
    }
}
