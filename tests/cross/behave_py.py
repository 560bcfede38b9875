#!/usr/bin/env python3
"""behave_py.py -- the Python and the numpy agent of the behaviour table
(run by tests/cross/behave.py, which describes the protocol).

    behave_py.py python   SharedArray: sa.create / sa.attach / sa.delete
    behave_py.py numpy    numpy only: np.lib.format.open_memmap creates a
                          segment (/dev/shm/NAME, or PATH for file://PATH),
                          np.load(mmap_mode='r'|'r+') attaches it, os.unlink
                          deletes it

One command per line on stdin, one reply per line on stdout ("ok ..." or
"err CODE MESSAGE"). Values in logical C order unless said otherwise.
"""
import gc
import os
import sys

import numpy as np

MODE = sys.argv[1]
if MODE == "python":
    import SharedArray as sa

slots = {}


class Refused(Exception):
    def __init__(self, code, msg):
        Exception.__init__(self, msg)
        self.code = code


def code_of(e):
    msg = str(e)
    if isinstance(e, Refused):
        return e.code
    if isinstance(e, FileNotFoundError):
        return "notfound"
    if isinstance(e, FileExistsError):
        return "exists"
    if "read-only" in msg or "readonly" in msg:
        return "readonly"
    if "owned by" in msg or "owner" in msg:
        return "owner"
    return "other"


def path_of(name):
    return name[len("file://"):] if name.startswith("file://") else "/dev/shm/" + name


def token(v):
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, complex):
        return "%r,%r" % (v.real, v.imag)
    return repr(float(v))


def parse(dt, s):
    if dt.kind == "b":
        return s == "1"
    if dt.kind in "iu":
        return int(s)
    if dt.kind == "f":
        return float(s)
    re, im = s.split(",")
    return complex(float(re), float(im))


def memory(a):
    """A flat view of a in memory order (a is C- or F-contiguous)."""
    f = a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous
    v = a.reshape(-1, order="F" if f else "C")
    assert np.shares_memory(v, a) or a.size == 0, "not a view"
    return v


def order_of(a):
    return "F" if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous else "C"


def describe(a, values):
    return ["ok", a.dtype.str, order_of(a), str(a.ndim)] + \
        [str(d) for d in a.shape] + [token(v) for v in values]


def store(a, where, s):
    a[where] = parse(a.dtype, s)


def run(t):
    cmd = t[0]
    if cmd == "create":             # SLOT NAME DESCR ORDER NDIM D...
        slot, name, descr, order, nd = t[1], t[2], t[3], t[4], int(t[5])
        shape = tuple(int(d) for d in t[6:6 + nd])
        if MODE == "python":
            a = sa.create(name, shape, dtype=descr, order=order)
        else:
            if os.path.exists(path_of(name)):
                raise FileExistsError(name)
            a = np.lib.format.open_memmap(path_of(name), mode="w+", dtype=descr,
                                          shape=shape, fortran_order=order == "F")
        slots[slot] = a
        return ["ok"]
    if cmd == "attach":             # SLOT NAME ro|rw [OWNER_UID]
        slot, name, ro = t[1], t[2], t[3] == "ro"
        if MODE == "python":
            kw = {"owner": int(t[4])} if len(t) > 4 else {}
            slots[slot] = sa.attach(name, ro=ro, **kw)
        else:
            if len(t) > 4:
                raise Refused("unsupported", "numpy has no owner check")
            slots[slot] = np.load(path_of(name), mmap_mode="r" if ro else "r+")
        return ["ok"]
    if cmd == "read":               # SLOT -> DESCR ORDER NDIM D... V...
        a = slots[t[1]]
        return describe(a, [a[i] for i in np.ndindex(a.shape)])
    if cmd == "flat":               # SLOT -> V... in memory order
        return ["ok"] + [token(v) for v in memory(slots[t[1]]).tolist()]
    if cmd == "set":                # SLOT N V: logical C-order element N
        a = slots[t[1]]
        store(a, np.unravel_index(int(t[2]), a.shape), t[3])
        return ["ok"]
    if cmd == "setflat":            # SLOT K V: memory-order element K
        store(memory(slots[t[1]]), int(t[2]), t[3])
        return ["ok"]
    if cmd == "setlast":            # SLOT V: the last element in memory
        store(memory(slots[t[1]]), -1, t[2])
        return ["ok"]
    if cmd == "fill":               # SLOT V...: every element, memory order
        a = slots[t[1]]
        memory(a)[:] = np.array([parse(a.dtype, s) for s in t[2:]], dtype=a.dtype)
        return ["ok"]
    if cmd == "msync":
        a = slots[t[1]]
        if MODE == "python":
            sa.msync(a, sa.MS_SYNC)
        else:
            a.flush()
        return ["ok"]
    if cmd == "close":
        del slots[t[1]]
        gc.collect()
        return ["ok"]
    if cmd == "delete":             # NAME
        if MODE == "python":
            sa.delete(t[1])
        else:
            os.unlink(path_of(t[1]))
        return ["ok"]
    # ---- numpy only: files numpy writes and reads without mapping them
    if cmd == "save" and MODE == "numpy":      # PATH DESCR ORDER NDIM D... V...
        path, descr, order, nd = t[1], t[2], t[3], int(t[4])
        shape = tuple(int(d) for d in t[5:5 + nd])
        dt = np.dtype(descr)
        a = np.array([parse(dt, s) for s in t[5 + nd:]], dtype=dt).reshape(shape)
        if order == "F":
            a = np.asfortranarray(a)
        np.save(path, a)
        return ["ok"]
    if cmd == "savever" and MODE == "numpy":   # PATH MAJOR: (4,2) <u8 of 7s
        m = np.lib.format.open_memmap(t[1], mode="w+", dtype="<u8", shape=(4, 2),
                                      version=(int(t[2]), 0))
        m[...] = 7
        m.flush()
        del m
        return ["ok"]
    if cmd == "saveobj" and MODE == "numpy":   # PATH plain|field
        a = (np.array([None, "x"], dtype=object) if t[2] == "plain" else
             np.zeros(3, dtype=[("a", "<f8"), ("o", "O")]))
        np.save(t[1], a, allow_pickle=True)
        return ["ok"]
    if cmd == "load" and MODE == "numpy":      # PATH: np.load, no mapping
        a = np.load(t[1])
        return describe(a, [a[i] for i in np.ndindex(a.shape)])
    if cmd == "layout" and MODE == "numpy":    # SLOT -> ISMEMMAP OFFSET
        a = slots[t[1]]
        return ["ok", str(int(isinstance(a, np.memmap))), str(a.offset)]
    # ---- python only: numpy's functions on an attached array
    if cmd == "ufunc" and MODE == "python":    # SLOT NAME SUM
        b = slots[t[1]]
        if not np.isclose(b.sum(), float(t[3])):
            raise Refused("mismatch", "sum %r, expected %s" % (b.sum(), t[3]))
        np.sqrt(b, out=b)
        c = sa.attach(t[2])
        checks = [np.shares_memory(b[:10], b[5:]),
                  not np.shares_memory(b, c),       # two mappings of one segment
                  bool((c == b).all())]             # ... of the same pages
        if not all(checks):
            raise Refused("mismatch", "shares_memory / second mapping: %r" % checks)
        return ["ok"]
    raise Refused("usage", "unknown command %r" % cmd)


def main():
    for line in sys.stdin:
        t = line.split()
        if not t:
            continue
        if t[0] == "quit":
            break
        try:
            out = run(t)
        except Exception as e:  # every failure is a reply
            out = ["err", code_of(e), "%s: %s" % (type(e).__name__, e)]
        sys.stdout.write(" ".join(out).replace("\n", " ") + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
