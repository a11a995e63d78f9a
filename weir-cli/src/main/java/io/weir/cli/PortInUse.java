package io.weir.cli;

import java.net.BindException;

/** Recognizes a failure to bind a port that another process holds. */
final class PortInUse {

    private PortInUse() {
    }

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
