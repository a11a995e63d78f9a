package io.weir.cli;

import io.weir.core.registry.PipelineHealth;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/** {@code weir pipeline topology|health}: the services as a graph joined by event types, and its health. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "The pipeline the registered services form.",
        subcommands = {PipelineCommand.Topology.class, PipelineCommand.Health.class})
final class PipelineCommand {

    @Command(name = "topology", mixinStandardHelpOptions = true,
            description = "Print the edges (producer --event type--> consumer) and the event types nobody produces or consumes.")
    static final class Topology implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var topology = client.registry().topology();
                if (!options.printedJson(topology)) {
                    RegistryText.topology(topology).forEach(System.out::println);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true, description = "Print the pipeline's health, per service, with reasons.")
    static final class Health implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--watch", description = "Keep printing it, stamped, on every change (Ctrl-C to stop)")
        boolean watch;

        @Option(names = "--limit", paramLabel = "N", description = "With --watch: stop after N reports (the first included)")
        Long limit;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var now = client.registry().health();
                if (!watch) {
                    if (!options.printedJson(now)) {
                        RegistryText.health(now).forEach(System.out::println);
                    }
                    return ExitCodes.OK;
                }
                Flux<PipelineHealth> reports = client.registry().watchHealth();
                if (limit != null) {
                    reports = reports.take(limit);
                }
                reports.doOnNext(h -> {
                    if (options.json) {
                        MasterOptions.printJsonLine(h);
                    } else {
                        System.out.println("--- " + Instant.now().truncatedTo(ChronoUnit.MILLIS) + " rev " + h.revision());
                        RegistryText.health(h).forEach(System.out::println);
                    }
                }).blockLast();
            }
            return ExitCodes.OK;
        }
    }
}
