#!/usr/bin/env bash
# Builds weir-bench and runs a data-plane benchmark (in-JVM workers over loopback TCP):
#   ./weir-bench/run-runtime.sh pipeline [runs=3] [seconds=10]     3 stages: throughput, then latency at half of it
#   ./weir-bench/run-runtime.sh scale [runs=3] [workers=20]          a middle stage 1 -> N -> 1 while records flow
#   ./weir-bench/run-runtime.sh pipeline-tls [runs=3] [seconds=10]  unthrottled throughput, plaintext vs TLS, alternating
#   ./weir-bench/run-runtime.sh hop [runs=3] [seconds=10] [switches=10]  job-to-job hop latency at 10 k and 100 k records/s on a
#                                                                     real master, then upstream job replaced: Started -> first record
#   ./weir-bench/run-runtime.sh sessions [sessions=10000] [intervalMillis=100] [seconds=10]  service sessions on 2 workers:
#                                                                     heap per session, responses/s
# WEIR_BENCH_JAVA_OPTS is passed to the JVM, e.g. -Dweir.bench.token=true (pipeline: workers with a job token)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp -q -pl weir-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="weir-bench/target/classes:$(cat weir-bench/target/classpath.txt)"
what="${1:-pipeline}"
shift || true
case "$what" in
  pipeline) main=io.weir.bench.runtime.PipelineBench ;;
  scale) main=io.weir.bench.runtime.ScaleBench ;;
  hop) main=io.weir.bench.runtime.JobHopBench ;;
  sessions) main=io.weir.bench.runtime.ServiceSessionsBench ;;
  pipeline-tls)
    main=io.weir.bench.runtime.PipelineBench
    certs="$(mktemp -d)"
    trap 'rm -rf "$certs"' EXIT
    weir-bench/tls-certs.sh "$certs" >/dev/null
    set -- "${1:-3}" "${2:-10}" "$certs" ;;
  *) echo "usage: $0 pipeline|pipeline-tls|scale|hop|sessions [args]" >&2; exit 1 ;;
esac
java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -Dlogback.configurationFile=weir-bench/logback-bench.xml ${WEIR_BENCH_JAVA_OPTS:-} \
  -cp "$CP" "$main" "$@"
