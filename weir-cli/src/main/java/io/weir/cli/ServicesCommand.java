package io.weir.cli;

import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.publisher.Flux;

/** {@code weir services list|describe|watch}: the master's service registry. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "Services registered with the master (see docs/registry.md).",
        subcommands = {ServicesCommand.List.class, ServicesCommand.Describe.class, ServicesCommand.Watch.class})
final class ServicesCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List services: type, event types, instances, health.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var all = client.registry().services();
                if (!options.printedJson(all)) {
                    RegistryText.services(all).print();
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a service: health, upstreams, downstreams, instances.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var service = client.registry().service(name);
                if (!options.printedJson(service)) {
                    RegistryText.describe(service).forEach(System.out::println);
                    RegistryText.instances(service.instances(), System.currentTimeMillis()).print();
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Print the matching instances, then one line per change as it happens (Ctrl-C to stop).")
    static final class Watch implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--produces", paramLabel = "EVENT_TYPE", description = "Only instances producing this event type (its upstreams)")
        String produces;

        @Option(names = "--consumes", paramLabel = "EVENT_TYPE", description = "Only instances consuming this event type (its downstreams)")
        String consumes;

        @Option(names = "--type", description = "Only SOURCE, PROCESSOR or SINK instances")
        ServiceType type;

        @Option(names = "--name", description = "Only this service's instances")
        String name;

        @Option(names = "--limit", paramLabel = "N", description = "Stop after N sets (the first included; default: run until Ctrl-C)")
        Long limit;

        @Override
        public Integer call() {
            var query = new ServiceQuery(type, name, produces, consumes);
            try (var client = options.client()) {
                client.registry().instances(query);
                Flux<ServiceSet> sets = client.registry().watchInstances(query);
                if (limit != null) {
                    sets = sets.take(limit);
                }
                var previous = new AtomicReference<ServiceSet>();
                sets.doOnNext(set -> {
                    if (options.json) {
                        MasterOptions.printJsonLine(set);
                    } else {
                        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                        RegistryText.changes(previous.getAndSet(set), set, at).forEach(System.out::println);
                    }
                }).blockLast();
            }
            return ExitCodes.OK;
        }
    }
}
