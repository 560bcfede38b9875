#!/usr/bin/env bash
# run-fuzz.sh [SECONDS] [TARGET] -- build a libFuzzer target with clang and
# run it for a fixed time budget (default 60 s). TARGET is "header" (the
# .npy header parser and attach, fuzz_header.c; the default) or "legacy3x"
# (the SharedArray 3.x trailer parser and attach, fuzz_legacy3x.c). Seeds:
# real numpy .npy files and hand-made headers (header), real SharedArray
# 3.2.4 segments (legacy3x), and every past crash in regressions/.
# A crash is saved as tests/fuzz/crash-* and fails the run: copy it into
# regressions/ once fixed, so that it is replayed forever.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECONDS_BUDGET=${1:-60}
TARGET=${2:-header}
OUT=${FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
CC=${FUZZ_CC:-clang}
case "$TARGET" in
  header|legacy3x) ;;
  *) echo "unknown target '$TARGET' (header or legacy3x)" >&2; exit 2 ;;
esac
CORPUS=corpus
[ "$TARGET" = header ] || CORPUS=corpus-$TARGET
mkdir -p "$OUT/$CORPUS"
if ! command -v "$CC" >/dev/null; then
  echo "SKIP: $CC not found (apt-get install clang libclang-rt-14-dev)"; exit 77
fi
"$CC" -g -O1 -std=c11 -D_GNU_SOURCE -DSA_STATIC -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -I"$ROOT/core/include" "$HERE/fuzz_$TARGET.c" \
  "$ROOT"/core/src/*.c -lm -o "$OUT/fuzz_$TARGET"
DICT=()
if [ "$TARGET" = header ]; then
  cp -f "$ROOT"/tests/fixtures/good/*.npy "$ROOT"/tests/fixtures/bad/* "$HERE"/seeds/* "$OUT/$CORPUS/" 2>/dev/null || true
else
  cp -f "$ROOT"/tests/fixtures/sa3/*.sa3 "$OUT/$CORPUS/" 2>/dev/null || true
  DICT=(-dict="$HERE/legacy3x.dict")
fi
cd "$OUT"
# replay the regressions first: each must run clean
if ls "$HERE"/regressions/* >/dev/null 2>&1; then
  ./fuzz_$TARGET "$HERE"/regressions/*
fi
./fuzz_$TARGET -max_total_time="$SECONDS_BUDGET" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$HERE/crash-" -print_final_stats=1 \
  "${DICT[@]}" "$CORPUS" 2>&1 | tail -15
