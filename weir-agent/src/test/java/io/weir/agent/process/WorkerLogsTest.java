package io.weir.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.executor.WorkerRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLogsTest {

    @TempDir
    Path dir;

    @Test
    void aLogIsRotatedAndNeverHoldsMoreThanItsCap() throws Exception {
        var logs = new WorkerLogs(dir, 4096, 10);
        var ref = new WorkerRef("job-1", 3);
        try (var log = logs.open(ref)) {
            for (int i = 0; i < 1000; i++) {
                byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
                log.write(line, 0, line.length);
            }
        }
        Path d = logs.dirOf(ref);
        assertThat(Files.size(d.resolve("worker.log")) + Files.size(d.resolve("worker.log.1"))).isLessThanOrEqualTo(4096);
        assertThat(logs.tail(ref, 2)).hasValueSatisfying(lines -> assertThat(lines).containsExactly("line 998", "line 999"));
        assertThat(logs.tail(ref, 100_000).orElseThrow()).hasSizeLessThanOrEqualTo(WorkerLogs.MAX_TAIL_LINES).last().isEqualTo("line 999");
        assertThat(logs.tail(new WorkerRef("job-1", 4), 10)).isEmpty();
    }

    @Test
    void onlyTheMostRecentlyEndedWorkersKeepTheirLogsAcrossRestarts() throws Exception {
        var logs = new WorkerLogs(dir, 4096, 2);
        for (int n = 0; n < 3; n++) {
            logs.open(new WorkerRef("job-1", n)).close();
            logs.ended(new WorkerRef("job-1", n));
            Files.setLastModifiedTime(logs.dirOf(new WorkerRef("job-1", n)), java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (n + 1)));
        }
        assertThat(logs.tail(new WorkerRef("job-1", 0), 1)).isEmpty();
        assertThat(logs.tail(new WorkerRef("job-1", 2), 1)).isPresent();

        var again = new WorkerLogs(dir, 4096, 1);
        assertThat(Files.list(dir).count()).isEqualTo(1);
        assertThat(again.tail(new WorkerRef("job-1", 2), 1)).isPresent();
    }

    @Test
    void controlLinesRoundTripAndOtherLinesAreNone() {
        assertThat(ControlLine.parse(ControlLine.failed(io.weir.core.model.FailureKind.PERMANENT, "no\nclass")))
                .isEqualTo(new ControlLine(ControlLine.Type.FAILED, "no class", io.weir.core.model.FailureKind.PERMANENT));
        assertThat(ControlLine.parse(ControlLine.started("{\"data\":[1]}")).payload()).isEqualTo("{\"data\":[1]}");
        assertThat(ControlLine.parse("hello from the job")).isNull();
        assertThat(JvmCommand.processors(0.25)).isEqualTo(1);
        assertThat(JvmCommand.processors(2.0)).isEqualTo(2);
        assertThat(JvmCommand.processors(2.5)).isEqualTo(3);
    }
}
