package io.weir.agent.process;

import io.weir.core.model.FailureKind;

/**
 * The line protocol between an agent and a worker process. The child writes to its stdout {@code weir:started <ports
 * JSON>}, {@code weir:failed <KIND> <reason>} or {@code weir:completed}, and a service worker {@code weir:load <load
 * JSON>} whenever its sessions or availability change; other lines are ignored (the child sends its
 * own output to stderr). The agent writes the {@link WorkerLaunch} JSON line to the child's stdin, later
 * {@code stop}; the end of stdin means the agent is gone, and the child stops too.
 */
public record ControlLine(Type type, String payload, FailureKind kind) {

    /** Longest control line either side reads; longer ones are cut. */
    public static final int MAX_LINE = 1 << 20;
    static final String PREFIX = "weir:";
    static final String STOP = "stop";

    /** What a worker process says. */
    public enum Type { STARTED, FAILED, COMPLETED, LOAD }

    static String started(String portsJson) {
        return PREFIX + "started " + portsJson;
    }

    static String failed(FailureKind kind, String reason) {
        return PREFIX + "failed " + kind.name() + " " + oneLine(reason);
    }

    static String completed() {
        return PREFIX + "completed";
    }

    static String load(String loadJson) {
        return PREFIX + "load " + loadJson;
    }

    /** The control line {@code line} is, or null when it is none. */
    static ControlLine parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return null;
        }
        String rest = line.substring(PREFIX.length());
        if (rest.startsWith("started ")) {
            return new ControlLine(Type.STARTED, rest.substring("started ".length()), null);
        }
        if (rest.startsWith("load ")) {
            return new ControlLine(Type.LOAD, rest.substring("load ".length()), null);
        }
        if (rest.equals("completed")) {
            return new ControlLine(Type.COMPLETED, null, null);
        }
        if (rest.startsWith("failed ")) {
            String[] parts = rest.substring("failed ".length()).split(" ", 2);
            FailureKind kind;
            try {
                kind = FailureKind.valueOf(parts[0]);
            } catch (IllegalArgumentException e) {
                kind = FailureKind.TRANSIENT;
            }
            return new ControlLine(Type.FAILED, parts.length > 1 ? parts[1] : "failed", kind);
        }
        return null;
    }

    private static String oneLine(String text) {
        String t = text == null ? "failed" : text.replace('\r', ' ').replace('\n', ' ');
        return t.length() > 4096 ? t.substring(0, 4096) + "..." : t;
    }
}
