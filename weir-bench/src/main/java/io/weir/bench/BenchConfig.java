package io.weir.bench;

/**
 * What to run and for how long.
 *
 * @param recordBytes payload bytes per record (default 100)
 * @param seconds measured seconds per throughput run (after one second of warm-up)
 * @param roundTrips measured round trips per latency run
 * @param runs how many times each benchmark repeats; the report shows each run and the median
 */
record BenchConfig(int recordBytes, int seconds, int roundTrips, int runs) {

    static BenchConfig fromArgs(String[] args) {
        int recordBytes = 100;
        int seconds = 3;
        int roundTrips = 50_000;
        int runs = 3;
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
                default -> throw new IllegalArgumentException("unknown option " + kv[0]
                        + " (expected: recordBytes, seconds, roundTrips, runs)");
            }
        }
        return new BenchConfig(recordBytes, seconds, roundTrips, runs);
    }
}
