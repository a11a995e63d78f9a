package io.weir.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port probes for tests. */
final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago. */
    static int free() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts connections on {@code port} on loopback. */
    static boolean accepts(int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code port} can be bound again (its holder released it). */
    static boolean bindable(int port) {
        try (var s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
