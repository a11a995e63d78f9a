#!/usr/bin/env bash
# Builds weir-bench and runs the control-plane benchmarks:
#   ./weir-bench/run-master.sh [discovery|submit|recovery|all] [runs=3] [subscribers=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-env.sh
weir_find_java
mvn -B -ntp -q -pl weir-bench -am install -DskipTests
mvn -B -ntp -q -pl weir-bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java --enable-native-access=ALL-UNNAMED -Xmx2g -Dlogback.configurationFile=weir-bench/logback-bench.xml \
  -cp "weir-bench/target/classes:$(cat weir-bench/target/classpath.txt)" io.weir.bench.master.MasterBench "${@:-all}"
