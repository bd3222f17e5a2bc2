#!/usr/bin/env bash
# Times generated NumPy f+grad against hand-written NumPy (bench/codegen.py) and writes bench/codegen-results.md.
# Environment: N=512 (every dimension), SECONDS_EACH=2 (per sample), PYTHON=python3 (an interpreter with NumPy).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
for s in linear-regression two-layer-network gaussian-mle; do
  ./matdiff codegen "samples/$s.mdiff" --lang numpy -o "$dir/${s//-/_}.py"
done
"${PYTHON:-python3}" bench/codegen.py "$dir" --n "${N:-512}" --seconds "${SECONDS_EACH:-2}" --out bench/codegen-results.md
