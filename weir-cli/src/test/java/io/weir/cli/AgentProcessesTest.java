package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.executor.PortRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code weir agent} processes on one host: started without {@code --ports} they offer disjoint ranges, and a
 * second agent with the id of a live one exits non-zero with the master's sentence while the first keeps running.
 */
class AgentProcessesTest {

    @TempDir
    Path dataDir;

    @Test
    void agentsWithoutPortsOfferDisjointRangesAndADuplicateIdExitsWithTheReason() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 2)) {
            var executors = executors(cluster);
            assertThat(executors).hasSize(2);
            var a = range(executors.get(0));
            var b = range(executors.get(1));
            assertThat(a.overlaps(b)).as("%s and %s", a, b).isFalse();

            var duplicate = WeirProcess.run(60, "agent", "--master", cluster.masterUrl(), "--id", "agent-0", "--host", "127.0.0.1");

            assertThat(duplicate.code()).as(duplicate.output()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(duplicate.output()).contains("weir: agent id agent-0 is in use by a live agent at http://127.0.0.1:")
                    .contains(": pick another --id, or stop that agent first");
            assertThat(cluster.agent("agent-0").isAlive()).isTrue();
            assertThat(executors(cluster)).hasSize(2).allSatisfy(e -> assertThat(e.get("state").asText()).isNotEqualTo("lost"));
            assertThat(executors(cluster).stream().map(AgentProcessesTest::range)).containsExactlyInAnyOrder(a, b);
        }
    }

    private static List<JsonNode> executors(LocalCluster cluster) {
        var out = new ArrayList<JsonNode>();
        cluster.http().get("/api/v1/resourceClusters/default/taskExecutors").body().get("list").forEach(out::add);
        return out;
    }

    private static PortRange range(JsonNode executor) {
        return new PortRange(executor.get("ports").get("from").asInt(), executor.get("ports").get("to").asInt());
    }
}
