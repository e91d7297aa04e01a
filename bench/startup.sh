#!/usr/bin/env bash
# bench/startup.sh — how long a command takes from the shell when its work is small (`--help`,
# `--version`, `status --help`, `sanitize` of one photo, `status` of a tip against a local vault),
# through the `./sandyq` launcher, against the same command's work done in-process.
#
# Builds the launcher jar from this checkout (plain `mvn -B -q -DskipTests -pl dist -am package`,
# every plugin version pinned in the parent POM, so a fresh clone works; never `install`), makes
# three lawyers, a signed 2-of-3 policy and a vault with the real command line, runs it with
# `server run --pow-bits 0`, sends one small tip (which also builds the launcher's start-up cache
# before the clock runs) and writes a 640x480 JPEG. Then, for each command:
#   - ROUNDS times (default 7) `./sandyq ARG...`, a fresh JVM each, once with the AOT cache and once
#     with SANDYQ_NO_AOT=1: the median wall time of each;
#   - the reference: one JVM that runs the same command line 10 times through Main.execute
#     (bench/StartupReference.java) and reports the median of the warm second half, i.e. the
#     command's own work with no start-up in it.
# Prints per command the medians, the ratio of the launcher (with its cache) to the reference, and
# whether it is under the target of 1 s (issue 18).
# Usage: bench/startup.sh [ROUNDS]
set -euo pipefail
ROUNDS=${1:-7}
BENCH=startup
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/launcher-env.sh"

build_launcher
echo "making identities, a policy, a vault, a tip and a photo…" >&2
make_policy
start_vault 256m
RECEIPT=$(sandyq submit --server "$URL" --pin "$FPR" --category other --text "a small tip" --json \
  | sed -n 's/.*"receipt" *: *"\([^"]*\)".*/\1/p')
[[ -n "$RECEIPT" ]] || { echo "bench: the tip was not acknowledged" >&2; exit 1; }
"$JAVA" -cp "$JAR" "$ROOT/bench/StartupReference.java" jpeg "$WORK/photo.jpg"

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# launched ENV... -- ARG...: the median wall time of ROUNDS fresh `./sandyq ARG...` (with ENV set);
# "{n}" in an argument becomes the round's number
launched() {
  local -a env=() args
  while [[ "$1" != -- ]]; do env+=("$1"); shift; done
  shift
  local -a times=()
  local r t0
  for r in $(seq 1 "$ROUNDS"); do
    args=("${@//\{n\}/$r}")
    t0=$EPOCHREALTIME
    env "${env[@]}" "$ROOT/sandyq" "${args[@]}" >"$WORK/out.txt" 2>"$WORK/err.txt" \
      || { echo "bench: ./sandyq ${args[*]} failed" >&2; cat "$WORK/err.txt" >&2; exit 1; }
    times+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')")
  done
  median "${times[@]}"
}

COMMANDS=(
  "--help"
  "--version"
  "status --help"
  "sanitize $WORK/photo.jpg --out $WORK/clean-{n}"
  "status --server $URL --receipt $RECEIPT"
)
LABELS=("--help" "--version" "status --help" "sanitize photo.jpg --out DIR" "status --receipt R (local vault)")

printf '\n%-34s %9s %9s %9s %8s  %s\n' "command (./sandyq …)" "cache s" "no-AOT s" "in-proc s" "ratio" "target < 1 s"
for i in "${!COMMANDS[@]}"; do
  read -r -a args <<<"${COMMANDS[$i]}"
  rm -rf "$WORK"/clean-*
  with=$(launched SANDYQ_NO_AOT= -- "${args[@]}")
  rm -rf "$WORK"/clean-*
  without=$(launched SANDYQ_NO_AOT=1 -- "${args[@]}")
  rm -rf "$WORK"/clean-*
  inproc=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" "$ROOT/bench/StartupReference.java" time 10 "${args[@]}")
  rm -rf "$WORK"/clean-*
  printf '%-34s %9.3f %9.3f %9.4f %7.0fx  %s\n' "${LABELS[$i]}" "$with" "$without" "$inproc" \
    "$(awk -v a="$with" -v b="$inproc" 'BEGIN { print (b > 0) ? a / b : 0 }')" \
    "$(awk -v a="$with" 'BEGIN { print a < 1 ? "yes" : "NO" }')"
done
echo
printf 'medians of %d fresh launches each, on %s\n' "$ROUNDS" "$("$JAVA" -version 2>&1 | head -1)"
echo "(cache: the launcher's AOT cache; no-AOT: SANDYQ_NO_AOT=1; in-proc: the same command line run in a"
echo " warm JVM, its own work; ratio: cache over in-proc, i.e. how much of a launch is start-up)"
