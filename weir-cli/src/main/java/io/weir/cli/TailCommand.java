package io.weir.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weir tail <jobId|cluster>}: prints a job's output from its sink (a cluster means its newest active job). */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print a job's output records as they come.")
final class TailCommand implements Callable<Integer> {

    @Mixin
    MasterOptions options;

    @Parameters(paramLabel = "JOB_ID|CLUSTER")
    String target;

    @Option(names = "--client-id", description = "Consumers sharing an id split the stream (default: ${DEFAULT-VALUE})", defaultValue = "weir-tail")
    String clientId;

    @Option(names = "--sample-ms", description = "At most one record per this many milliseconds")
    Integer sampleMillis;

    @Option(names = "--limit", description = "Stop after this many records (default: run until Ctrl-C)")
    Integer limit;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var api = options.client();
        String jobId = target;
        if (!target.matches(".*-\\d+")) {
            var active = api.get("/api/v1/jobs?cluster=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&state=active").path("list");
            if (active.isEmpty()) {
                throw new IllegalArgumentException("job cluster '" + target + "' has no active job: submit one with 'weir jobs submit " + target + "'");
            }
            jobId = active.get(0).path("jobId").asText();
        }
        var stages = api.get("/api/v1/jobs/" + jobId).path("stages");
        var sink = stages.get(stages.size() - 1).path("workers").get(0);
        if (sink == null || !sink.path("state").asText().equals("Started")) {
            throw new IllegalStateException("the sink of " + jobId + " is not Started yet; try again in a moment");
        }
        String url = "http://" + sink.path("host").asText() + ":" + sink.path("ports").path(0).asInt() + "/?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + (sampleMillis == null ? "" : "&sampleMSec=" + sampleMillis);
        System.err.println("Tailing " + jobId + " from " + url);
        var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        int printed = 0;
        try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((limit == null || printed < limit) && (line = in.readLine()) != null) {
                if (line.startsWith("data: ") && !line.equals("data: ping")) {
                    System.out.println(line.substring(6));
                    printed++;
                }
            }
        }
        return ExitCodes.OK;
    }
}
