package io.weir.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.client.sink.SessionEvent;
import io.weir.client.sink.SinkRecord;
import io.weir.client.sink.SinkTarget;
import io.weir.core.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.publisher.Flux;

/**
 * {@code weir tail <jobId|cluster>}: prints a job's output from all its sink workers through a client session, which
 * follows workers as they are replaced (and, for a cluster, each newly submitted job), sending each job's sink token from
 * the master when the cluster has a secret. Session events go to stderr.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print a job's output records as they come.")
final class TailCommand implements Callable<Integer> {

    @Mixin
    MasterOptions options;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "JOB_ID|CLUSTER", description = "A job id such as wordcount-1, or a cluster name for its newest job")
    String target;

    @Option(names = "--client-id", description = "Consumers sharing an id split the stream (default: ${DEFAULT-VALUE})", defaultValue = "weir-tail")
    String clientId;

    @Option(names = "--sample-ms", description = "At most one record per this many milliseconds")
    Long sampleMillis;

    @Option(names = "--limit", description = "Stop after this many records (default: run until Ctrl-C)")
    Long limit;

    @Option(names = "--mql", paramLabel = "QUERY", description = "Only the records this MQL query selects, shaped as it says,"
            + " e.g. \"select word from stream where count > 10\" (see docs/mql.md)")
    String mql;

    @Override
    public Integer call() {
        verbose.apply();
        SinkTarget sink = target.matches(".*-\\d+") ? SinkTarget.job(target) : SinkTarget.cluster(target);
        try (var client = options.client()) {
            var builder = client.sinkSession(sink).clientId(clientId);
            if (sampleMillis != null) {
                builder.sampleMillis(sampleMillis);
            }
            if (mql != null) {
                builder.mql(mql);
            }
            try (var session = builder.build()) {
                System.err.println("Tailing " + target + " (session " + session.id() + ")");
                // the end of the session is said once, by the command's own error or exit
                session.events().filter(e -> verbose.verbose || !(e instanceof SessionEvent.Connecting || e instanceof SessionEvent.Closed))
                        .subscribe(e -> System.err.println("# " + e));
                Flux<SinkRecord> records = session.records();
                if (limit != null) {
                    records = records.take(limit);
                }
                records.doOnNext(r -> System.out.println(options.json ? jsonLine(r) : r.payload())).blockLast();
            }
        }
        return ExitCodes.OK;
    }

    /** One record as a JSON line: where it came from, and its payload (embedded as JSON when it is JSON). */
    static String jsonLine(SinkRecord r) {
        var line = Json.lenient().createObjectNode().put("jobId", r.worker().jobId()).put("workerNumber", r.worker().workerNumber());
        try {
            line.set("record", Json.lenient().readTree(r.payload()));
        } catch (JsonProcessingException e) {
            line.put("record", r.payload());
        }
        return line.toString();
    }
}
