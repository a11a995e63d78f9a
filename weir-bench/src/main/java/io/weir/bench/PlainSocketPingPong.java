package io.weir.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.HdrHistogram.Histogram;

/** The latency ceiling: a blocking client sends a record and waits for the server's one-record answer. */
final class PlainSocketPingPong {

    static Histogram run(BenchConfig config) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().name("plain-echo").start(() -> echo(server, config.recordBytes()));
            Histogram histogram = new Histogram(3);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] request = new byte[4 + config.recordBytes()];
                request[3] = (byte) config.recordBytes();
                byte[] response = new byte[4 + config.recordBytes()];
                int warmup = config.roundTrips() / 2;
                for (int i = 0; i < warmup + config.roundTrips(); i++) {
                    long start = System.nanoTime();
                    out.write(request);
                    in.readFully(response);
                    if (i >= warmup) {
                        histogram.recordValue((System.nanoTime() - start) / 1000);
                    }
                }
            }
            echo.join();
            return histogram;
        }
    }

    private static void echo(ServerSocket server, int recordBytes) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[4 + recordBytes];
            for (;;) {
                in.readFully(buffer);
                out.write(buffer);
            }
        } catch (IOException closed) {
            // the client finished
        }
    }
}
