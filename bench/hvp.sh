#!/usr/bin/env bash
# Issue 13's size target: a k-layer network's Hessian-vector product (with respect to W_1, the
# deepest layer) derives in time linear in k. Runs HessianVectorBenchmark (JMH, src/test/java/
# dev/matdiff/bench/) for k = 4 … 64 and prints the time per layer of each; the figures are
# quoted in docs/PERFORMANCE.md. About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -o -DskipTests test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p bench/results
java -cp "$cp" org.openjdk.jmh.Main HessianVectorBenchmark -f 1 -wi 5 -w 1s -i 5 -r 1s -jvmArgsAppend "-Xss64m" \
  -rf json -rff bench/results/hvp.json -o bench/results/hvp.log
python3 - <<'PY'
import json
rows = json.load(open("bench/results/hvp.json"))
print("| k | derive --hvp (ms) | ms per layer |")
print("|---:|---:|---:|")
for r in rows:
    k = int(r["params"]["k"]); ms = r["primaryMetric"]["score"]
    print(f"| {k} | {ms:.2f} | {ms / k:.3f} |")
PY
