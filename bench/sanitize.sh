#!/usr/bin/env bash
# bench/sanitize.sh — Sandyq's sanitizer against mat2 on the same generated corpus.
#
# The corpus is the one the sanitizer's tests generate (sanitizer/src/test/java/.../Corpus.java):
# one file per supported format, a distinct marker in every metadata field, known content, plus a
# V5 bitmap with a colour profile and hidden bytes, and (with ffmpeg) a Matroska (MPEG-4 + FLAC)
# and a WebM (VP8 + Vorbis) file with a title, tags, chapters, track names and an attachment.
# It is copied COPIES times (default 5) into one file set, and both tools clean it two ways:
#   - one call over the whole set (`sandyq sanitize FILE... --out DIR`, `mat2 FILE...`): JVM and
#     Python start-up counted once;
#   - one call per file, what a source does with one photo: start-up counted every time.
# Then, for each file of the first copy, it reports what each tool left behind (markers in the raw
# bytes, zip members and PDF streams; exiftool tags outside the per-format structural allowlist),
# whether the content survived (decoded pixels, PDF text, media bytes, document text), and counts
# per tool: cleaned, refused or failed, left with metadata, content changed; and, on the
# active-content fixtures of ActiveContentTest (a DOCX, a macro workbook named .xlsx, a PPTX, an ODT
# and a PDF full of fields, links, macros, actions and scripts), which classes each tool left.
#
# Runs on a fresh clone: builds with Maven online (no -o, nothing installed into ~/.m2: `package`
# and the dependency plugin at a pinned version), finds the JDK with bench/java.sh, and runs the
# command line's jar (dist/target/sandyq.jar) with the AOT cache the ./sandyq launcher would build
# (JDK 25+: the same training run as the launcher's cache for `sanitize`, `org.sandyq.dist.Training
# sanitize`, which sanitizes a sample of each common type), so the times are those of a cold
# `./sandyq sanitize`.
#
# Needs: a JDK 21+ (25+ for the AOT cache), Maven, mat2, exiftool, qpdf and ffmpeg
# (Debian: apt-get install mat2 libimage-exiftool-perl qpdf ffmpeg; mat2 needs ffmpeg for audio and video).
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

readonly DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
echo "building the command line and the sanitizer's test classes…" >&2
(cd "$ROOT" && mvn -B -q -pl dist -am package -DskipTests >/dev/null \
  && mvn -B -q -pl sanitizer test-compile "$DEPENDENCY_PLUGIN:build-classpath" -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$ROOT/sanitizer/target/test-classes:$ROOT/sanitizer/target/classes:$(cat "$WORK/cp.txt")"
JAR="$ROOT/dist/target/sandyq.jar"

# The launcher's JVM options and AOT cache (see ./sandyq), built here so nothing outside $WORK changes.
SANDYQ=("$JAVA" -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED)
major=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
if ((major >= 25)); then
  AOT_JVM=(-XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED "-Xlog:aot*=off" "-Xlog:cds*=off")
  echo "training the AOT cache (as ./sandyq does after a build)…" >&2
  if "$JAVA" "${AOT_JVM[@]}" "-XX:AOTCacheOutput=$WORK/sandyq.aot" -cp "$JAR" org.sandyq.dist.Training sanitize \
      >/dev/null 2>&1; then
    SANDYQ=("$JAVA" "${AOT_JVM[@]}" "-XX:AOTCache=$WORK/sandyq.aot")
  else
    echo "note: the AOT training failed; timing without a cache" >&2
  fi
fi
SANDYQ+=(-jar "$JAR")

"$JAVA" -cp "$CP" org.sandyq.sanitizer.Corpus "$WORK/corpus" "$SCALE" "$WORK/active/in"
mapfile -t NAMES < <(cd "$WORK/corpus" && ls | sort)
SQ_IN=() M2_IN=()
for ((c = 1; c <= COPIES; c++)); do
  mkdir -p "$WORK/sq/in$c" "$WORK/m2/in$c" "$WORK/sq1/in$c" "$WORK/m21/in$c"
  for n in "${NAMES[@]}"; do
    for d in sq m2 sq1 m21; do cp "$WORK/corpus/$n" "$WORK/$d/in$c/$n"; done
    SQ_IN+=("$WORK/sq/in$c/$n")
    M2_IN+=("$WORK/m2/in$c/$n")
  done
done
FILES=${#SQ_IN[@]}

now() { date +%s.%N; }
# warm the page cache once, untimed
"${SANDYQ[@]}" sanitize "${SQ_IN[0]}" --out "$WORK/warm" >/dev/null 2>&1 || true

t0=$(now)
"${SANDYQ[@]}" sanitize "${SQ_IN[@]}" --out "$WORK/sq/out" --json >"$WORK/sq.json" 2>"$WORK/sq.err" \
  || { echo "sandyq sanitize failed:" >&2; cat "$WORK/sq.err" >&2; exit 1; }
t1=$(now)
mat2 "${M2_IN[@]}" >"$WORK/m2.log" 2>&1 || true
t2=$(now)
# one call per file: what a source does with one file
for f in "$WORK"/sq1/in*/*; do
  "${SANDYQ[@]}" sanitize "$f" --out "$WORK/sq1/out-$(basename "$(dirname "$f")")-$(basename "$f")" >/dev/null 2>&1 || true
done
t3=$(now)
for f in "$WORK"/m21/in*/*; do
  mat2 "$f" >/dev/null 2>&1 || true
done
t4=$(now)

# the active-content fixtures (untimed): what each tool leaves that would load or run when opened
mkdir -p "$WORK/active/m2"
cp "$WORK"/active/in/* "$WORK/active/m2/"
"${SANDYQ[@]}" sanitize "$WORK"/active/in/* --out "$WORK/active/sq" >/dev/null 2>&1 || true
mat2 "$WORK"/active/m2/* >>"$WORK/m2.log" 2>&1 || true

MB=$(du -scm "$WORK"/sq/in* | tail -1 | cut -f1)
awk -v mb="$MB" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v t4="$t4" -v files="$FILES" -v copies="$COPIES" \
    -v formats="${#NAMES[@]}" 'BEGIN {
  sq = t1 - t0; m2 = t2 - t1; sq1 = t3 - t2; m21 = t4 - t3
  printf "\n%d files (%d formats x %d copies, %s MB in all)\n\n", files, formats, copies, mb
  printf "%-26s %10s %14s\n", "tool, calls", "seconds", "ms per file"
  printf "%-26s %10.2f %14.1f\n", "sandyq, one call", sq, sq * 1000 / files
  printf "%-26s %10.2f %14.1f\n", "mat2, one call", m2, m2 * 1000 / files
  printf "%-26s %10.2f %14.1f\n", "sandyq, one call per file", sq1, sq1 * 1000 / files
  printf "%-26s %10.2f %14.1f\n", "mat2, one call per file", m21, m21 * 1000 / files
  printf "\nmat2 / sandyq time ratio: %.1fx in one call, %.1fx one call per file\n\n", m2 / sq, m21 / sq1
}'
echo "What each tool left behind in the first copy (markers: distinct planted markers still found;"
echo "tags: exiftool tags outside the structural allowlist; '-' means the tool produced no output):"
echo
"$JAVA" -cp "$CP" org.sandyq.sanitizer.BenchReport "$WORK/sq/in1" "$WORK/sq/out" "$WORK/m2/in1" "$SCALE" \
  "$WORK/active/in" "$WORK/active/sq" "$WORK/active/m2" 2>/dev/null
echo
echo "mat2 messages:"
# sed, not head, takes the first lines: head leaves sort writing to a closed pipe, and with
# pipefail the script ended with status 141 after a full report when mat2 said much
sort -u "$WORK/m2.log" | sed -n 's/^/  /; 1,20p'
