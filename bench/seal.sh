#!/usr/bin/env bash
# bench/seal.sh — sealing and opening 1 GiB with Sandyq against age on the same data, in one run.
#
# Builds the launcher jar from this checkout (plain `mvn -B -q -DskipTests -pl dist -am package`,
# every plugin version pinned in the parent POM, so a fresh clone with an empty local repository
# works; never `install`), makes three lawyer identities and a signed 2-of-3 policy with the real
# command line, writes SIZE_MIB MiB (default 1024) of random data, then ROUNDS times (default 3):
#   - `./sandyq seal --allow-unsanitized --out` in a fresh JVM through the launcher and its JDK 25
#     start-up cache (the command a source runs: receipt derivation with Argon2id, one pass that
#     hashes and encrypts, fsync of the envelope) against `age -r`;
#   - opening the evidence in a fresh JVM as `unseal open` does for its keys (crypto's BenchOpen:
#     unlock the requester's keystore, combine their share with a colleague's, EnvelopeOpener
#     checks every file's hash) against `age -d`; the opened file must equal the input. The
#     colleague's share comes from a step before, timed apart and not part of open: in the real
#     command it arrives in an approval, made earlier by the colleague with their own keystore.
#   - then the command itself, `./sandyq unseal open`, ROUNDS times against a vault on loopback
#     (the data submitted once; a fresh request approved by a colleague before each, not timed).
#   - `dd bs=1M conv=fdatasync` of the same file, each round: the disk's time for a durable write of
#     that size, which seal's output is (it is synced before "sealed") and age's is not; printed as
#     a second ratio so that the disk's share of seal's time can be read.
# Wall times come from /usr/bin/time -v, as does peak RSS. Prints each round, the medians and the
# ratios (target: seal <= 1.0x age, open <= 1.0x age -d, peak RSS <= 300 MiB).
# Needs a JDK 21+ (25 recommended), Maven, GNU time, and age (installed with apt-get if missing and root).
# Usage: bench/seal.sh [SIZE_MIB] [ROUNDS]
set -euo pipefail
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
BENCH=seal
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/launcher-env.sh"
[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 1; }
if ! command -v age >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y age >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y age >/dev/null 2>&1; }
  fi
  command -v age >/dev/null || { echo "bench: needs age (apt-get install age)" >&2; exit 1; }
fi

build_launcher
OPEN_CP="$ROOT/crypto/target/test-classes:$JAR"

echo "making identities, a policy and ${SIZE_MIB} MiB of data…" >&2
make_policy
head -c $((SIZE_MIB << 20)) /dev/urandom >"$WORK/data.bin"
# what a source runs is the launcher, with the start-up cache it builds once per build: build it now
"$ROOT/sandyq" seal --policy "$WORK/policy.json" --category other --text "warm-up" --out "$WORK/warm.sandyq" >/dev/null
age-keygen -o "$WORK/age.key" 2>/dev/null
RECIPIENT=$(age-keygen -y "$WORK/age.key")

# timed LABEL CMD...: runs CMD under GNU time; sets SECS and RSS_MIB
timed() {
  local label=$1
  shift
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" \
    || { echo "bench: $label failed" >&2; cat "$WORK/err.txt" "$WORK/time.txt" >&2; exit 1; }
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/time.txt")
  RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

SEAL=() OPEN=() DECRYPT=() AGE=() AGED=() DD=() PEAK_SEAL=0 PEAK_OPEN=0
for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/e.sandyq" "$WORK/opened" "$WORK/e.age" "$WORK/aged.bin"
  sync
  timed "sandyq seal" "$ROOT/sandyq" seal --policy "$WORK/policy.json" \
    --category other --file "$WORK/data.bin" --allow-unsanitized --out "$WORK/e.sandyq"
  SEAL+=("$SECS"); ((RSS_MIB > PEAK_SEAL)) && PEAK_SEAL=$RSS_MIB
  s_seal=$SECS
  rm -f "$WORK/bakyt.share"
  timed "colleague's approval" "$JAVA" -XX:+UseSerialGC -cp "$OPEN_CP" org.sandyq.crypto.envelope.BenchOpen approve "$WORK/e.sandyq" \
    "$WORK/bakyt.share" "$WORK/keys/bakyt.key"
  s_approve=$SECS
  sync
  timed "sandyq open" "$JAVA" -XX:+UseSerialGC -cp "$OPEN_CP" org.sandyq.crypto.envelope.BenchOpen "$WORK/e.sandyq" "$WORK/opened" \
    "$WORK/keys/aigerim.key" "$WORK/bakyt.share"
  OPEN+=("$SECS"); ((RSS_MIB > PEAK_OPEN)) && PEAK_OPEN=$RSS_MIB
  s_open=$SECS
  read -r s_decrypt s_unlock <"$WORK/out.txt"
  DECRYPT+=("$s_decrypt")
  cmp -s "$WORK/data.bin" "$WORK/opened/files/file-1.bin" || { echo "bench: the opened file differs from the input" >&2; exit 1; }
  sync
  timed "age -r" age -r "$RECIPIENT" -o "$WORK/e.age" "$WORK/data.bin"
  AGE+=("$SECS")
  s_age=$SECS
  sync # each timed step starts with no other step's writes still going to the disk
  timed "age -d" age -d -i "$WORK/age.key" -o "$WORK/aged.bin" "$WORK/e.age"
  AGED+=("$SECS")
  s_aged=$SECS
  # the disk's own time for a durable write of the same size: seal syncs its envelope, age does not
  rm -f "$WORK/dd.out"
  sync
  timed "dd" dd if="$WORK/data.bin" of="$WORK/dd.out" bs=1M conv=fdatasync status=none
  DD+=("$SECS")
  printf 'round %d: seal %6.2f s  open %6.2f s (unlock %s s, decrypt alone %s s)  age -r %5.2f s  age -d %5.2f s  dd conv=fdatasync %5.2f s  [colleague'"'"'s approval, apart: %.2f s]\n' \
    "$r" "$s_seal" "$s_open" "$s_unlock" "$s_decrypt" "$s_age" "$s_aged" "$SECS" "$s_approve"
done

# The command itself: `./sandyq unseal open` through the launcher, against a vault on loopback
# (launcher-env.sh's start_vault). The data is submitted once; each round a fresh request by aigerim,
# approved by bakyt (not timed), then the timed open: one keystore, the quorum and the log checked,
# the envelope decrypted as it arrives (no copy of it on disk), checked and synced.
echo "the command: a vault on loopback, ${SIZE_MIB} MiB submitted once, then unseal open ${ROUNDS} times…" >&2
start_vault 512m
sandyq submit --server "$URL" --pin "$FPR" --category other --file "$WORK/data.bin" --allow-unsanitized >/dev/null
SUBMISSION=$(sandyq inbox --server "$URL" --key "$WORK/keys/aigerim.key" --ids --limit 1)
UNSEAL=() PEAK_UNSEAL=0
for r in $(seq 1 "$ROUNDS"); do
  RID=$(sandyq unseal request --server "$URL" --key "$WORK/keys/aigerim.key" --submission "$SUBMISSION" \
    --reason "bench round $r" 2>"$WORK/err.txt") || { cat "$WORK/err.txt" >&2; exit 1; }
  sandyq unseal approve --server "$URL" --key "$WORK/keys/bakyt.key" --request "$RID" --yes >/dev/null
  rm -rf "$WORK/opened"
  sync
  timed "sandyq unseal open" "$ROOT/sandyq" unseal open --server "$URL" --key "$WORK/keys/aigerim.key" \
    --request "$RID" --out "$WORK/opened"
  UNSEAL+=("$SECS"); ((RSS_MIB > PEAK_UNSEAL)) && PEAK_UNSEAL=$RSS_MIB
  cmp -s "$WORK/data.bin" "$WORK/opened/files/file-1.bin" || { echo "bench: unseal open's file differs from the input" >&2; exit 1; }
  printf 'round %d: unseal open %6.2f s\n' "$r" "$SECS"
done

ms=$(median "${SEAL[@]}") mo=$(median "${OPEN[@]}") ma=$(median "${AGE[@]}") mad=$(median "${AGED[@]}")
echo
printf 'median of %d, %d MiB on %s:\n' "$ROUNDS" "$SIZE_MIB" "$("$JAVA" -version 2>&1 | head -1)"
printf '  seal  %6.2f s vs age -r %5.2f s: %5.1fx (target <= 1.0x); peak RSS %d MiB (target <= 300)\n' \
  "$ms" "$ma" "$(awk -v a="$ms" -v b="$ma" 'BEGIN { print a / b }')" "$PEAK_SEAL"
mdd=$(median "${DD[@]}")
printf '  seal  %6.2f s vs dd conv=fdatasync %5.2f s: %5.1fx (the disk: a durable write of the same size, which seal is and age -r is not)\n' \
  "$ms" "$mdd" "$(awk -v a="$ms" -v b="$mdd" 'BEGIN { print a / b }')"
printf '  open  %6.2f s vs age -d %5.2f s: %5.1fx (target <= 1.0x); peak RSS %d MiB (target <= 300)\n' \
  "$mo" "$mad" "$(awk -v a="$mo" -v b="$mad" 'BEGIN { print a / b }')" "$PEAK_OPEN"
mu=$(median "${UNSEAL[@]}")
printf '  unseal open %6.2f s vs age -d %5.2f s: %5.1fx (the command, downloading the envelope from the vault); peak RSS %d MiB\n' \
  "$mu" "$mad" "$(awk -v a="$mu" -v b="$mad" 'BEGIN { print a / b }')" "$PEAK_UNSEAL"
printf '  open: decryption alone (unlocked key to written, hash-checked, synced files) %.2f s\n' "$(median "${DECRYPT[@]}")"
echo "  (seal includes JVM start, the receipt's Argon2id and the envelope's fsync; open includes JVM start,"
echo "   unlocking the requester's one keystore with Argon2id as \`unseal open\` does, and syncing the"
echo "   opened file; age does none of these. The colleague's share, from an approval made earlier with"
echo "   their own keystore, is prepared before each open and not counted; fetching from the vault is not in open;"
echo "   unseal open is the whole command: the launcher, one keystore, the request, approvals and log checked,"
echo "   the envelope decrypted as it arrives over loopback, the opened file checked and synced)"
