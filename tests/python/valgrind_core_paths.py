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
print(len(sa.list()) >= 0)
