#!/usr/bin/env python3
"""numpy and the C API see the same bytes, with no binding in between.

Usage: numpy_interop.py /path/to/libsharedarray.so

1. The C API (through ctypes) creates a segment and writes it; numpy.load
   opens /dev/shm/NAME with mmap_mode='r+' and sees the same values and shape,
   and numpy's writes are seen by the C mapping.
2. np.save writes .npy files (C and Fortran order, big-endian, v2.0) that
   attach through the C API with the right shape, order and values.
3. np.load, with and without mmap_mode, reads a segment that ends with the
   synchronisation trailer; np.save files have no trailer (SA_ENOSYNC).
"""
import ctypes as C
import os
import sys
import tempfile

import numpy as np

lib = C.CDLL(sys.argv[1])
lib.sa_create.argtypes = [C.c_char_p, C.c_int, C.POINTER(C.c_int64), C.c_char_p,
                          C.c_char, C.c_uint, C.c_uint, C.POINTER(C.c_void_p)]
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
lib.sa_errmsg.restype = C.c_char_p


def check(rc):
    if rc < 0:
        raise AssertionError(lib.sa_errmsg().decode())


def view(h, dtype, shape, order):
    """A numpy view of a C handle's data (a copy is made before release)."""
    buf = (C.c_char * lib.sa_nbytes(h)).from_address(lib.sa_data(h))
    return np.ndarray(shape, dtype=dtype, buffer=buf, order=order)


name = "sa-ctest-numpy-%d" % os.getpid()
for descr in ["<f8", ">i4", "|u1", "<c8", "<f2", "|b1"]:
    for order in "CF":
        shape = (3, 4, 5)
        h = C.c_void_p()
        check(lib.sa_create(name.encode(), 3, (C.c_int64 * 3)(*shape), descr.encode(),
                            order.encode(), 0, 0, C.byref(h)))
        want = (np.arange(60) % 7 == 1) if descr == "|b1" else \
            (np.arange(60).reshape(shape) * 3 % 101).astype(descr)
        want = np.asarray(want, dtype=descr).reshape(shape)
        v = view(h, descr, shape, order)
        v[...] = want
        npy = np.load("/dev/shm/" + name, mmap_mode="r+")
        assert npy.dtype == np.dtype(descr), (npy.dtype, descr)
        assert npy.shape == shape
        assert npy.flags.f_contiguous == (order == "F")
        assert np.array_equal(npy, want), (descr, order)
        npy[2, 3, 4] = want[0, 0, 1]  # numpy writes, C sees
        npy.flush()
        assert v[2, 3, 4] == want[0, 0, 1]
        del npy, v
        lib.sa_release(h)
        check(lib.sa_delete(name.encode(), 0))

with tempfile.TemporaryDirectory() as d:
    cases = {
        "c.npy": np.arange(24, dtype="<f8").reshape(2, 3, 4),
        "f.npy": np.asfortranarray(np.arange(12, dtype="<i2").reshape(3, 4)),
        "be.npy": np.arange(10, dtype=">u4"),
        "cplx.npy": (np.arange(6) + 1j).astype("<c16"),
        "scalar.npy": np.array(3.5, dtype="<f4"),
    }
    for fname, arr in cases.items():
        np.save(os.path.join(d, fname), arr)
    with open(os.path.join(d, "v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(7, dtype="<i8"), version=(2, 0))
    cases["v2.npy"] = np.arange(7, dtype="<i8")
    for fname, arr in cases.items():
        h = C.c_void_p()
        check(lib.sa_attach(("file://" + os.path.join(d, fname)).encode(), 0, C.byref(h)))
        nd = lib.sa_ndim(h)
        shape = tuple(lib.sa_shape(h)[i] for i in range(nd))
        order = lib.sa_order(h).decode()
        assert lib.sa_descr(h).decode() == arr.dtype.str, fname
        assert shape == arr.shape, (fname, shape)
        want_order = "F" if arr.flags.f_contiguous and not arr.flags.c_contiguous else "C"
        assert order == want_order, (fname, order)
        got = view(h, arr.dtype, shape, order).copy()
        assert np.array_equal(got, arr), fname
        lib.sa_release(h)
# 3. Segment format 2: numpy reads a segment that ends with the
#    synchronisation trailer, with and without mmap_mode, and its generation
#    (read through ctypes) moves with sa_notify; np.save files have none.
lib.sa_has_sync.argtypes = [C.c_void_p]
lib.sa_notify.argtypes = [C.c_void_p]
lib.sa_generation.argtypes = [C.c_void_p, C.POINTER(C.c_uint64)]
h = C.c_void_p()
check(lib.sa_create(name.encode(), 2, (C.c_int64 * 2)(3, 5), b"<i4", b"C", 0, 0,
                    C.byref(h)))
want = np.arange(15, dtype="<i4").reshape(3, 5)
view(h, "<i4", (3, 5), "C")[...] = want
path = "/dev/shm/" + name
size = os.path.getsize(path)
eq_end = (4096 + want.nbytes + 63) // 64 * 64 + 128
assert size == eq_end, (size, eq_end)
with open(path, "rb") as f:
    f.seek(eq_end - 128)
    assert f.read(8) == b"SATRAIL\x01"
assert lib.sa_has_sync(h) == 1
check(lib.sa_notify(h))
g = C.c_uint64()
check(lib.sa_generation(h, C.byref(g)))
assert g.value == 1
for mode in (None, "r", "r+", "c"):
    got = np.load(path, mmap_mode=mode)
    assert got.dtype == want.dtype and np.array_equal(got, want), mode
    del got
lib.sa_release(h)
check(lib.sa_delete(name.encode(), 0))
with tempfile.TemporaryDirectory() as d:
    np.save(os.path.join(d, "plain.npy"), want)
    check(lib.sa_attach(("file://" + os.path.join(d, "plain.npy")).encode(), 0,
                        C.byref(h)))
    assert lib.sa_has_sync(h) == 0
    assert lib.sa_notify(h) == -1025  # SA_ENOSYNC
    assert b"synchronisation" in lib.sa_errmsg()
    lib.sa_release(h)
print("ok: numpy and the C API agree")
