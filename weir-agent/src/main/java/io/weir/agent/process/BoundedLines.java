package io.weir.agent.process;

import java.io.IOException;
import java.io.Reader;

/** Reads lines of at most {@link ControlLine#MAX_LINE} characters; the rest of a longer line is skipped. */
final class BoundedLines {

    private final Reader in;

    BoundedLines(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String next() throws IOException {
        var line = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (c != '\r' && line.length() < ControlLine.MAX_LINE) {
                line.append((char) c);
            }
        }
        return any ? line.toString() : null;
    }
}
