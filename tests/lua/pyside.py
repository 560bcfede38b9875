"""pyside.py -- the Python/numpy side of the Lua cross-language tests.

Uses numpy only (not the SharedArray Python binding): a segment is a .npy
file, so np.load("/dev/shm/NAME", mmap_mode=...) maps it, and
np.lib.format.open_memmap creates one. Values travel as text, written by
test_python.lua: integers in decimal, floats as %.17g (inf, nan), booleans
as true/false, complex numbers as "re,im". Lists are in memory order.

  pyside.py create NAME DTYPE ORDER DIMS V...   new segment, values filled
  pyside.py check  NAME DTYPE ORDER DIMS V...   exit 1 unless equal
  pyside.py at     NAME V I...                  exit 1 unless arr[I...] == V
                                                (1-based, logical indices)
  pyside.py set    NAME K V                     element K (1-based, memory
                                                order) = V, written in place
DIMS is "2,3" ("" for 0-d). Several commands may go in one run, separated
by ";" arguments (numpy takes a while to import). Every failure prints what
differs and exits 1.
"""
import sys

import numpy as np


def path(name):
    return "/dev/shm/" + name


def parse(dt, s):
    if dt.kind == "b":
        if s not in ("true", "false"):
            raise ValueError("bad boolean %r" % s)
        return s == "true"
    if dt.kind in "iu":
        v = int(s)
        if dt.kind == "u" and dt.itemsize == 8:
            v %= 1 << 64  # Lua gives uint64 as 64-bit two's complement
        return v
    if dt.kind == "f":
        return float(s)
    re, im = s.split(",")
    return complex(float(re), float(im))


def values(dt, words):
    return np.array([parse(dt, w) for w in words], dtype=dt)


def dims(s):
    return tuple(int(d) for d in s.split(",") if d)


def memory_order(arr):
    """A flat view of arr in memory order (arr is C- or F-contiguous)."""
    return arr.reshape(-1, order="F" if arr.flags.f_contiguous and arr.ndim > 1
                       else "C")


def fail(msg):
    print("pyside: " + msg, file=sys.stderr)
    sys.exit(1)


def same(a, b):
    nan_ok = a.dtype.kind in "fc"
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=nan_ok)


def run(argv):
    cmd, name = argv[1], argv[2]
    if cmd == "create":
        dt, order, shape = np.dtype(argv[3]), argv[4], dims(argv[5])
        arr = np.lib.format.open_memmap(path(name), mode="w+", dtype=dt,
                                        shape=shape,
                                        fortran_order=(order == "F"))
        memory_order(arr)[:] = values(dt, argv[6:])
        arr.flush()
    elif cmd == "check":
        dt, order, shape = np.dtype(argv[3]), argv[4], dims(argv[5])
        arr = np.load(path(name), mmap_mode="r")
        if arr.dtype.str != dt.str:
            fail("%s: dtype %s, want %s" % (name, arr.dtype.str, dt.str))
        if arr.shape != shape:
            fail("%s: shape %s, want %s" % (name, arr.shape, shape))
        is_f = arr.ndim > 1 and arr.flags.f_contiguous and not arr.flags.c_contiguous
        if arr.ndim > 1 and is_f != (order == "F"):
            fail("%s: order differs from %s" % (name, order))
        want = values(dt, argv[6:])
        got = np.array(memory_order(arr))
        if not same(got, want):
            fail("%s (%s): got %r, want %r" % (name, dt.str, got.tolist(),
                                               want.tolist()))
    elif cmd == "at":
        arr = np.load(path(name), mmap_mode="r")
        idx = tuple(int(i) - 1 for i in argv[4:])
        want = parse(arr.dtype, argv[3])
        got = arr[idx]
        if not (got == want or (arr.dtype.kind in "fc" and np.isnan(got)
                                and np.isnan(want))):
            fail("%s[%s]: got %r, want %r" % (name, idx, got, want))
    elif cmd == "set":
        arr = np.load(path(name), mmap_mode="r+")
        flat = memory_order(arr)
        k = int(argv[3]) - 1
        flat[k] = parse(arr.dtype, argv[4])
        arr.flush()
    else:
        fail("unknown command %r" % cmd)


def main(argv):
    cmd = []
    for word in argv[1:] + [";"]:
        if word == ";":
            if cmd:
                run([argv[0]] + cmd)
            cmd = []
        else:
            cmd.append(word)


if __name__ == "__main__":
    main(sys.argv)
