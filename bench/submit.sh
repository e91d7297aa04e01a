#!/usr/bin/env bash
# bench/submit.sh — `sandyq submit` of one large file end to end (clean, seal, upload, the server's
# durable write, the receipt and its log proof checked) against `dd bs=1M conv=fdatasync` writing
# the same file on the same disk, in one run.
#
# Builds the launcher jar from this checkout (plain `mvn -B -q -DskipTests -pl dist -am package`,
# every plugin version pinned in the parent POM, so a fresh clone works; never `install`), makes
# three lawyers and a signed 2-of-3 policy with the real command line, inits a vault and runs it
# with `server run --pow-bits 0` in a 512 MiB heap, writes SIZE_MIB MiB (default 1024) of random
# data, sends one small tip through the launcher first (so its start-up cache is built before the
# clock runs), then ROUNDS times (default 3), alternating which goes first, after `sync` and PAUSE
# seconds (default 10: a virtual disk writes a gigabyte that closely follows another more slowly):
#   - `./sandyq submit --allow-unsanitized --file DATA` (what a source runs: a fresh JVM, the
#     receipt's Argon2id with the files hashed meanwhile, sealing in order into a private scratch
#     file while the upload follows the writer, the 201 that comes only
#     once the envelope, its directory and its row are synced, the log proof checked);
#   - `dd if=DATA of=NEW bs=1M conv=fdatasync`.
# Prints each round, the medians, the ratio (target <= 1.5x) and the server's peak RSS (VmHWM;
# target <= 512 MiB).
# Usage: bench/submit.sh [SIZE_MIB] [ROUNDS]
set -euo pipefail
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
BENCH=submit
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/launcher-env.sh"

build_launcher
echo "making identities, a policy, a vault and ${SIZE_MIB} MiB of data…" >&2
make_policy
head -c $((SIZE_MIB << 20)) /dev/urandom >"$WORK/data.bin"
start_vault 512m

echo "a small tip first (pins the vault, builds the launcher's start-up cache)…" >&2
sandyq submit --server "$URL" --pin "$FPR" --category other --text "warm-up" >/dev/null

# timed LABEL CMD...: runs CMD, sets SECS (wall) and appends nothing else
timed() {
  local label=$1
  shift
  local t0=$EPOCHREALTIME
  "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || { echo "bench: $label failed" >&2; cat "$WORK/err.txt" >&2; exit 1; }
  SECS=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
}

settle() {
  sync
  sleep "${PAUSE:-10}"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_submit() {
  timed "sandyq submit" "$ROOT/sandyq" submit --server "$URL" --category other --file "$WORK/data.bin" \
    --allow-unsanitized --json
  grep -q '"log_verified" *: *true' "$WORK/out.txt" || { echo "bench: submit did not verify its log proof" >&2; cat "$WORK/out.txt" >&2; exit 1; }
  SUB+=("$SECS")
  s_sub=$SECS
}

run_dd() {
  timed "dd" dd if="$WORK/data.bin" of="$WORK/dd$1.out" bs=1M conv=fdatasync status=none
  DD+=("$SECS")
  s_dd=$SECS
}

SUB=() DD=()
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then
    settle; run_dd "$r"; settle; run_submit
  else
    settle; run_submit; settle; run_dd "$r"
  fi
  rm -f "$WORK/dd$r.out"
  printf 'round %d: submit %6.2f s   dd conv=fdatasync %5.2f s\n' "$r" "$s_sub" "$s_dd"
done
leftover=$(find "$SANDYQ_HOME/tmp" -type f ! -name owner 2>/dev/null | wc -l)
((leftover == 0)) || { echo "bench: submit left $leftover files in its scratch directory" >&2; exit 1; }
PEAK_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")

ms=$(median "${SUB[@]}") md=$(median "${DD[@]}")
echo
printf 'median of %d, %d MiB on %s:\n' "$ROUNDS" "$SIZE_MIB" "$("$JAVA" -version 2>&1 | head -1)"
printf '  submit %6.2f s vs dd conv=fdatasync %5.2f s: %5.2fx (target <= 1.5x)\n' \
  "$ms" "$md" "$(awk -v a="$ms" -v b="$md" 'BEGIN { print a / b }')"
printf '  server peak RSS %d MiB with -Xmx512m (target <= 512)\n' $((PEAK_KB / 1024))
echo "  (submit includes JVM start, the receipt's Argon2id, sealing, the upload over loopback, the server's"
echo "   fsyncs and commit, and checking the log proof; dd only copies and syncs)"
