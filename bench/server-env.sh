# bench/server-env.sh — shared by bench/ingest.sh and bench/tips.sh (sourced, not run).
# Finds a JDK 21+, builds the server and its test classes (which hold bench's Java half,
# org.sandyq.server.BenchTool), and starts/stops a vault server in a child process.

BENCH=${BENCH:-server}
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/launcher-env.sh" # the JDK, WORK and its cleanup
JCMD="$(dirname "$JAVA")/jcmd"

build() {
  echo "building the server and its test classes…" >&2
  # online, from a clean clone, in one reactor (nothing installed into the local repository): the
  # server's classpath names its sibling modules' target/classes; the server is the reactor's last
  # module, so its classpath is the one left in cp.txt
  (cd "$ROOT" && mvn -B -q -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
  CP="$ROOT/server/target/test-classes:$ROOT/server/target/classes:$(cat "$WORK/cp.txt")"
}

# SLF4J has no provider here (Tika logs through it): without the property each run prints three
# warning lines between the benchmark's own
tool() {
  "$JAVA" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR -cp "$CP" org.sandyq.server.BenchTool "$@"
}

# start_server DATA JVM-OPTION...: sets SERVER_PID and PORT
start_server() {
  local data=$1
  shift
  "$JAVA" --enable-native-access=ALL-UNNAMED "$@" -cp "$CP" org.sandyq.server.ServerMain \
    --data "$data" --port 0 --pow-bits 0 >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/server.out" | head -1)
    [[ -n "$PORT" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: the server did not start" >&2
  exit 1
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true # 143: stopped by SIGTERM, as asked
  SERVER_PID=""
}

# cpu_seconds PID: user + system CPU time the process has used so far
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# heap_used: the server's used heap in KiB, right now
heap_used() {
  "$JCMD" "$SERVER_PID" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1
}
