#!/usr/bin/env bash
# bench/ingest.sh — durable ingest of one large envelope by the vault server, against
# `dd conv=fdatasync` copying the same file on the same disk.
#
# Seals one envelope of about SIZE_MIB MiB (default 1024) with the real sealer, starts a server
# with --pow-bits 0 and a 256 MiB heap (-Xmx256m: the upload must stream), sends it a small
# warm-up envelope, then POSTs the big one with curl (Content-Length, no Expect) and times the
# request until the 201, which the server sends only after the file is synced, renamed, the
# directory synced and the row and log entry committed. dd copies the same file with bs=1M
# conv=fdatasync to a new file. Both read the envelope from the page cache (it was just written)
# and write new files on $TMPDIR's disk; files are deleted only at the end (on a disk mounted with
# `discard`, deleting a large file slows the writes that follow). Each measurement starts after
# `sync` and PAUSE seconds (default 15: a virtual disk writes a gigabyte that closely follows
# another at half speed); ROUNDS (default 3) alternate which goes first; medians are compared. Prints throughputs, the ratio (target >= 0.67)
# and the server's heap (jstat samples during the upload).
# Usage: bench/ingest.sh [SIZE_MIB] [ROUNDS]
set -euo pipefail
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/server-env.sh"
build

echo "sealing a ${SIZE_MIB} MiB envelope…" >&2
VAULTS=()
for r in $(seq 1 "$ROUNDS"); do VAULTS+=("$WORK/vault$r"); done
tool init "${VAULTS[@]}"
tool seal "$WORK/vault1" 1048576 "$WORK/warm"
# a file 1 MiB short of the size, so the padded payload (Padmé) lands on SIZE_MIB MiB
tool seal "$WORK/vault1" $(( (SIZE_MIB - 1) * 1048576 )) "$WORK/envelope"
BYTES=$(stat -c %s "$WORK/envelope")
MIB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')

post() { # post FILE: prints the HTTP status
  local token
  token=$(curl -sf "http://127.0.0.1:$PORT/v1/intake/challenge" | sed -n 's/.*"challenge" *: *"\([^"]*\)".*/\1/p')
  curl -s -o "$WORK/answer.json" -w '%{http_code}' -X POST -T "$1" -H 'Expect:' \
    -H "Content-Type: application/vnd.sandyq.envelope" -H "Sandyq-Pow: $token:0" \
    -H "Sandyq-Lookup: $(head -c 32 /dev/urandom | base64 -w0)" "http://127.0.0.1:$PORT/v1/submissions"
}

run_dd() { # run_dd ROUND: appends the seconds to DD
  T0=$EPOCHREALTIME
  dd if="$WORK/envelope" of="$WORK/dd$1.out" bs=1M conv=fdatasync status=none
  T1=$EPOCHREALTIME
  DD+=("$(awk -v a="$T0" -v b="$T1" 'BEGIN { print b - a }')")
}

run_server() { # run_server ROUND: appends the seconds to SRV, raises PEAK
  local r=$1 code p blob
  start_server "$WORK/vault$r" -Xmx256m
  # jstat is a JVM too: start it, and let its start-up pass, before the clock runs
  "$(dirname "$JAVA")/jstat" -gc "$SERVER_PID" 250 >"$WORK/jstat$r.txt" 2>/dev/null &
  SAMPLER=$!
  [[ $(post "$WORK/warm") == 201 ]] || { echo "bench: warm-up refused: $(cat "$WORK/answer.json")" >&2; exit 1; }
  settle
  T2=$EPOCHREALTIME
  code=$(post "$WORK/envelope")
  T3=$EPOCHREALTIME
  kill "$SAMPLER" 2>/dev/null || true
  [[ "$code" == 201 ]] || { echo "bench: the server answered $code: $(cat "$WORK/answer.json")" >&2; exit 1; }
  stop_server
  SRV+=("$(awk -v a="$T2" -v b="$T3" 'BEGIN { print b - a }')")
  # used heap = S0U + S1U + EU + OU (KiB), columns 3, 4, 6, 8 of jstat -gc
  p=$(awk 'NR > 1 && $3 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m }' "$WORK/jstat$r.txt")
  ((p > PEAK)) && PEAK=$p
  blob=$(ls -S "$WORK/vault$r"/blobs/* | head -1)
  cmp -s "$WORK/envelope" "$blob" || { echo "bench: the stored envelope differs from the one sent" >&2; exit 1; }
}

# A virtual disk writes a second gigabyte that follows the first much more slowly: let each
# measurement start on a quiet disk, and alternate which of the two goes first.
settle() {
  sync
  sleep "${PAUSE:-15}"
}

DD=()
SRV=()
PEAK=0
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then
    settle; run_dd "$r"; settle; run_server "$r"
  else
    settle; run_server "$r"; settle; run_dd "$r"
  fi
done

awk -v mib="$MIB" -v dd="${DD[*]}" -v srv="${SRV[*]}" -v peak="$PEAK" '
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
BEGIN {
  n = split(dd, d, " "); split(srv, s, " ")
  for (i = 1; i <= n; i++) {
    printf "round %d         dd %.2f s (%.0f MiB/s), server %.2f s (%.0f MiB/s)\n", i, d[i], mib / d[i], s[i], mib / s[i]
  }
  md = median(d, n); ms = median(s, n)
  printf "envelope        %.1f MiB\n", mib
  printf "dd fdatasync    %.0f MiB/s (median of %d; best %.0f)\n", mib / md, n, mib / d[1]
  printf "server ingest   %.0f MiB/s (median of %d; best %.0f; 201 after fsync, rename, dir fsync, commit)\n", mib / ms, n, mib / s[1]
  printf "ratio           %.2f of dd, medians (target >= 0.67); best against best %.2f\n", md / ms, d[1] / s[1]
  printf "server heap     -Xmx256m; peak used during the uploads %.0f MiB\n", peak / 1024
}'
