#!/usr/bin/env bash
# bench/fuzz.sh — fuzzes every parser that reads attacker bytes, each Jazzer @FuzzTest for a set time.
#
# Builds the modules that have fuzz tests from this checkout (plain online `mvn -B -q test-compile`,
# every plugin version pinned in the parent POM, so a fresh clone with an empty local repository
# works; never `install`), finds every @FuzzTest method under */src/test/java, and runs each one
# with Jazzer's own driver (com.code_intelligence.jazzer.Jazzer --target_class --target_method,
# i.e. libFuzzer in the JVM) for SECONDS seconds in a fresh JVM with a small heap. Each target
# starts from its checked-in inputs (src/test/resources/<package>/<Class>Inputs/<method>/, what
# `mvn verify` replays) and from the corpus earlier runs grew (<module>/target/fuzz-corpus/).
#
# A finding is any input that makes the target throw something other than the parser's documented
# exception (a NullPointerException, an index out of bounds, an OutOfMemoryError or a
# StackOverflowError in the small heap, a failed round-trip assertion) or run longer than
# TIMEOUT seconds (a hang). Jazzer writes it as crash-*/timeout-*/oom-* under
# <module>/target/fuzz-findings/<Class>/<method>/; fix the parser, then check the input in as a
# regression input in the target's inputs directory.
#
# Prints, per target, executions, executions per second and findings, then the total; exits 1
# when there is any finding.
# Needs a JDK 21+ (25 recommended) and Maven; Linux x86_64 or arm64 (Jazzer's native driver).
# Usage: bench/fuzz.sh [SECONDS] [FILTER]
#   SECONDS  fuzzing time per target (default 60)
#   FILTER   run only targets whose Class#method contains this text (default: all)
#   env FUZZ_JOBS=N     targets run N at a time (default 1; the machine has 2 cores)
#   env FUZZ_HEAP=192m  each target's JVM heap (default 256m; the sanitizer's targets get 512m)
#   env FUZZ_TIMEOUT=S  one input running longer than S seconds is a finding (default 20)
set -euo pipefail
SECONDS_PER_TARGET=${1:-60}
FILTER=${2:-}
JOBS=${FUZZ_JOBS:-1}
HEAP=${FUZZ_HEAP:-256m}
TIMEOUT=${FUZZ_TIMEOUT:-20}
MODULES=(crypto policies audit sanitizer server)
ROOT=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)

[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/fuzz.sh [SECONDS] [FILTER]" >&2; exit 2; }

source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/java.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandyq-bench-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "building the fuzz tests (${MODULES[*]})…" >&2
build_start=$SECONDS
modules=$(IFS=,; echo "${MODULES[*]}")
# One reactor run compiles and writes each module's test class path (its sibling modules as their
# target/classes): nothing is installed.
(cd "$ROOT" && mvn -B -q -DskipTests -pl "$modules" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt >"$WORK/build.log" 2>&1) \
  || { tail -40 "$WORK/build.log" >&2; exit 1; }

build_secs=$((SECONDS - build_start))

# Every fuzz target: module, class, method (a method annotated @FuzzTest, the method on the next lines).
for m in "${MODULES[@]}"; do
  [[ -d "$ROOT/$m/src/test/java" ]] || continue
  { grep -rl --include='*.java' '@FuzzTest' "$ROOT/$m/src/test/java" || true; } | sort | while read -r f; do
    cls=${f#"$ROOT/$m/src/test/java/"}
    cls=${cls%.java}
    awk -v m="$m" -v c="${cls//\//.}" '
      /@FuzzTest/ { want = 1; next }
      want && match($0, /void [A-Za-z0-9_]+\(/) { print m, c, substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$f"
  done
done >"$WORK/targets.txt"
if [[ -n "$FILTER" ]]; then
  awk -v f="$FILTER" 'index($2 "#" $3, f)' "$WORK/targets.txt" >"$WORK/t" && mv "$WORK/t" "$WORK/targets.txt"
fi
count=$(wc -l <"$WORK/targets.txt")
((count > 0)) || { echo "fuzz: no fuzz target matches '$FILTER'" >&2; exit 1; }
echo "fuzzing $count targets for ${SECONDS_PER_TARGET} s each, $JOBS at a time, on $("$JAVA" -version 2>&1 | head -1)…" >&2

# fuzz MODULE CLASS METHOD: one target in its own JVM; writes its figures to $WORK/result.<n>
fuzz() {
  local m=$1 cls=$2 method=$3 n=$4
  local dir="$ROOT/$m"
  local inputs="$dir/src/test/resources/${cls//.//}Inputs/$method"
  local corpus="$dir/target/fuzz-corpus/$cls/$method"
  local findings="$dir/target/fuzz-findings/${cls##*.}/$method"
  local heap=$HEAP
  [[ $m == sanitizer && -z ${FUZZ_HEAP:-} ]] && heap=512m
  # findings of an earlier run are gone: each one was fixed and checked in as an input, or is
  # found again from the corpus
  rm -rf "$findings"
  mkdir -p "$corpus" "$findings"
  local seeds=()
  [[ -d "$inputs" ]] && seeds=("$inputs")
  local log="$WORK/log.$n"
  local start=$SECONDS
  # Jazzer's driver: libFuzzer flags with one dash, Jazzer's with two. New coverage goes to the
  # first corpus directory; the checked-in inputs are read, never written.
  (cd "$dir" && timeout $((SECONDS_PER_TARGET + 300)) "$JAVA" "-Xmx$heap" -Xss1m -XX:+EnableDynamicAgentLoading \
    --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$WORK" \
    -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" \
    com.code_intelligence.jazzer.Jazzer --target_class="$cls" --target_method="$method" \
    --keep_going=1000 --reproducer_path="$findings" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$corpus" "${seeds[@]}") >"$log" 2>&1 || true
  local execs rate found
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  found=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
  if [[ -z "$execs" ]]; then
    # no libFuzzer statistics: the JVM did not get to fuzzing (or died); that is a finding too
    execs=0 rate=0
    cp "$log" "$findings/failed-run.log"
    found=$((found + 1))
  fi
  echo "$cls#$method $execs ${rate:-0} $((SECONDS - start)) $found $findings" >"$WORK/result.$n"
}

n=0
fuzz_start=$SECONDS
while read -r m cls method; do
  n=$((n + 1))
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
  echo "  [$n/$count] $cls#$method" >&2
  fuzz "$m" "$cls" "$method" "$n" &
done <"$WORK/targets.txt"
wait

echo
printf '%-72s %12s %8s %9s\n' "target" "executions" "exec/s" "findings"
total=0 total_found=0
for i in $(seq 1 "$n"); do
  read -r name execs rate secs found where <"$WORK/result.$i"
  printf '%-72s %12d %8d %9d\n' "$name" "$execs" "$rate" "$found"
  total=$((total + execs))
  total_found=$((total_found + found))
  if ((found > 0)); then
    find "$where" -maxdepth 1 -type f ! -name '*.java' -printf '      %p\n'
  fi
done
printf '%-72s %12d %8s %9d\n' "total ($n targets, ${SECONDS_PER_TARGET} s each)" "$total" "" "$total_found"
echo "fuzzing took $((SECONDS - fuzz_start)) s of wall-clock time ($JOBS at a time), building before it $build_secs s"
if ((total_found > 0)); then
  echo "findings: fix the parser (a typed error, never a crash), then copy each input into its target's"
  echo "src/test/resources/<package>/<Class>Inputs/<method>/ so that mvn verify replays it"
  exit 1
fi
