package io.weir.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --verbose}: the client library's own log lines (connections, retries, warnings); without it, only its errors. */
final class VerboseOption {

    @Option(names = "--verbose", description = "Also show the client library's log: connections, retries, warnings")
    boolean verbose;

    /** Raises the client library's log level when {@code --verbose} was given. */
    void apply() {
        if (verbose && LoggerFactory.getLogger("io.weir.client") instanceof Logger client) {
            client.setLevel(Level.INFO);
        }
    }
}
