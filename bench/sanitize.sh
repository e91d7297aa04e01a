#!/usr/bin/env bash
# bench/sanitize.sh — Sandyq's sanitizer against mat2 on the same generated corpus.
#
# The corpus is the one the sanitizer's tests generate (sanitizer/src/test/java/.../Corpus.java):
# one file per supported format, a distinct marker in every metadata field, known content.
# It is copied COPIES times (default 5) into one file set; both tools clean the whole set in one
# invocation each (`sandyq sanitize FILE... --out DIR` and `mat2 FILE...`), so JVM and Python
# start-up are counted once per set, as a user would see them. Then, for each file of the first
# copy, it reports what each tool left behind (markers found in the raw bytes, zip members and
# PDF streams; exiftool tags outside the per-format structural allowlist) and whether the
# content survived (decoded pixels, PDF text, media bytes, document text).
#
# Needs: a JDK 21+, Maven, mat2 and exiftool (Debian: apt-get install mat2 libimage-exiftool-perl).
# SCALE (default 40) sizes the files like real evidence: at 40 the photo is 2560x1920, the PDF has
# 20 pages, the recordings last about 40 seconds; SCALE 1 is the small corpus of the tests.
# Usage: bench/sanitize.sh [COPIES] [SCALE]
set -euo pipefail

COPIES=${1:-5}
SCALE=${2:-40}
ROOT=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
command -v mat2 >/dev/null || { echo "bench/sanitize.sh: mat2 is not installed (apt-get install mat2)" >&2; exit 1; }
command -v exiftool >/dev/null || echo "bench/sanitize.sh: exiftool is not installed; tag counts will be missing" >&2

source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/java.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandyq-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "building the sanitizer and its test classes…" >&2
# online, from a clean clone: the sanitizer and what it needs are built and installed first
(cd "$ROOT" && mvn -B -q -pl sanitizer -am install -DskipTests >/dev/null \
  && mvn -B -q -pl sanitizer test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$ROOT/sanitizer/target/test-classes:$ROOT/sanitizer/target/classes:$(cat "$WORK/cp.txt")"

# The Sandyq command: the launcher (which builds the CLI), or, if the rest of the tree does not
# build right now, the last built CLI jar with the freshly built sanitizer ahead of it.
SANDYQ=("$ROOT/sandyq")
if ! "$ROOT/sandyq" --help >/dev/null 2>&1; then
  [[ -f "$ROOT/client-cli/target/sandyq-client.jar" ]] \
    || { echo "bench/sanitize.sh: ./sandyq does not build and there is no client-cli/target/sandyq-client.jar" >&2; exit 1; }
  echo "note: ./sandyq did not build; using client-cli/target/sandyq-client.jar with the fresh sanitizer first on the class path" >&2
  SANDYQ=("$JAVA" -cp "$ROOT/sanitizer/target/classes:$(cat "$WORK/cp.txt"):$ROOT/client-cli/target/sandyq-client.jar" org.sandyq.cli.Main)
fi

"$JAVA" -cp "$CP" org.sandyq.sanitizer.Corpus "$WORK/corpus" "$SCALE"
mapfile -t NAMES < <(cd "$WORK/corpus" && ls | sort)
SQ_IN=() M2_IN=()
for ((c = 1; c <= COPIES; c++)); do
  mkdir -p "$WORK/sq/in$c" "$WORK/m2/in$c"
  for n in "${NAMES[@]}"; do
    cp "$WORK/corpus/$n" "$WORK/sq/in$c/$n"
    cp "$WORK/corpus/$n" "$WORK/m2/in$c/$n"
    SQ_IN+=("$WORK/sq/in$c/$n")
    M2_IN+=("$WORK/m2/in$c/$n")
  done
done
FILES=${#SQ_IN[@]}

now() { date +%s.%N; }
# warm the page cache and the launcher's up-to-date check once, untimed
"${SANDYQ[@]}" sanitize "${SQ_IN[0]}" --out "$WORK/warm" >/dev/null 2>&1 || true

t0=$(now)
"${SANDYQ[@]}" sanitize "${SQ_IN[@]}" --out "$WORK/sq/out" --json >"$WORK/sq.json" 2>"$WORK/sq.err" \
  || { echo "sandyq sanitize failed:" >&2; cat "$WORK/sq.err" >&2; exit 1; }
t1=$(now)
mat2 "${M2_IN[@]}" >"$WORK/m2.log" 2>&1 || true
t2=$(now)

MB=$(du -scm "$WORK"/sq/in* | tail -1 | cut -f1)
awk -v mb="$MB" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v files="$FILES" -v copies="$COPIES" -v formats="${#NAMES[@]}" 'BEGIN {
  sq = t1 - t0; m2 = t2 - t1
  printf "\n%d files (%d formats x %d copies, %s MB in all), one invocation per tool\n\n", files, formats, copies, mb
  printf "%-8s %10s %14s %16s\n", "tool", "seconds", "ms per file", "s per file set"
  printf "%-8s %10.2f %14.1f %16.3f\n", "sandyq", sq, sq * 1000 / files, sq / copies
  printf "%-8s %10.2f %14.1f %16.3f\n", "mat2", m2, m2 * 1000 / files, m2 / copies
  printf "\nmat2 / sandyq time ratio: %.1fx\n\n", m2 / sq
}'
echo "What each tool left behind in the first copy (markers: distinct planted markers still found;"
echo "tags: exiftool tags outside the structural allowlist; '-' means the tool produced no output):"
echo
"$JAVA" -cp "$CP" org.sandyq.sanitizer.BenchReport "$WORK/sq/in1" "$WORK/sq/out" "$WORK/m2/in1" "$SCALE" 2>/dev/null
echo
echo "mat2 messages:"
sed 's/^/  /' "$WORK/m2.log" | sort -u | head -20
