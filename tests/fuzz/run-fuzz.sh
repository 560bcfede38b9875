#!/usr/bin/env bash
# run-fuzz.sh [SECONDS] -- build the libFuzzer target with clang and run it
# for a fixed time budget (default 60 s) over the seed corpus (real numpy
# .npy files and hand-made headers) and every past crash in regressions/.
# A crash is saved as tests/fuzz/crash-* and fails the run: copy it into
# regressions/ once fixed, so that it is replayed forever.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECONDS_BUDGET=${1:-60}
OUT=${FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
CC=${FUZZ_CC:-clang}
mkdir -p "$OUT/corpus"
if ! command -v "$CC" >/dev/null; then
  echo "SKIP: $CC not found (apt-get install clang libclang-rt-14-dev)"; exit 77
fi
"$CC" -g -O1 -std=c11 -D_GNU_SOURCE -DSA_STATIC -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$ROOT/core/include" "$HERE/fuzz_header.c" \
  "$ROOT"/core/src/{dtype,element,errors,header,list,name,segment}.c -lm \
  -o "$OUT/fuzz_header"
cp -f "$ROOT"/tests/fixtures/good/*.npy "$ROOT"/tests/fixtures/bad/* "$HERE"/seeds/* "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
# replay the regressions first: each must run clean
if ls "$HERE"/regressions/* >/dev/null 2>&1; then
  ./fuzz_header "$HERE"/regressions/*
fi
./fuzz_header -max_total_time="$SECONDS_BUDGET" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$HERE/crash-" -print_final_stats=1 \
  corpus 2>&1 | tail -15
