package io.weir.runtime.connect;

import java.util.Objects;

/**
 * One upstream worker a stage connects to. Identity is worker number, host and port: a replacement
 * worker at the same index is a different endpoint, and so is a worker that moved to another port.
 */
public record Endpoint(int workerNumber, int workerIndex, String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (workerIndex < 0) {
            throw new IllegalArgumentException("workerIndex: " + workerIndex + " (expected: >= 0)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.workerNumber == workerNumber && e.port == port && e.host.equals(host);
    }

    @Override
    public int hashCode() {
        return (31 * workerNumber + host.hashCode()) * 31 + port;
    }

    @Override
    public String toString() {
        return "worker " + workerNumber + " (index " + workerIndex + ") at " + host + ':' + port;
    }
}
