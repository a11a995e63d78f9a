#!/usr/bin/env bash
# Builds weir-bench and runs the transport benchmarks: ./weir-bench/run.sh [runs=3] [seconds=3] [roundTrips=50000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp -q -pl weir-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -XX:+UseParallelGC \
  -cp "weir-bench/target/classes:$(cat weir-bench/target/classpath.txt)" io.weir.bench.TransportBench "$@"
