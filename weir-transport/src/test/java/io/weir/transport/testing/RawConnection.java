package io.weir.transport.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain TCP connection to a local server, for sending what no HTTP client would and watching the server hang up. */
public final class RawConnection implements AutoCloseable {

    private final Socket socket = new Socket();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    public RawConnection(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    }

    public RawConnection send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** True when the server closed (or reset) the connection within {@code within}; false when it is still open. */
    public boolean closedWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[4096];
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() >= deadline) {
                return false;
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            try {
                int n = socket.getInputStream().read(buf);
                if (n < 0) {
                    return true;
                }
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /** What the server sent so far, as text. */
    public String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
