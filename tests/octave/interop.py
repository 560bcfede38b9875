"""interop.py -- Octave and numpy (and Lua, when given) share the same bytes.

Run by ctest (octave.python_to_octave, octave.octave_to_python):
    python interop.py python_to_octave --octave OCTAVE_CLI --script interop_octave.m
    python interop.py octave_to_python --octave OCTAVE_CLI --script interop_octave.m
                      [--lua LUA --lua-dir DIR_OF_SHAREDARRAY_SO]
SA_OCTAVE_PATH must name the folder holding sharedarray.oct. Only numpy is
used on the Python side (np.lib.format / np.load with mmap_mode on
/dev/shm/NAME), not the Python binding. Each Octave or Lua run is a child
process that has exited before Python looks, so nothing sleeps.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

SHM = "/dev/shm/"
PARTS = ("c", "f", "be", "h", "z", "b")


def run(cmd, env=None):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        raise SystemExit(f"FAILED ({r.returncode}): {' '.join(cmd)}")


def octave(args, mode, prefix):
    run([args.octave, "--no-gui", "--norc", "--no-history", "--quiet",
         args.script, mode, prefix])


def make(prefix, part, values, order="C"):
    values = np.asarray(values)
    a = np.lib.format.open_memmap(SHM + f"{prefix}_{part}", mode="w+",
                                  dtype=values.dtype, shape=values.shape,
                                  fortran_order=(order == "F"))
    a[...] = values
    a.flush()
    del a


def load(prefix, part, mode="r"):
    return np.load(SHM + f"{prefix}_{part}", mmap_mode=mode)


def python_to_octave(args, prefix):
    make(prefix, "c", np.arange(24, dtype="f8").reshape(2, 3, 4))
    make(prefix, "f", np.arange(12, dtype="i4").reshape(3, 4, order="F"), "F")
    make(prefix, "be", np.array([1, -2, 300, 4, 5], dtype=">i2"))
    make(prefix, "h", np.array([[0.5, 1 / 3], [65504, -2]], dtype="f2"))
    make(prefix, "z", np.array([1 + 2j, -3j, 4], dtype="c8"))
    make(prefix, "b", np.array([True, False, True, True]))
    octave(args, "python_to_octave", prefix)
    # What Octave wrote, seen by numpy.
    c = load(prefix, "c")
    want = np.arange(24, dtype="f8").reshape(2, 3, 4)
    want[1, 1, 0] = -7
    want[1, 2, 3] = 100
    assert np.array_equal(c, want), c
    f = load(prefix, "f")
    want = np.arange(12, dtype="i4").reshape(3, 4, order="F")
    want[2, 3] = -1
    want[0, :] = 2147483647
    assert f.flags.f_contiguous and np.array_equal(f, want), f
    be = load(prefix, "be")
    assert be.dtype == np.dtype(">i2") and be.tolist() == [1, -300, 300, 4, 5], be
    h = load(prefix, "h")
    assert h[0, 0] == np.float16(0.1) and h[1, 0] == 65504, h
    z = load(prefix, "z")
    assert z.tolist() == [1 + 2j, 3 - 4j, 4], z
    b = load(prefix, "b")
    assert b.tolist() == [False, False, True, True], b


def octave_to_python(args, prefix):
    octave(args, "octave_to_python", prefix)
    c = load(prefix, "c")
    assert c.dtype == np.dtype("<i4") and c.tolist() == [[1, 2, 3], [4, 5, 6]], c
    f = load(prefix, "f")
    assert f.flags.f_contiguous and f.tolist() == [[1, 3, 5], [2, 4, 60]], f
    be = load(prefix, "be")
    assert be.dtype == np.dtype(">u2") and be.tolist() == [1, 258, 65535], be
    assert be.tobytes() == b"\x00\x01\x01\x02\xff\xff"
    h = load(prefix, "h")
    assert h.dtype == np.dtype("f2") and h.tolist() == [0.5, -1.0], h
    z = load(prefix, "z")
    assert z.dtype == np.dtype("c16") and z.tolist() == [1 + 2j, -1j], z
    b = load(prefix, "b")
    assert b.dtype == np.dtype("?") and b.tolist() == [True, False, True], b
    if args.lua:
        # Lua's a[i] is flat and 1-based in memory order: 1..6 for both the
        # C-order int32 and the F-order float64 array Octave filled with 1:6.
        code = (
            'local sa = require "sharedarray"\n'
            'local p = os.getenv("SA_PREFIX")\n'
            'local c = assert(sa.attach(p .. "_c"))\n'
            'assert(#c == 6 and c:dtype() == "<i4", "lua: c")\n'
            'for i = 1, 6 do assert(c[i] == i, "lua: c[" .. i .. "]") end\n'
            'local f = assert(sa.attach(p .. "_f"))\n'
            'assert(#f == 6 and f[1] == 1.0 and f[5] == 5.0 and f[6] == 60.0, "lua: f")\n'
            'local be = assert(sa.attach(p .. "_be"))\n'
            'assert(be[2] == 258 and be[3] == 65535, "lua: be")\n'
            'c[1] = -11\n'
            'print("lua: ok")\n')
        env = dict(os.environ, LUA_CPATH=args.lua_dir + "/?.so;;", SA_PREFIX=prefix)
        run([args.lua, "-e", code], env)
        assert load(prefix, "c")[0, 0] == -11, "numpy sees Lua's write"
    # numpy writes into Octave-created arrays; a new Octave process sees it.
    c = load(prefix, "c", "r+")
    c[1, 2] = 99
    c.flush()
    del c
    f = load(prefix, "f", "r+")
    f[0, 1] = -5
    f.flush()
    del f
    octave(args, "check_python_write", prefix)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["python_to_octave", "octave_to_python"])
    ap.add_argument("--octave", required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--lua")
    ap.add_argument("--lua-dir", default="")
    args = ap.parse_args()
    prefix = f"sa_oct_{os.getpid()}_{args.mode[:6]}_{os.urandom(3).hex()}"
    try:
        {"python_to_octave": python_to_octave,
         "octave_to_python": octave_to_python}[args.mode](args, prefix)
    finally:
        for part in PARTS:
            try:
                os.unlink(SHM + f"{prefix}_{part}")
            except FileNotFoundError:
                pass
    print(f"interop {args.mode}: ok")


if __name__ == "__main__":
    main()
