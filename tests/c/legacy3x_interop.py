#!/usr/bin/env python3
"""Segments made by the real SharedArray 3.x read exactly through the C core.

Usage: legacy3x_interop.py /path/to/libsharedarray.so PYTHON3X [PYTHON3X...]

Each PYTHON3X is an interpreter with SharedArray 3.x installed (built
against numpy 1.x or 2.x: both trailer sizes; see
tests/fixtures/make_sa3_fixtures.py for how to make such venvs). For each:

1. 3.x creates segments in /dev/shm of every numeric dtype (and a
   big-endian request, which 3.x stores natively), of shapes from a scalar
   to as many dimensions as its trailer holds, and more than a page, filled
   with random values; this process attaches them through the C API (ctypes,
   no binding) and compares shape, dtype and values with numpy.
2. Read-write: the C API writes new values; 3.x attaches the segment again
   and must see exactly them (its trailer is intact).
3. Types the core does not read element by element are refused by a plain
   attach with SA_EDTYPE; all of them are deleted without force, and 3.x
   then no longer lists them.
"""
import ctypes as C
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

SA_ATTACH_RDONLY, SA_EDTYPE = 1, -1013

lib = C.CDLL(sys.argv[1])
lib.sa_attach.argtypes = [C.c_char_p, C.c_uint, C.POINTER(C.c_void_p)]
lib.sa_release.argtypes = [C.c_void_p]
lib.sa_delete.argtypes = [C.c_char_p, C.c_int]
lib.sa_data.argtypes = [C.c_void_p]
lib.sa_data.restype = C.c_void_p
lib.sa_nbytes.argtypes = [C.c_void_p]
lib.sa_nbytes.restype = C.c_uint64
lib.sa_ndim.argtypes = [C.c_void_p]
lib.sa_shape.argtypes = [C.c_void_p]
lib.sa_shape.restype = C.POINTER(C.c_int64)
lib.sa_descr.argtypes = [C.c_void_p]
lib.sa_descr.restype = C.c_char_p
lib.sa_order.argtypes = [C.c_void_p]
lib.sa_order.restype = C.c_char
lib.sa_readonly.argtypes = [C.c_void_p]
lib.sa_errmsg.restype = C.c_char_p

# Run in the 3.x interpreter: argv[1] is a JSON list of (name, dtype, shape,
# seed), argv[2] the folder for .npy copies; prints numpy's version.
MAKE = r"""
import json, os, sys
import numpy as np, SharedArray as sa
specs, out = json.loads(sys.argv[1]), sys.argv[2]
for name, dtype, shape, seed in specs:
    dt = np.dtype(dtype) if not isinstance(dtype, list) else np.dtype([tuple(f) for f in dtype])
    a = sa.create(name, tuple(shape), dtype=dt)
    if seed is not None:
        rng = np.random.default_rng(seed)
        raw = rng.integers(0, 256, a.nbytes, dtype=np.uint8)
        a.reshape(-1).view(np.uint8)[:] = raw
        if a.dtype.kind == "b":
            a[...] = a.view(np.uint8) & 1
        np.save(os.path.join(out, name + ".npy"), a)
print(np.__version__)
"""

# Run in the 3.x interpreter: attach each name, compare with the .npy files
# that this process wrote, then list.
CHECK = r"""
import json, os, sys
import numpy as np, SharedArray as sa
names, out = json.loads(sys.argv[1]), sys.argv[2]
for name in names:
    a = sa.attach(name, ro=True)
    want = np.load(os.path.join(out, name + ".back.npy"))
    assert a.shape == want.shape and a.dtype == want.dtype, (name, a.dtype, want.dtype)
    assert a.tobytes() == want.tobytes(), name
print(json.dumps(sorted(x.name.decode() for x in sa.list())))
"""


def maxdims(py):
    v = subprocess.check_output([py, "-c", "import numpy; print(numpy.__version__)"],
                                text=True).strip()
    return v, 32 if v.startswith("1.") else 64


def attach(name, flags):
    h = C.c_void_p()
    rc = lib.sa_attach(name.encode(), flags, C.byref(h))
    return rc, h


def view(h):
    nd = lib.sa_ndim(h)
    shape = tuple(lib.sa_shape(h)[i] for i in range(nd))
    dt = np.dtype(lib.sa_descr(h).decode())
    n = lib.sa_nbytes(h)
    buf = (C.c_ubyte * n).from_address(lib.sa_data(h)) if n else bytearray()
    return np.frombuffer(buf, dtype=dt).reshape(shape)


def run(py):
    version, nd = maxdims(py)
    tag = "sa-3xinterop-%d-np%s" % (os.getpid(), version[0])
    numeric = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "l", "L", "q", "Q",
               "f2", "f4", "f8", "c8", "c16", ">f8", ">i4"]
    shapes = [(), (0,), (0, 3), (7,), (2, 3), (3, 4, 5), (1,) * (nd - 2) + (2, 3),
              (1000, 3)]
    specs, k = [], 0
    for d in numeric:
        for s in shapes:
            specs.append(["%s-%d" % (tag, k), d, list(s), k])
            k += 1
    others = ["g", "G", "S5", "U3", "V12", "M8[s]", "m8[s]", "O",
              [["x", "<i4"], ["y", "<f8"]]]
    for d in others:
        specs.append(["%s-%d" % (tag, k), d, [2, 3], None])
        k += 1
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run([py, "-c", MAKE, json.dumps(specs), out],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        try:
            back = []
            for name, d, shape, seed in specs:
                if seed is None:
                    rc, h = attach(name, SA_ATTACH_RDONLY)
                    assert rc == SA_EDTYPE, (name, d, rc, lib.sa_errmsg())
                    assert name.encode() in lib.sa_errmsg()
                    continue
                want = np.load(os.path.join(out, name + ".npy"))
                rc, h = attach(name, SA_ATTACH_RDONLY)
                assert rc == 0, (name, d, lib.sa_errmsg())
                got = view(h)
                assert lib.sa_order(h) == b"C" and lib.sa_readonly(h) == 1
                assert got.shape == tuple(shape), (name, got.shape, shape)
                assert got.dtype == want.dtype and got.dtype.isnative, (name, got.dtype)
                assert got.tobytes() == want.tobytes(), name
                assert np.array_equal(got, want, equal_nan=got.dtype.kind in "fc"), name
                lib.sa_release(h)
                # read-write: write new values, 3.x must read them back
                rc, h = attach(name, 0)
                assert rc == 0 and lib.sa_readonly(h) == 0, (name, lib.sa_errmsg())
                w = view(h)
                if w.size:
                    w.reshape(-1).view(np.uint8)[:] ^= 0x5A
                    if w.dtype.kind == "b":
                        w[...] = ~want
                np.save(os.path.join(out, name + ".back.npy"), w.copy())
                del w
                lib.sa_release(h)
                back.append(name)
            r = subprocess.run([py, "-c", CHECK, json.dumps(back), out],
                               capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            listed = set(json.loads(r.stdout))
            assert all(s[0] in listed for s in specs), "3.x lists them all"
        finally:
            for s in specs:
                rc = lib.sa_delete(s[0].encode(), 0)
                assert rc == 0, (s, rc, lib.sa_errmsg())
        r = subprocess.run([py, "-c", "import SharedArray as sa, json; "
                            "print(json.dumps([x.name.decode() for x in sa.list()]))"],
                           capture_output=True, text=True, check=True)
        assert not set(json.loads(r.stdout)) & {s[0] for s in specs}
    print("ok: %s (numpy %s, %d-dim trailer): %d segments" % (py, version, nd, len(specs)))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for py in sys.argv[2:]:
        run(py)


if __name__ == "__main__":
    main()
