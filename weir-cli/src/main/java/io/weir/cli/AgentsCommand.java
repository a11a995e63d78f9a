package io.weir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weir agents list|forget} and {@code weir reservations list}: what a resource cluster has, what waits for it, and
 * forgetting agents that are gone.
 */
final class AgentsCommand {

    private AgentsCommand() {
    }

    @Command(name = "agents", mixinStandardHelpOptions = true, description = "Task executors (agents) of a resource cluster.",
            subcommands = {AgentsCommand.List.class, AgentsCommand.Forget.class})
    static final class Agents {
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Remove agents that are gone (lost, or not heard from since the master started) from the lists.")
    static final class Forget implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--cluster", description = "Resource cluster (default: ${DEFAULT-VALUE})", defaultValue = "default")
        String cluster;

        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "AGENT_ID")
        java.util.List<String> ids;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                for (String id : ids) {
                    client.resourceClusters().forget(cluster, id);
                    System.out.println("Forgot agent " + id);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents of a resource cluster.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--cluster", description = "Resource cluster (default: ${DEFAULT-VALUE})", defaultValue = "default")
        String cluster;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var list = client.resourceClusters().taskExecutors(cluster);
                if (!options.printedJsonList(list)) {
                    var t = new Table("ID", "HOST", "STATE", "CPU", "MEMORY MB", "WORKERS", "METRICS");
                    for (var e : list) {
                        t.row(e.id(), e.host(), e.state(), e.machine() == null ? null : e.machine().cpuCores(),
                                e.machine() == null ? null : e.machine().memoryMB(), e.workers().size(), e.metricsUrl());
                    }
                    t.print();
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "reservations", mixinStandardHelpOptions = true, description = "Reservations waiting for task executors.",
            subcommands = AgentsCommand.Reservations.class)
    static final class ReservationsRoot {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List pending reservations in the order they will be placed.")
    static final class Reservations implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--cluster", description = "Resource cluster (default: ${DEFAULT-VALUE})", defaultValue = "default")
        String cluster;

        @Override
        public Integer call() {
            JsonNode view;
            try (var client = options.client()) {
                view = client.resourceClusters().reservations(cluster);
            }
            if (!options.printedJson(view)) {
                System.out.println("registry " + (view.path("ready").asBoolean() ? "ready" : "not ready yet") + ", "
                        + view.path("pendingReservations").asInt() + " pending");
                var t = new Table("GROUP", "JOB", "STAGE", "TYPE", "TIER", "WORKERS", "TARGET", "IN FLIGHT");
                for (var g : view.path("groups")) {
                    for (var r : g.path("reservations")) {
                        t.row(g.path("constraintKey").asText(), r.path("jobId").asText(), r.path("stage").asInt(),
                                r.path("priority").path("type").asText(), r.path("priority").path("tier").asInt(), r.path("requestedWorkers").asInt(),
                                r.path("stageTargetSize").asInt(), r.path("inFlight").asBoolean());
                    }
                }
                t.print();
            }
            return ExitCodes.OK;
        }
    }
}
