#!/usr/bin/env bash
# Compares two commits' derivation time in one JVM (bench/ab/AB.java): the samples' parse + derive and the staged
# k-layer networks of DeriveBenchmark. Usage: bench/ab.sh OLD_REV [NEW_REV]   (NEW_REV: the working tree)
# Environment: ROUNDS=7 SECONDS_PER_ROUND=1.5 WORKS="samples depth16 depth256 depth1024". About 4 minutes.
# The harness (bench/ab) and the networks' text (the test class Networks) are compiled from the working tree, so
# OLD_REV needs the library calls Work.java makes. Times are thread CPU time: the collector's threads are left out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
old="$1" new="${2:-}"
tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; git worktree remove --force "$tmp/new" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
build() {  # rev dir: the main classes of rev, compiled
  git worktree add -q --detach "$2" "$1"
  (cd "$2" && mvn -q -B -DskipTests compile)
}
build "$old" "$tmp/old"
if [ -n "$new" ]; then build "$new" "$tmp/new"; new_classes="$tmp/new/target/classes"; else
  mvn -q -B -DskipTests compile; new_classes="target/classes"; fi
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$tmp/cp.txt" >/dev/null
mkdir -p "$tmp/harness"
javac -d "$tmp/harness" -cp "target/classes:target/test-classes:$(cat "$tmp/cp.txt")" bench/ab/Work.java bench/ab/AB.java
# the harness and the test classes (Networks) are shared; each build brings its own main classes
java -Xss512m -cp "$tmp/harness" AB "$tmp/old/target/classes" "$new_classes" "$tmp/harness:target/test-classes:$(cat "$tmp/cp.txt")" \
  "${ROUNDS:-7}" "${SECONDS_PER_ROUND:-1.5}" ${WORKS:-samples depth16 depth256 depth1024}
