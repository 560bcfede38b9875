"""The binding's core paths, run under valgrind memcheck by run_valgrind.py:
create/attach of every kind of dtype and order, slices that outlive their
parents, read-only views, delete, and the error paths."""
import SharedArray as sa, numpy as np, os, gc
n = "sa-vg-%d" % os.getpid()
for dt in ["f8", "i4", ">f8", "c16", "?", "f2"]:
    for order in "CF":
        a = sa.create(n, (3, 4), dtype=dt, order=order)
        a[...] = 1
        b = sa.attach(n, ro=True)
        s = b[1:, ::2]
        del a, b
        assert s.sum() == 4
        sa.delete(n)
        del s
        gc.collect()
for bad in ["", "a/b", "http://x"]:
    try:
        sa.attach(bad)
    except ValueError:
        pass
try:
    sa.attach(n)
except FileNotFoundError:
    pass
a = sa.create(n, (2, 5), dtype=">i4", order="F")
a.base.mlock()
a.base.munlock()
a.base.msync(sa.MS_SYNC)
assert (a.base.name, a.base.addr, a.base.size) == (n, a.ctypes.data, 40)
rec = sa.info(n)
assert rec.dims == (2, 5) and rec.np_dtype.str == ">i4"
assert [r for r in sa.list() if r.name == n.encode()] == [rec]
del a
sa.delete(n)
for bad in [".", "x" * 300, "a\0b"]:
    try:
        sa.info(bad)
    except sa.InvalidArrayError:
        pass
print(len(sa.list()) >= 0)
