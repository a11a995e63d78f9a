# Sourced by bin/weir, bin/test and .ci/run: finds a JDK 21+ and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then java on the PATH.

weir_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

weir_find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(weir_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "weir: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm/*, and java on the PATH)." >&2
  echo "      Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it." >&2
  return 1
}

weir_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "weir: Maven is needed to build Weir: install it ('apt-get install maven') and try again." >&2
    return 1
  fi
}
