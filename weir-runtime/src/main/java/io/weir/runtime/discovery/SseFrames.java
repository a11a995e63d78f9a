package io.weir.runtime.discovery;

import reactor.core.publisher.Flux;

/** Splits a stream of text chunks into the {@code data:} payloads of complete Server-Sent Events frames. */
final class SseFrames {

    private SseFrames() {
    }

    /** Payloads of complete frames, however the chunks split them; multi-line data is joined with newlines. */
    static Flux<String> data(Flux<String> chunks) {
        return Flux.defer(() -> {
            var pending = new StringBuilder();
            return chunks.concatMapIterable(chunk -> {
                pending.append(chunk);
                var out = new java.util.ArrayList<String>();
                int end;
                while ((end = pending.indexOf("\n\n")) >= 0) {
                    String frame = pending.substring(0, end);
                    pending.delete(0, end + 2);
                    var data = new StringBuilder();
                    for (String line : frame.split("\n")) {
                        if (line.startsWith("data:")) {
                            if (!data.isEmpty()) {
                                data.append('\n');
                            }
                            data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                        }
                    }
                    if (!data.isEmpty()) {
                        out.add(data.toString());
                    }
                }
                if (pending.length() > 1024 * 1024) {
                    throw new IllegalStateException("an SSE frame exceeds 1 MiB");
                }
                return out;
            });
        });
    }
}
