#!/usr/bin/env bash
# Builds weir-bench and runs the control-plane benchmarks:
#   ./weir-bench/run-master.sh [discovery|submit|recovery|all] [runs=3] [subscribers=1000]
#   ./weir-bench/run-master.sh registry [instances=1000] [watchers=1000] [seconds=20]   service registry: heartbeat cost, watch fan-out
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-env.sh
weir_find_java
mvn -B -ntp -q -pl weir-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
main=io.weir.bench.master.MasterBench
if [ "${1:-}" = "registry" ]; then
  main=io.weir.bench.master.RegistryBench
  shift
elif [ $# -eq 0 ]; then
  set -- all
fi
exec java --enable-native-access=ALL-UNNAMED -Xmx2g -Dlogback.configurationFile=weir-bench/logback-bench.xml \
  -cp "weir-bench/target/classes:$(cat weir-bench/target/classpath.txt)" "$main" "$@"
