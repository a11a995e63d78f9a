package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.client.sink.SinkRecord;
import io.weir.client.sink.SinkWorker;
import org.junit.jupiter.api.Test;

/** {@code weir tail --json}: one JSON line per record, saying where it came from. */
class TailCommandTest {

    private static final SinkWorker WORKER = new SinkWorker("wordcount-1", 3, 0, 4, "127.0.0.1", 7204);

    @Test
    void aJsonPayloadIsEmbeddedAsJson() {
        var line = TailCommand.jsonLine(new SinkRecord("{\"word\":\"river\",\"count\":3}", WORKER, "c1"));
        assertThat(line).isEqualTo("{\"jobId\":\"wordcount-1\",\"workerNumber\":4,\"record\":{\"word\":\"river\",\"count\":3}}");
    }

    @Test
    void anyOtherPayloadIsAString() {
        var line = TailCommand.jsonLine(new SinkRecord("river 3", WORKER, "c1"));
        assertThat(line).isEqualTo("{\"jobId\":\"wordcount-1\",\"workerNumber\":4,\"record\":\"river 3\"}");
    }
}
