package io.weir.runtime.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class SseFramesTest {

    @Test
    void framesSplitAcrossChunksAreJoined() {
        var out = SseFrames.data(Flux.just("data: {\"a\":", "1}\n", "\ndata: x\n\nda", "ta: y\n\n")).collectList().block();
        assertThat(out).containsExactly("{\"a\":1}", "x", "y");
    }

    @Test
    void nonDataLinesAndIncompleteTailsAreIgnored() {
        var out = SseFrames.data(Flux.just(": comment\n\n", "event: e\ndata: z\n\n", "data: never finished")).collectList().block();
        assertThat(out).containsExactly("z");
    }
}
