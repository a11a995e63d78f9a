package io.weir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import io.weir.mql.Mql;
import io.weir.mql.MqlQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MQL's cost per record for a typical filter and projection: on a parsed record, and from JSON bytes to projected
 * bytes as the sink does it (with parsing alone as the baseline).
 * Run: {@code weir-bench/run.sh jmh MqlBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MqlBenchmark {

    private static final String WHERE = "where kind == 'error' and latency > 10 and path =~ '^/api/' and region in ('nz', 'au')";
    private static final String MANTIS_WHERE = "where e[\"kind\"] == \"error\" && e[\"latency\"] > 10"
            + " && e[\"path\"] ==~ /\\/api\\/.*/ && e[\"tags\"][*] == \"canary\"";
    private static final String RECORD = "{\"seq\":123456,\"kind\":\"error\",\"latency\":12.5,\"path\":\"/api/v1/jobs/wc-3\","
            + "\"region\":\"nz\",\"user\":{\"name\":\"ann\",\"id\":42},\"agent\":\"curl/8.5\",\"bytes\":5120,"
            + "\"tags\":[\"eu\",\"canary\"]}";

    private final ObjectMapper mapper = Json.lenient();
    private byte[] json;
    private JsonNode record;
    private MqlQuery filter;
    private MqlQuery filterAndProject;
    private MqlQuery mantisFilter;

    @Setup
    public void setUp() throws IOException {
        json = RECORD.getBytes(StandardCharsets.UTF_8);
        record = mapper.readTree(json);
        filter = Mql.parse("select * from stream " + WHERE);
        mantisFilter = Mql.parse("select * from stream " + MANTIS_WHERE);
        filterAndProject = Mql.parse("select seq, e[\"user\"][\"name\"] as who, latency from stream " + WHERE);
    }

    /** Records filtered per microsecond. */
    @Benchmark
    public boolean where() {
        return filter.matches(record);
    }

    /** Records filtered per microsecond by a query in Mantis's syntax: a full-match regex and [*] over a list. */
    @Benchmark
    public boolean whereMantis() {
        return mantisFilter.matches(record);
    }

    /** Records filtered and projected per microsecond. */
    @Benchmark
    public JsonNode whereAndProject() {
        return filterAndProject.apply(record);
    }

    /** Records parsed per microsecond: the baseline of the sink's path. */
    @Benchmark
    public JsonNode parse() throws IOException {
        return mapper.readTree(json);
    }

    /** Records parsed, filtered, projected and written per microsecond, as the sink does per query. */
    @Benchmark
    public byte[] parseWhereProjectWrite() throws IOException {
        JsonNode out = filterAndProject.apply(mapper.readTree(json));
        return out == null ? null : mapper.writeValueAsBytes(out);
    }
}
