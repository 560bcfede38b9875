#!/usr/bin/env bash
# check_pip_install.sh SOURCE_DIR PYTHON
# `pip install .` from a clean copy of the source tree into a fresh virtual
# environment, then the Python test suite against the installed package.
set -euo pipefail
SRC=$1 PY=$2
T=$(mktemp -d /tmp/sa-pip-XXXXXX)
trap 'rm -rf "$T"' EXIT
# a clean copy: only what git tracks (no build trees, no .venv)
mkdir -p "$T/src"
if git -C "$SRC" rev-parse >/dev/null 2>&1; then
  (cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
     xargs -0 cp --parents -t "$T/src")
else
  cp -r "$SRC" "$T/src"
fi
"$PY" -m venv "$T/venv"
"$T/venv/bin/pip" install -q "$T/src" pytest
cd "$T"   # not the source tree: import the installed package
"$T/venv/bin/python" -c "
import SharedArray as sa, numpy as np, os
n = 'sa-pip-%d' % os.getpid()
a = sa.create(n, (2, 3)); a[1, 2] = 5
b = sa.attach(n, ro=True); assert b[1, 2] == 5 and not b.flags.writeable
sa.delete(n)
print('installed', sa.__file__)"
"$T/venv/bin/python" -m pytest -q -p no:cacheprovider "$T/src/tests/python"
