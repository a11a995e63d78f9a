package io.weir.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class SseDecoderTest {

    private static Flux<byte[]> chunks(String... parts) {
        return Flux.fromArray(parts).map(p -> p.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesSplitAcrossChunksAreJoined() {
        var out = SseDecoder.data(chunks("data: {\"a\":", "1}\n", "\ndata: x\n\nda", "ta: y\n\n")).collectList().block();
        assertThat(out).containsExactly("{\"a\":1}", "x", "y");
    }

    @Test
    void commentsOtherFieldsAndIncompleteTailsAreIgnored() {
        var out = SseDecoder.data(chunks(": comment\n\n", "id: 7\nretry: 10\nevent: e\ndata: z\n\n", "data: never finished"))
                .collectList().block();
        assertThat(out).containsExactly("z");
    }

    @Test
    void multiLineDataIsJoinedWithNewlinesAndCrLfEndsLines() {
        var out = SseDecoder.data(chunks("data: {\r\ndata:\"a\":1\r\n", "data: }\r\n\r\n")).collectList().block();
        assertThat(out).containsExactly("{\n\"a\":1\n}");
    }

    @Test
    void aUtf8CharacterSplitBetweenChunksSurvives() {
        byte[] frame = "data: é€\n\n".getBytes(StandardCharsets.UTF_8);
        var parts = new ArrayList<byte[]>();
        for (int i = 0; i < frame.length; i++) {
            parts.add(Arrays.copyOfRange(frame, i, i + 1));
        }
        assertThat(SseDecoder.data(Flux.fromIterable(parts)).collectList().block()).containsExactly("é€");
    }

    @Test
    void eventTypesAreKeptAndAnEmptyDataFieldStillDispatches() {
        var decoder = new SseDecoder();
        List<SseEvent> events = decoder.decode("event: end\ndata:\n\n\n\ndata: \n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(SseEvent::type).containsExactly("end", null);
        assertThat(events).extracting(SseEvent::text).containsExactly("", "");
    }

    @Test
    void byteBufChunksAreReadWithoutBeingConsumed() {
        var decoder = new SseDecoder();
        var buf = Unpooled.copiedBuffer("data: a\n\n", StandardCharsets.UTF_8);
        var out = new ArrayList<SseEvent>();
        decoder.decode(buf, out::add);
        assertThat(out).extracting(SseEvent::text).containsExactly("a");
        assertThat(buf.readableBytes()).isEqualTo(9);
        buf.release();
    }

    @Test
    void anEventOverTheBoundFailsTheStream() {
        var oneLine = "data: " + "x".repeat(100) + "\n";
        assertThatThrownBy(() -> SseDecoder.events(chunks(oneLine, oneLine), 150).blockLast())
                .isInstanceOf(IllegalStateException.class).hasMessage("an SSE event exceeds 150 bytes");
        assertThatThrownBy(() -> SseDecoder.events(chunks("data: " + "y".repeat(200)), 150).blockLast())
                .hasMessage("an SSE event exceeds 150 bytes");
        assertThat(SseDecoder.events(chunks(oneLine + "\n", oneLine + "\n"), 150).count().block()).isEqualTo(2);
    }
}
