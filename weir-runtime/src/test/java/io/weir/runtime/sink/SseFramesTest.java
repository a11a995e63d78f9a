package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes of each kind of event. */
class SseFramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void aRecordIsOneDataLineAndABlankLine() {
        assertThat(text(SseFrames.record("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)))).isEqualTo("data: {\"a\":\"é\"}\n\n");
    }

    @Test
    void aRecordWithLineBreaksBecomesOneDataLinePerLine() {
        assertThat(text(SseFrames.record("{\r\n\"a\":1\n}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("data: {\ndata: \"a\":1\ndata: }\n\n");
    }

    @Test
    void pingAndMetaHaveTheirDocumentedShapes() {
        assertThat(text(SseFrames.ping())).isEqualTo("data: ping\n\n");
        assertThat(text(SseFrames.meta(42))).isEqualTo("data: {\"type\":\"meta\",\"dropped\":42}\n\n");
    }
}
