package io.weir.bench;

/**
 * What to run and for how long.
 *
 * @param recordBytes payload bytes per record (default 100)
 * @param seconds measured seconds per throughput run (after one second of warm-up)
 * @param roundTrips measured round trips per latency run
 * @param runs how many times each benchmark repeats; the report shows each run and the median
 * @param only benchmark groups to run (throughput, pingpong, rpc, many), empty for all
 * @param nio event loops on Java NIO instead of native epoll ({@code io=nio})
 */
record BenchConfig(int recordBytes, int seconds, int roundTrips, int runs, java.util.Set<String> only, boolean nio) {

    io.netty.channel.EventLoopGroup newGroup() {
        return nio ? new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory())
                : io.weir.transport.tcp.TcpChannels.newGroup(1);
    }

    boolean runs(String group) {
        return only.isEmpty() || only.contains(group);
    }


    static BenchConfig fromArgs(String[] args) {
        int recordBytes = 100;
        int seconds = 3;
        int roundTrips = 50_000;
        int runs = 3;
        java.util.Set<String> only = java.util.Set.of();
        boolean nio = false;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "recordBytes" -> recordBytes = Integer.parseInt(kv[1]);
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "roundTrips" -> roundTrips = Integer.parseInt(kv[1]);
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "only" -> only = java.util.Set.of(kv[1].split(","));
                case "io" -> nio = "nio".equals(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + kv[0]
                        + " (expected: recordBytes, seconds, roundTrips, runs, only, io)");
            }
        }
        return new BenchConfig(recordBytes, seconds, roundTrips, runs, only, nio);
    }
}
