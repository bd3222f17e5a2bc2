#!/usr/bin/env bash
# matdiff against NumPy on the five workloads of issue 16 ("Numbers at BLAS speed"), f and its gradient,
# float64, on the same data, and writes the ratios to docs/PERFORMANCE.md (through dev.matdiff.bench.Report,
# which keeps the other parts' figures from bench/results/).
#
#  1. builds matdiff and writes every workload's data once (bench/data/WORKLOAD-N/*.npy, with matdiff's own
#     f and gradients, which the NumPy side checks itself against to 1e-9 before it is timed);
#  2. for each round, workload and size: JMH times matdiff (f alone, and f with its gradients on one
#     evaluator), then each NumPy found times its version, one right after the other, so that a change in
#     the machine's load hits both sides of a ratio alike;
#  3. the threads part: the n = 1024 MLP on 2 threads, as `matdiff --threads 2` runs it (OpenBLAS's own threads),
#     as the library runs it in a JVM started with OPENBLAS_NUM_THREADS=1 (products split into slabs), and NumPy's.
#
# Everything single-threaded runs with OPENBLAS_NUM_THREADS=1 on both sides. About 25 minutes on 2 cores
# with the defaults and one NumPy (data: 5 workloads × 4 sizes).
#
# Environment:
#   ROUNDS=3                    rounds of the whole interleaved sweep (ratios are reported per round, then the median)
#   SIZES="64 256 512 1024"     n
#   WORKLOADS="least_squares mlp trace_inv logdet gaussian_nll"
#   PYTHONS="python3 /usr/bin/python3"   Pythons to try; each that imports numpy is timed (one per NumPy version)
#   THREADS=2                   the threads part's thread count (0: skip it)
#   QUICK=1                     one short iteration each, to check the pipeline (figures not meaningful)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

rounds="${ROUNDS:-3}"
sizes="${SIZES:-64 256 512 1024}"
workloads="${WORKLOADS:-least_squares mlp trace_inv logdet gaussian_nll}"
threads="${THREADS:-2}"
out=bench/results/side
data=bench/data
jvm_args="-Xms2g -Xmx2g -Xss64m"
if [ -n "${QUICK:-}" ]; then jmh_opts=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms); py_iter=(1 0.2); else jmh_opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s); py_iter=(3 1); fi

echo "== build" >&2
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

echo "== data" >&2
data_sizes="$(echo $sizes $( [ "$threads" -gt 1 ] && echo 1024 ) | tr ' ' '\n' | sort -nu | paste -sd,)"
java -Xss64m -cp "$cp" dev.matdiff.bench.Workload "$data" "$data_sizes"

rm -rf "$out"
mkdir -p "$out"

# the NumPys to compare with: one Python per NumPy version
pythons=()
seen=" "
for py in ${PYTHONS:-python3 /usr/bin/python3}; do
  command -v "$py" >/dev/null 2>&1 || continue
  v="$("$py" -c 'import numpy; print(numpy.__version__)' 2>/dev/null)" || continue
  case "$seen" in *" $v "*) continue ;; esac
  seen="$seen$v "
  pythons+=("$py")
done
if [ ${#pythons[@]} -eq 0 ]; then
  echo "== no Python with NumPy found (tried: ${PYTHONS:-python3 /usr/bin/python3}): timing matdiff alone" >&2
  echo "none" > "$out/numpy-missing.txt"
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "nproc=$(nproc)"
  echo "memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "jdk=$(java -version 2>&1 | sed -n 2p)"
  echo "jvmArgs=$jvm_args"
  echo "blas=$(java -cp "$cp" dev.matdiff.cli.Main --version | sed -n 2p | sed "s/^BLAS: //")"
  echo "rounds=$rounds"
  echo "loadStart=$(load)"
  i=0
  for py in "${pythons[@]}"; do
    echo "numpy.$i=$("$py" -c 'import numpy, sys; print("NumPy", numpy.__version__, "on Python", sys.version.split()[0])') ($py), BLAS: $("$py" -c 'import sys; sys.argv = ["", "-"]; exec(open("bench/numpy_workloads.py").read().split("if __name__")[0]); print(blas_name())')"
    i=$((i + 1))
  done
} > "$out/machine.properties"

jmh() {  # jmh FILE BENCHMARKS ENV... -- ARGS...
  local file="$1" which="$2"; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env "${envs[@]}" java -cp "$cp" org.openjdk.jmh.Main "$which" "$@" "${jmh_opts[@]}" \
    -jvmArgsAppend "$jvm_args -Dmatdiff.workloads=$data" -rf json -rff "$out/$file.json" -o "$out/$file.log"
}

numpy() {  # numpy FILE PYTHON THREADS WORKLOAD N
  local file="$1" py="$2" t="$3" w="$4" n="$5"
  OPENBLAS_NUM_THREADS="$t" "$py" bench/numpy_workloads.py "$data" "$w" "$n" "${py_iter[@]}" > "$out/$file.json"
}

for r in $(seq 1 "$rounds"); do
  for w in $workloads; do
    W="$(echo "$w" | tr '[:lower:]' '[:upper:]')"
    for n in $sizes; do
      echo "== round $r: $w n=$n ($(load))" >&2
      jmh "matdiff-$w-$n-r$r" 'WorkloadBenchmark\.' OPENBLAS_NUM_THREADS=1 -- -p workload="$W" -p n="$n" -p threads=1
      i=0
      for py in "${pythons[@]}"; do
        numpy "numpy$i-$w-$n-r$r" "$py" 1 "$w" "$n"
        i=$((i + 1))
      done
    done
  done
done

if [ "$threads" -gt 1 ]; then
  for r in $(seq 1 "$rounds"); do
    echo "== threads, round $r ($(load))" >&2
    g='WorkloadBenchmark\.fAndGradient'
    jmh "threads-native-r$r" "$g" OPENBLAS_NUM_THREADS="$threads" -- -p workload=MLP -p n=1024 -p threads=1
    jmh "threads-slabs-r$r" "$g" OPENBLAS_NUM_THREADS=1 -- -p workload=MLP -p n=1024 -p threads="$threads"
    jmh "threads-one-r$r" "$g" OPENBLAS_NUM_THREADS=1 -- -p workload=MLP -p n=1024 -p threads=1
    i=0
    for py in "${pythons[@]}"; do
      numpy "threads-numpy$i-many-r$r" "$py" "$threads" mlp 1024
      numpy "threads-numpy$i-one-r$r" "$py" 1 mlp 1024
      i=$((i + 1))
    done
  done
  echo "threads=$threads" >> "$out/machine.properties"
fi
echo "loadEnd=$(load)" >> "$out/machine.properties"

echo "== report" >&2
java -Xss64m -cp "$cp" dev.matdiff.bench.Report bench/results docs/PERFORMANCE.md bench/notes.md
echo "wrote docs/PERFORMANCE.md" >&2
