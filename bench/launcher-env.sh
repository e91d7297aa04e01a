# bench/launcher-env.sh — shared by bench/seal.sh, bench/submit.sh and bench/startup.sh (sourced,
# not run), which measure what a person runs: the `./sandyq` launcher; server-env.sh sources it for
# the first part. Finds a JDK 21+, makes the work directory on $TMPDIR's disk (removed on exit, with
# the vault server if one was started), and offers:
#   build_launcher      the launcher jar from this checkout (plain `mvn -B -q -DskipTests -pl dist -am
#                       package`, every plugin version pinned, so a fresh clone works; never `install`)
#   make_policy         three lawyers and a signed 2-of-3 policy with the real command line; sets FPR
#   start_vault HEAP    `server init` of that policy and `server run --pow-bits 0` in a JVM with that
#                       heap; sets SERVER_PID and URL
# Set BENCH (the script's name) before sourcing.

ROOT=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/java.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandyq-bench-${BENCH:-run}.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export SANDYQ_HOME="$WORK/home" SANDYQ_PASSPHRASE="bench passphrase, not a secret"
JAR="$ROOT/dist/target/sandyq.jar"
sandyq() { "$ROOT/sandyq" "$@"; }

build_launcher() {
  echo "building the launcher jar…" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests -pl dist -am package >"$WORK/build.log" 2>&1) \
    || { tail -40 "$WORK/build.log" >&2; exit 1; }
}

make_policy() {
  for n in aigerim bakyt chynara; do sandyq keygen --role lawyer --name "$n" --out "$WORK/keys" >/dev/null; done
  sandyq policy init --threshold 2 --lawyer "$WORK/keys/aigerim.pub" --lawyer "$WORK/keys/bakyt.pub" \
    --lawyer "$WORK/keys/chynara.pub" --out "$WORK/policy.json" >/dev/null
  sandyq policy sign --key "$WORK/keys/aigerim.key" "$WORK/policy.json" >/dev/null
  sandyq policy sign --key "$WORK/keys/bakyt.key" "$WORK/policy.json" >/dev/null
  FPR=$(sandyq policy verify "$WORK/policy.json" --json | sed -n 's/.*"fingerprint" *: *"\([^"]*\)".*/\1/p')
}

start_vault() {
  local heap=$1 port=""
  sandyq server init --data "$WORK/vault" --policy "$WORK/policy.json" --pin "$FPR" >/dev/null
  : >"$WORK/server.out" # before the server's shell opens it, so the first look finds it
  "$JAVA" --enable-native-access=ALL-UNNAMED "-Xmx$heap" -XX:+ExitOnOutOfMemoryError -jar "$JAR" server run \
    --data "$WORK/vault" --port 0 --pow-bits 0 --json >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/server.out" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "bench: the server did not start" >&2; exit 1; }
  URL="http://127.0.0.1:$port/"
}
