package io.weir.transport.rpc.callhome;

import java.net.InetSocketAddress;

/** Parses {@code host:port} (IPv6 as {@code [::1]:port}) into an unresolved-if-needed socket address. */
public final class HostPort {

    private HostPort() {
    }

    public static InetSocketAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing (expected: host:port)");
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(value + " (expected: host:port)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(value + " (expected: host:port)");
        }
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException(value + " (expected: a port in 1..65535)");
        }
        return new InetSocketAddress(host, port);
    }

    public static String format(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
