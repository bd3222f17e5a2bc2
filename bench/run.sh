#!/usr/bin/env bash
# Measures the figures of the issue "Fast at every size" and writes docs/PERFORMANCE.md:
# builds matdiff, runs the JMH benchmarks of src/test/java/dev/matdiff/bench/ (compiled by
# test-compile, never run by mvn verify), times the start-up with hyperfine, and hands the results
# to dev.matdiff.bench.Report. About 30 minutes on 2 cores.
#
# Environment:
#   MAX_LOAD=0.5       before starting, wait until the 1-minute load average is below this ...
#   WAIT_SECONDS=900   ... but no longer than this (the load is recorded either way)
#   PARTS="derive samples eval-small eval-large startup"   the parts to run; the report uses every
#                      result file in bench/results/, so one part can be re-run on its own
#   QUICK=1            one short iteration each, to check the pipeline (figures not meaningful)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

results=bench/results
parts="${PARTS:-derive samples eval-small eval-large startup}"
max_load="${MAX_LOAD:-0.5}"
wait_seconds="${WAIT_SECONDS:-900}"
jvm_args="-Xms2g -Xmx2g -Xss64m"
mkdir -p "$results"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# load-PART.txt: the load averages when a part started and ended, when, and at which commit (a part can be re-run alone)
record() { printf '%-12s %-6s %s   %s  %s\n' "$1" "$2" "$(load)" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" >> "$results/load-$1.txt"; }

echo "== build" >&2
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$max_load" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "$wait_seconds" ]; do
  [ "$waited" -eq 0 ] && echo "== waiting for the load average ($(load)) to fall below $max_load (at most ${wait_seconds}s)" >&2
  sleep 15
  waited=$((waited + 15))
done

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ] && commit="$commit (with uncommitted changes)"
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$commit"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "nproc=$(nproc)"
  echo "memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "jdk=$(java -version 2>&1 | sed -n 2p)"
  echo "jvmArgs=$jvm_args"
  echo "otherLoad=1-minute load average $(cut -d' ' -f1 /proc/loadavg) when the measurements started, after waiting ${waited} s for it to fall below $max_load"
} > "$results/machine.properties"

if [ -n "${QUICK:-}" ]; then
  short=(-f 1 -wi 0 -i 1 -r 200ms); long=("${short[@]}"); derive=("${short[@]}"); small=("${short[@]}")
else
  derive=(-f 1 -wi 10 -w 2s -i 8 -r 2s)    # 15 configurations, about 9.5 minutes; k = 1,024 needs 8-10 s before the JIT settles
  short=(-f 1 -wi 10 -w 1s -i 5 -r 1s)     # 17 samples x 3, about 14 minutes: the derivation's code takes 8-10 s to compile
  small=(-f 1 -wi 3 -w 1s -i 5 -r 1s)      # 15 configurations at n = 4, about 2.5 minutes
  long=(-f 2 -wi 2 -w 2s -i 3 -r 2s)       # 15 configurations at n = 512, about 6 minutes
fi

jmh() {
  local name="$1"; shift
  echo "== $name" >&2
  rm -f "$results/load-$name.txt"
  record "$name" start
  java -cp "$cp" org.openjdk.jmh.Main "$@" -jvmArgsAppend "$jvm_args" -rf json -rff "$results/$name.json" -o "$results/$name.log"
  record "$name" end
}

for part in $parts; do
  case "$part" in
    derive) jmh derive 'DeriveBenchmark' "${derive[@]}" ;;
    samples) jmh samples 'SampleBenchmark' "${short[@]}" ;;
    eval-small) jmh eval-small 'EvalBenchmark' -p n=4 "${small[@]}" ;;
    eval-large) jmh eval-large 'EvalBenchmark' -p n=512 "${long[@]}" ;;
    startup)
      echo "== startup" >&2
      # a fresh machine lacks hyperfine; Debian packages it
      command -v hyperfine >/dev/null || (apt-get install -y -qq hyperfine >/dev/null 2>&1) \
        || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
      # a fresh class-data-sharing archive for the jar just built (the launcher makes it when it is missing)
      rm -f target/matdiff.jsa
      ./matdiff derive samples/linear-regression.mdiff --wrt w >/dev/null
      rm -f "$results/load-startup.txt"
      record startup start
      hyperfine -N --warmup 3 --runs 20 --export-json "$results/startup.json" \
        './matdiff derive samples/linear-regression.mdiff --wrt w' >&2
      record startup end
      ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done

echo "== report" >&2
java -Xss64m -cp "$cp" dev.matdiff.bench.Report "$results" docs/PERFORMANCE.md bench/notes.md
echo "wrote docs/PERFORMANCE.md" >&2
