#!/usr/bin/env python3
"""Run valgrind_core_paths.py under valgrind memcheck and fail on any error
whose stack passes through SharedArray's code (the extension or the core),
in any CMake build type.

CPython and the dynamic loader report errors of their own under valgrind
(uninitialised reads in ld.so and the small-int cache); those are not ours,
so an error block only counts when one of its frames names our code.

Usage: run_valgrind.py PYTHON   (with PYTHONPATH pointing at the package)
"""
import os
import re
import shutil
import subprocess
import sys

# A frame is ours when it names one of our functions (the core's sa_* and
# sa__*, the binding's sa_py_*, SWIG's generated _wrap_* wrappers), or when
# it is an unnamed frame inside our extension or library (code that an
# optimised build inlined). Frames of SWIG's own runtime (SWIG_*, e.g. the
# module object it leaves at interpreter exit in a Release build) are not.
OURS = re.compile(r"(?:at|by) 0x[0-9A-F]+: (?:(?:sa_|sa__|_wrap_)\w*|\?\?\? "
                  r"\(in \S*(?:_sharedarray|libsharedarray)\S*\))")

if shutil.which("valgrind") is None:
    print("SKIP: valgrind not found")
    sys.exit(77)
here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, PYTHONMALLOC="malloc")
proc = subprocess.run(
    ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite",
     "--num-callers=40", sys.argv[1], os.path.join(here, "valgrind_core_paths.py")],
    env=env, capture_output=True, text=True)
blocks, cur = [], []
for line in proc.stderr.splitlines():
    body = re.sub(r"^==\d+==\s?", "", line)
    if body == "":
        if cur:
            blocks.append(cur)
        cur = []
    else:
        cur.append(body)
if cur:
    blocks.append(cur)
errors = [b for b in blocks if re.match(r"(Invalid|Conditional|Use of|Syscall|Source and|Mismatched|\d+ bytes in \d+ blocks are definitely)", b[0])]
ours = [b for b in errors if any(OURS.search(l) for l in b)]
print("valgrind: %d error blocks, %d in SharedArray code; script exit %d"
      % (len(errors), len(ours), proc.returncode))
for b in ours:
    print("\n".join(b) + "\n")
if proc.returncode != 0:
    print(proc.stdout, proc.stderr[-3000:])
sys.exit(1 if ours or proc.returncode != 0 else 0)
