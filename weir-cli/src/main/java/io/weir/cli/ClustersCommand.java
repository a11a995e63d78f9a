package io.weir.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code weir clusters create|list|describe|delete}. */
@Command(name = "clusters", mixinStandardHelpOptions = true, description = "Job clusters: named job definitions.",
        subcommands = {ClustersCommand.Create.class, ClustersCommand.List.class, ClustersCommand.Describe.class, ClustersCommand.Delete.class})
final class ClustersCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a job cluster from a JSON definition file ('-' reads stdin).")
    static final class Create implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "FILE", description = "The definition, e.g. {\"name\":\"wc\",\"jobClass\":\"...\",\"stages\":{\"1\":{}}}")
        String file;

        @Override
        public Integer call() throws IOException {
            String body = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
            var created = options.client().post("/api/v1/jobClusters", body);
            if (!options.printedJson(created)) {
                System.out.println("Created job cluster " + created.path("name").asText() + " (" + created.path("stages").size() + " stages)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List job clusters.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Override
        public Integer call() {
            var list = options.client().get("/api/v1/jobClusters");
            if (!options.printedJson(list)) {
                var t = new Table("NAME", "JOB CLASS", "VERSION", "STAGES", "WORKERS");
                for (var c : list.path("list")) {
                    int workers = 0;
                    for (var s : c.path("stages")) {
                        workers += s.path("numWorkers").asInt();
                    }
                    t.row(c.path("name").asText(), c.path("jobClass").asText(), c.path("version").asText(), c.path("stages").size(), workers);
                }
                t.print();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a job cluster's definition.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            var c = options.client().get("/api/v1/jobClusters/" + name);
            options.json = true;
            options.printedJson(c);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a job cluster that has no active job.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            var r = options.client().delete("/api/v1/jobClusters/" + name);
            if (!options.printedJson(r)) {
                System.out.println("Deleted job cluster " + name);
            }
            return ExitCodes.OK;
        }
    }
}
