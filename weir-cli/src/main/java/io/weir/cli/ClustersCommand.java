package io.weir.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.core.json.Json;
import io.weir.core.json.JsonErrors;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.StageDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weir clusters create|list|describe|delete}. */
@Command(name = "clusters", mixinStandardHelpOptions = true, description = "Job clusters: named job definitions.",
        subcommands = {ClustersCommand.Create.class, ClustersCommand.List.class, ClustersCommand.Describe.class, ClustersCommand.Delete.class})
final class ClustersCommand {

    private static int workers(StageDefinition stage) {
        return stage.numWorkers() == null ? 1 : stage.numWorkers();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a job cluster from a JSON definition file ('-' reads stdin).")
    static final class Create implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "FILE", description = "The definition, e.g. {\"name\":\"wc\",\"jobClass\":\"...\",\"stages\":{\"1\":{}}}")
        String file;

        @Option(names = "--artifact", paramLabel = "JAR", description = "Upload this jar to the master and run the cluster's jobs from it"
                + " (sets the definition's artifact to master:<sha256> and its artifactSha256).")
        Path artifact;

        @Override
        public Integer call() throws IOException {
            String body = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
            JobClusterDefinition definition;
            try {
                definition = Json.strict().readValue(body, JobClusterDefinition.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException((file.equals("-") ? "stdin" : file) + ": " + JsonErrors.describe(e));
            }
            if (artifact != null && !Files.isRegularFile(artifact)) {
                throw new IllegalArgumentException("--artifact " + artifact + ": no such file (build the jar first, e.g. mvn package)");
            }
            try (var client = options.client()) {
                if (artifact != null) {
                    var stored = client.artifacts().upload(artifact);
                    System.err.println("Uploaded " + artifact + " (" + stored.bytes() + " bytes, SHA-256 " + stored.sha256() + ")");
                    definition = withArtifact(definition, stored.artifact(), stored.sha256());
                }
                var created = client.jobClusters().create(definition);
                if (!options.printedJson(created)) {
                    System.out.println("Created job cluster " + created.name() + " (" + created.stages().size() + " stages)");
                }
            }
            return ExitCodes.OK;
        }
    }

    private static JobClusterDefinition withArtifact(JobClusterDefinition d, String artifact, String sha256) {
        return new JobClusterDefinition(d.name(), d.jobClass(), artifact, d.version(), d.parameters(), d.stages(), d.sla(), d.labels(),
                sha256, d.eventTypes());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List job clusters.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var list = client.jobClusters().list();
                if (!options.printedJsonList(list)) {
                    var t = new Table("NAME", "JOB CLASS", "VERSION", "STAGES", "WORKERS");
                    for (var c : list) {
                        int workers = c.stages().values().stream().mapToInt(ClustersCommand::workers).sum();
                        t.row(c.name(), c.jobClass(), c.version(), c.stages().size(), workers);
                    }
                    t.print();
                }
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
            try (var client = options.client()) {
                MasterOptions.printJson(client.jobClusters().get(name));
            }
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
            try (var client = options.client()) {
                client.jobClusters().delete(name);
            }
            System.out.println("Deleted job cluster " + name);
            return ExitCodes.OK;
        }
    }
}
