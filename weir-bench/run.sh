#!/usr/bin/env bash
# Builds weir-bench and runs the transport benchmarks:
#   ./weir-bench/run.sh [runs=3] [seconds=3] [roundTrips=50000] [only=throughput,pingpong,rpc,many] [io=epoll|nio]
# JMH micro-benchmarks (frame codec): ./weir-bench/run.sh jmh [JMH options, e.g. FrameCodecBenchmark -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp -q -pl weir-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="weir-bench/target/classes:$(cat weir-bench/target/classpath.txt)"
if [ "${1:-}" = "jmh" ]; then
  shift
  exec java --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main "$@"
fi
exec java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+UseParallelGC \
  -cp "$CP" io.weir.bench.TransportBench "$@"
