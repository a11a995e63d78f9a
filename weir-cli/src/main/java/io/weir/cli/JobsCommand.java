package io.weir.cli;

import io.weir.client.rest.JobFilter;
import io.weir.core.model.JobDetails;
import io.weir.core.model.WorkerState;
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
            try (var client = options.client()) {
                var job = client.jobClusters().submit(cluster);
                if (!options.printedJson(job)) {
                    System.out.println("Submitted " + job.jobId());
                }
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
            var filter = JobFilter.ALL.limit(100);
            if (cluster != null) {
                filter = filter.ofCluster(cluster);
            }
            if (state != null) {
                filter = switch (state) {
                    case "active" -> filter.active();
                    case "terminal" -> filter.terminal();
                    default -> throw new IllegalArgumentException("--state: '" + state + "' (expected: active or terminal)");
                };
            }
            try (var client = options.client()) {
                var list = client.jobs().list(filter);
                if (!options.printedJsonList(list)) {
                    var t = new Table("JOB", "STATE", "STAGES", "WORKERS STARTED", "REASON");
                    for (var j : list) {
                        t.row(j.jobId(), j.state(), j.stages().size(), started(j), j.reason());
                    }
                    t.print();
                }
            }
            return ExitCodes.OK;
        }
    }

    static String started(JobDetails job) {
        long started = job.stages().stream().flatMap(s -> s.workers().stream()).filter(w -> w.state() == WorkerState.Started).count();
        return started + "/" + job.stages().stream().mapToInt(JobDetails.Stage::numWorkers).sum();
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a job and its workers.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var job = client.jobs().get(jobId);
                if (!options.printedJson(job)) {
                    System.out.println(job.jobId() + "  " + job.state() + (job.reason() != null ? "  (" + job.reason() + ")" : ""));
                    var t = new Table("STAGE", "INDEX", "NUMBER", "STATE", "HOST", "PORT", "AGENT", "RESUBMITS", "LAST FAILURE / WAITING");
                    long now = System.currentTimeMillis();
                    for (var s : job.stages()) {
                        for (var w : s.workers()) {
                            t.row(s.stage(), w.workerIndex(), w.workerNumber(), w.state(), w.host(),
                                    w.ports() == null || w.ports().isEmpty() ? null : w.ports().get(0), w.taskExecutorId(),
                                    w.totalResubmitCount(), problem(w, now));
                        }
                    }
                    t.print();
                }
            }
            return ExitCodes.OK;
        }
    }

    /** What is wrong with a worker's slot: why it waits for placement, else its last failure and how long ago. */
    static String problem(JobDetails.Worker w, long now) {
        if (w.waiting() != null) {
            return "waiting: " + w.waiting();
        }
        if (w.lastFailure() == null) {
            return null;
        }
        long ago = Math.max(0, (now - w.lastFailureAt()) / 1000);
        return ago + "s ago: " + w.lastFailure();
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
            try (var client = options.client()) {
                var job = client.jobs().scaleStage(jobId, stage, workers);
                if (!options.printedJson(job)) {
                    System.out.println("Stage " + stage + " of " + jobId + " now has " + workers + " workers");
                }
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
            try (var client = options.client()) {
                client.jobs().kill(jobId, reason);
            }
            System.out.println("Killed " + jobId);
            return ExitCodes.OK;
        }
    }
}
