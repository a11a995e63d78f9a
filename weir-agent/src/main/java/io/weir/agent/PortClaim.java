package io.weir.agent;

import io.weir.core.config.ConfigException;
import io.weir.core.executor.PortRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block of worker ports an agent started without {@code --ports} claims on its host. Blocks are {@code blockSize}
 * ports from {@code firstPort} on ({@code 7100-7199}, {@code 7200-7299}, ...). The agent takes the first block whose
 * first port it can bind and whose other ports are free at that moment, and keeps that first port bound (a listening
 * socket that serves nothing) until it closes: binding is atomic across processes, so another agent on the host probing
 * the same blocks skips this one, and two agents on one host never offer the same port. Workers get the rest of the
 * block. Thread-safe.
 */
final class PortClaim implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortClaim.class);

    private final ServerSocket holder;
    private final PortRange workerPorts;

    private PortClaim(ServerSocket holder, PortRange workerPorts) {
        this.holder = holder;
        this.workerPorts = workerPorts;
    }

    /** Claims the first free block of {@code blockSize} ports among {@code blocks} blocks from {@code firstPort}, on all interfaces. */
    static PortClaim claim(int firstPort, int blockSize, int blocks) {
        return claim("0.0.0.0", firstPort, blockSize, blocks);
    }

    /** As above, binding and probing on {@code bindAddress} (the agent's bind address). */
    static PortClaim claim(String bindAddress, int firstPort, int blockSize, int blocks) {
        if (blockSize < 2 || blocks < 1 || firstPort < 1 || (long) firstPort + (long) blockSize * blocks - 1 > 65535) {
            throw new IllegalArgumentException("blocks of " + blockSize + " ports from " + firstPort
                    + " (expected: 2+ ports, within 1-65535)");
        }
        for (int i = 0; i < blocks; i++) {
            int base = firstPort + i * blockSize;
            var holder = bind(bindAddress, base);
            if (holder == null) {
                continue;
            }
            var workers = new PortRange(base + 1, base + blockSize - 1);
            int busy = firstBusy(bindAddress, workers);
            if (busy < 0) {
                log.info("Claimed worker ports {} (holding port {} while this agent runs)", workers, base);
                return new PortClaim(holder, workers);
            }
            log.debug("Port block {}-{} skipped: port {} is in use", base, base + blockSize - 1, busy);
            closeQuietly(holder);
        }
        throw new ConfigException("ports: no free block of " + blockSize + " ports between " + firstPort + " and "
                + (firstPort + blockSize * blocks - 1) + " on this host (each agent without --ports claims one): give this agent"
                + " a free range with --ports FROM-TO, or stop agents on this host");
    }

    /** The ports workers may use: the block without its held first port. */
    PortRange workerPorts() {
        return workerPorts;
    }

    /** Releases the block; idempotent. */
    @Override
    public void close() {
        closeQuietly(holder);
    }

    private static ServerSocket bind(String address, int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 1);
            return socket;
        } catch (IOException e) {
            if (socket != null) {
                closeQuietly(socket);
            }
            return null;
        }
    }

    /** The first port of {@code range} that cannot be bound now, or -1. */
    private static int firstBusy(String address, PortRange range) {
        for (int p = range.from(); p <= range.to(); p++) {
            var probe = bind(address, p);
            if (probe == null) {
                return p;
            }
            closeQuietly(probe);
        }
        return -1;
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listening socket does not fail in a way we could act on
        }
    }
}
