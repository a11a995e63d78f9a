package io.weir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weir jobs submit|list|describe|scale|kill} and {@code weir workers resubmit}. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Jobs: running instances of job clusters.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.List.class, JobsCommand.Describe.class, JobsCommand.Scale.class,
            JobsCommand.Kill.class})
final class JobsCommand {

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a new job of a cluster.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "CLUSTER")
        String cluster;

        @Override
        public Integer call() {
            var job = options.client().post("/api/v1/jobClusters/" + cluster + "/jobs", "");
            if (!options.printedJson(job)) {
                System.out.println("Submitted " + job.path("jobId").asText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Option(names = "--cluster", description = "Only this cluster's jobs")
        String cluster;

        @Option(names = "--state", description = "active or terminal")
        String state;

        @Override
        public Integer call() {
            var q = new StringBuilder("/api/v1/jobs?limit=100");
            if (cluster != null) {
                q.append("&cluster=").append(URLEncoder.encode(cluster, StandardCharsets.UTF_8));
            }
            if (state != null) {
                q.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
            }
            var list = options.client().get(q.toString());
            if (!options.printedJson(list)) {
                var t = new Table("JOB", "STATE", "STAGES", "WORKERS STARTED", "REASON");
                for (var j : list.path("list")) {
                    t.row(j.path("jobId").asText(), j.path("state").asText(), j.path("stages").size(), started(j), j.path("reason").asText(null));
                }
                t.print();
            }
            return ExitCodes.OK;
        }
    }

    static String started(JsonNode job) {
        int started = 0;
        int all = 0;
        for (var s : job.path("stages")) {
            all += s.path("numWorkers").asInt();
            for (var w : s.path("workers")) {
                if (w.path("state").asText().equals("Started")) {
                    started++;
                }
            }
        }
        return started + "/" + all;
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a job and its workers.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            var job = options.client().get("/api/v1/jobs/" + jobId);
            if (!options.printedJson(job)) {
                System.out.println(job.path("jobId").asText() + "  " + job.path("state").asText()
                        + (job.hasNonNull("reason") ? "  (" + job.path("reason").asText() + ")" : ""));
                var t = new Table("STAGE", "INDEX", "NUMBER", "STATE", "HOST", "PORT", "AGENT", "RESUBMITS");
                for (var s : job.path("stages")) {
                    for (var w : s.path("workers")) {
                        t.row(s.path("stage").asInt(), w.path("workerIndex").asInt(), w.path("workerNumber").asInt(), w.path("state").asText(),
                                w.path("host").asText(null), w.path("ports").path(0).asText(null), w.path("taskExecutorId").asText(null),
                                w.path("totalResubmitCount").asInt());
                    }
                }
                t.print();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true, description = "Set a stage's number of workers.")
    static final class Scale implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Parameters(index = "1", paramLabel = "STAGE")
        int stage;

        @Parameters(index = "2", paramLabel = "WORKERS")
        int workers;

        @Override
        public Integer call() {
            var job = options.client().post("/api/v1/jobs/" + jobId + "/actions/scaleStage",
                    "{\"StageNumber\":" + stage + ",\"NumWorkers\":" + workers + "}");
            if (!options.printedJson(job)) {
                System.out.println("Stage " + stage + " of " + jobId + " now has " + workers + " workers");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill a job: every worker stops, the job ends.")
    static final class Kill implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Option(names = "--reason", description = "Why, kept with the job")
        String reason;

        @Override
        public Integer call() {
            var r = options.client().delete("/api/v1/jobs/" + jobId + (reason == null ? "" : "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8)));
            if (!options.printedJson(r)) {
                System.out.println("Killed " + jobId);
            }
            return ExitCodes.OK;
        }
    }
}
