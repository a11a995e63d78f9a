package io.weir.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The ceiling: one blocking thread writes length-prefixed records, another reads and counts them. */
final class PlainSocketThroughput {

    static double run(BenchConfig config) throws Exception {
        Throughput throughput = new Throughput();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread receiver = Thread.ofPlatform().name("plain-receiver").start(() -> receive(server, throughput));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setTcpNoDelay(true);
                Thread sender = Thread.ofPlatform().name("plain-sender").start(() -> send(socket, config.recordBytes()));
                double rate = throughput.measure(1000, config.seconds());
                socket.close();
                sender.join();
                receiver.join();
                return rate;
            }
        }
    }

    private static void send(Socket socket, int recordBytes) {
        byte[] record = new byte[recordBytes];
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 << 10))) {
            for (;;) {
                out.writeInt(recordBytes);
                out.write(record);
            }
        } catch (IOException closed) {
            // the measurement ended
        }
    }

    private static void receive(ServerSocket server, Throughput throughput) {
        try (Socket socket = server.accept();
             DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10))) {
            byte[] record = new byte[1 << 16];
            long count = 0;
            for (;;) {
                int length = in.readInt();
                in.readFully(record, 0, length);
                if ((++count & 1023) == 0) {
                    throughput.add(1024);
                }
            }
        } catch (IOException closed) {
            // the measurement ended
        }
    }
}
