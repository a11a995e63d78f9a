package io.weir.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir workers list}: a job's workers; {@code weir workers resubmit}: replace one worker at once, at the same
 * index; {@code weir workers logs}: its log.
 */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "Workers of a job.",
        subcommands = {WorkersCommand.List.class, WorkersCommand.Resubmit.class, WorkersCommand.Logs.class})
final class WorkersCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a job's workers: state, where they run, their ports, last heartbeat and last failure.")
    static final class List implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var job = client.jobs().get(jobId);
                if (options.printedJson(job.stages())) {
                    return ExitCodes.OK;
                }
                var t = new Table("NUMBER", "STAGE", "INDEX", "STATE", "AGENT", "HOST", "PORT", "METRICS", "HEARD", "RESUBMITS",
                        "LAST FAILURE / WAITING");
                long now = System.currentTimeMillis();
                for (var s : job.stages()) {
                    for (var w : s.workers()) {
                        t.row(w.workerNumber(), s.stage(), w.workerIndex(),
                                w.unavailable() == null ? w.state() : w.state() + " (no new sessions: " + w.unavailable() + ")",
                                w.taskExecutorId(), w.host(),
                                w.ports() == null || w.ports().isEmpty() ? null : w.ports().get(0), w.metricsPort(),
                                w.lastHeartbeatAt() == null ? null : Math.max(0, (now - w.lastHeartbeatAt()) / 1000) + "s ago",
                                w.totalResubmitCount(), JobsCommand.problem(w, now));
                    }
                }
                t.print();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "resubmit", mixinStandardHelpOptions = true, description = "Replace a live worker at once, keeping its index.")
    static final class Resubmit implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Parameters(index = "1", paramLabel = "WORKER_NUMBER")
        int workerNumber;

        @Option(names = "--reason", description = "Why, kept with the worker")
        String reason;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var job = client.jobs().resubmitWorker(jobId, workerNumber, reason);
                if (!options.printedJson(job)) {
                    System.out.println("Worker " + workerNumber + " of " + jobId + " is being replaced");
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Print the last lines of a worker's log (its process's output, kept by its agent).")
    static final class Logs implements Callable<Integer> {
        @Mixin
        MasterOptions options;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Parameters(index = "1", paramLabel = "WORKER_NUMBER")
        int workerNumber;

        @Option(names = "--tail", paramLabel = "N", description = "Lines to print, 0..10000 (default: 100)")
        int tail = 100;

        @Override
        public Integer call() {
            try (var client = options.client()) {
                var log = client.jobs().workerLog(jobId, workerNumber, tail);
                if (!options.printedJson(log)) {
                    log.lines().forEach(System.out::println);
                }
            }
            return ExitCodes.OK;
        }
    }
}
