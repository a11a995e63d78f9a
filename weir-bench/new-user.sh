#!/usr/bin/env bash
# A new user's first job, timed: weir new job -> mvn package (its unit test runs) -> a master and an agent ->
# weir clusters create --artifact -> weir jobs submit -> the first record from weir tail. Prints each step's seconds and
# the total from 'weir new job' to the first record.
#
# Weir's own artifacts (the user's one-time 'mvn install' of Weir) are written into a private local repository
# ($WORK/m2) from the modules' target/ directories, so ~/.m2 is not touched; other libraries come from ~/.m2 as a
# remote. Usage: weir-bench/new-user.sh [WORK_DIR]  (default: a new temporary directory; it is removed at the end)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/java-env.sh"
weir_find_java
WEIR="$ROOT/bin/weir"
WORK="${1:-$(mktemp -d -t weir-new-user-XXXXXX)}"
KEEP="${1:+yes}"
M2="${WEIR_BENCH_M2:-$HOME/.m2/repository}"
VERSION=0.1.0-SNAPSHOT
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }

# One-time setup, not timed: Weir built, its artifacts in the private repository, a free port for the master.
"$WEIR" --version >/dev/null
mkdir -p "$WORK"
install_artifact() { # MODULE_DIR ARTIFACT_ID [JAR]
  local d="$WORK/m2/io/weir/$2/$VERSION"; mkdir -p "$d"
  cp "$1/pom.xml" "$d/$2-$VERSION.pom"
  if [ -n "${3:-}" ]; then cp "$3" "$d/$2-$VERSION.jar"; fi
}
install_artifact "$ROOT" weir-parent
install_artifact "$ROOT/weir-bom" weir-bom
for m in weir-core weir-transport weir-mql weir-runtime weir-testkit; do
  jar="$ROOT/$m/target/$m-$VERSION.jar"
  [ -f "$jar" ] || (cd "$ROOT" && mvn -B -q -ntp -o -DskipTests -pl weir-cli -am package)
  install_artifact "$ROOT/$m" "$m" "$jar"
done
cat >"$WORK/settings.xml" <<XML
<settings><mirrors><mirror><id>libraries</id><mirrorOf>*</mirrorOf><url>file://$M2</url></mirror></mirrors></settings>
XML
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MASTER="http://127.0.0.1:$PORT"
cd "$WORK"

t0=$(now)
"$WEIR" new job colors --dir colors >/dev/null
t1=$(now)
(cd colors && mvn -B -q -ntp -s "$WORK/settings.xml" -Dmaven.repo.local="$WORK/m2" package >"$WORK/mvn.log" 2>&1) \
  || { cat "$WORK/mvn.log"; exit 1; }
t2=$(now)
"$WEIR" master --port "$PORT" --bind 127.0.0.1 --data-dir "$WORK/weir-data" >"$WORK/master.log" 2>&1 &
PIDS+=($!)
until curl -sf "$MASTER/readyz" >/dev/null; do sleep 0.1; done
"$WEIR" agent --master "$MASTER" --id a1 --host 127.0.0.1 --cpu 2 --memory-mb 2048 >"$WORK/agent.log" 2>&1 &
PIDS+=($!)
export WEIR_TOKEN_FILE="$WORK/weir-data/secrets/admin.token"
until curl -sf -H "Authorization: Bearer $(cat "$WEIR_TOKEN_FILE")" "$MASTER/api/v1/resourceClusters/default/taskExecutors" \
    | grep -q '"a1"'; do sleep 0.1; done
t3=$(now)
(cd colors && "$WEIR" clusters create cluster.json --artifact target/colors-1.0-SNAPSHOT.jar --master "$MASTER" >/dev/null)
"$WEIR" jobs submit colors --master "$MASTER" >/dev/null
t4=$(now)
first=$("$WEIR" tail colors --limit 1 --master "$MASTER")
t5=$(now)

echo "first record: $first"
echo "weir new job:                          $(secs "$t0" "$t1") s"
echo "mvn package (unit test, jar):          $(secs "$t1" "$t2") s"
echo "master and agent up:                   $(secs "$t2" "$t3") s"
echo "clusters create --artifact, submit:    $(secs "$t3" "$t4") s"
echo "submit to first record (weir tail):    $(secs "$t4" "$t5") s"
echo "total, weir new job to first record:   $(secs "$t0" "$t5") s"
