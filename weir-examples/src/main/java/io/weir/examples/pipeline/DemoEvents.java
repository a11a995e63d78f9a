package io.weir.examples.pipeline;

import java.io.PrintStream;

/**
 * What a participant tells the demo that runs it, one line on standard output each:
 * {@code event <epoch millis> <kind> <detail>}, or {@code answer <text>} to a command.
 */
final class DemoEvents {

    private final PrintStream out;

    DemoEvents(PrintStream out) {
        this.out = out;
    }

    /** Prints one event; the demo's timeline is made of them. */
    synchronized void event(String kind, String detail) {
        out.println("event " + System.currentTimeMillis() + " " + kind + " " + detail);
        out.flush();
    }

    /** Prints the answer to a command read from standard input. */
    synchronized void answer(String line) {
        out.println("answer " + line);
        out.flush();
    }
}
