#!/usr/bin/env bash
# check_pip_install.sh SOURCE_DIR PYTHON
# From a clean copy of the source tree: `python -m build` (sdist and wheel),
# `twine check` of both, the wheel's contents (the extension, __init__.pyi,
# py.typed, no other shared library), then `pip install` of the sdist into a
# fresh virtual environment and the Python test suite against the installed
# package. PYTHON needs the packages build and twine (./dev deps).
set -euo pipefail
SRC=$1 PY=$2
T=$(mktemp -d /tmp/sa-pip-XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/clean_copy.sh"
clean_copy "$SRC" "$T/src"   # only what git tracks (no build trees, no .venv)

"$PY" -m build --sdist --wheel --outdir "$T/dist" "$T/src" > "$T/build.log" 2>&1 ||
  { cat "$T/build.log"; exit 1; }
SDIST=$(ls "$T"/dist/*.tar.gz)
WHEEL=$(ls "$T"/dist/*.whl)
echo "built $(basename "$SDIST") $(basename "$WHEEL")"
"$PY" -m twine check --strict "$SDIST" "$WHEEL"
"$PY" - "$WHEEL" "$SDIST" <<'P'
import sys, tarfile, zipfile
whl = zipfile.ZipFile(sys.argv[1]).namelist()
for f in ("SharedArray/__init__.py", "SharedArray/__init__.pyi", "SharedArray/py.typed"):
    assert f in whl, f"the wheel lacks {f}"
ext = [f for f in whl if f.startswith("SharedArray/_sharedarray") and f.endswith(".so")]
assert len(ext) == 1, ext
libs = [f for f in whl if f.endswith(".so") or ".so." in f]
assert libs == ext, f"other shared libraries in the wheel: {libs}"
meta = zipfile.ZipFile(sys.argv[1]).read(
    next(f for f in whl if f.endswith(".dist-info/METADATA"))).decode()
for field in ("Project-URL: Homepage", "Classifier: Programming Language :: Python :: 3.11",
              "Classifier: Typing :: Typed", "Requires-Dist: numpy"):
    assert field in meta, f"METADATA lacks {field!r}"
names = tarfile.open(sys.argv[2]).getnames()
assert not any("/build/" in n or "/.venv/" in n for n in names), "build trees in the sdist"
print("wheel and sdist contents ok")
P

"$PY" -m venv "$T/venv"
"$T/venv/bin/pip" install -q "$SDIST" pytest
cd "$T"   # not the source tree: import the installed package
"$T/venv/bin/python" -c "
import SharedArray as sa, numpy as np, os, pathlib
n = 'sa-pip-%d' % os.getpid()
a = sa.create(n, (2, 3)); a[1, 2] = 5
b = sa.attach(n, ro=True); assert b[1, 2] == 5 and not b.flags.writeable
sa.delete(n)
pkg = pathlib.Path(sa.__file__).parent
assert (pkg / 'py.typed').exists() and (pkg / '__init__.pyi').exists()
assert 'site-packages' in str(pkg), pkg
print('installed from the sdist:', sa.__file__)"
"$T/venv/bin/python" -m pytest -q -p no:cacheprovider "$T/src/tests/python"
