# bench/java.sh — sourced by the benchmarks (not run): sets JAVA to the newest JDK 21+ found
# ($JAVA_HOME first, then /usr/lib/jvm/*), or exits with one line. The newest, because JDK 25's
# intrinsics and AOT cache are what the numbers should be measured with.
JAVA=""
_best=0
for _j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
  [[ -x "$_j" ]] || continue
  _v=$("$_j" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
  if [[ -n "$_v" ]] && ((_v >= 21 && _v > _best)); then JAVA=$_j; _best=$_v; fi
done
unset _j _v _best
[[ -n "$JAVA" ]] || { echo "bench: no JDK 21+ found (set JAVA_HOME to one)" >&2; exit 1; }
