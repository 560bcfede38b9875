# Child-process bodies for test_by_name.py, in their own module so that
# spawn, forkserver, Pool, ProcessPoolExecutor and loky workers import them
# in a fresh interpreter. They receive arrays (not names): the arrays travel
# by name, and what the children write the parent must see.
import os

import numpy as np

import SharedArray as sa


def mapped(a):
    """True when a's memory is a SharedArray mapping (not a copy)."""
    b = a.base
    while b is not None and not type(b).__name__ == "Mapping":
        b = getattr(b, "base", None)
    return b is not None


def fill(a, value, q=None):
    """Report what a holds and whether it is mapped, then fill it."""
    if q is not None:
        q.put((a.tolist(), mapped(a), a.flags.writeable))
    a[...] = value


def square_in_place(a):
    """Square a slice in place; return its sum and whether it was mapped."""
    a *= a
    return float(a.sum()), mapped(a)


def describe(a):
    """What the worker got: values, shape, strides, flags."""
    return (a.tolist(), a.shape, a.strides, a.flags.writeable, mapped(a),
            str(a.dtype))


def try_write(a):
    """Try to write a read-only array: 'refused' or 'written'."""
    try:
        a[...] = 1
    except ValueError:
        return "refused", a.flags.writeable
    return "written", a.flags.writeable


def echo(qin, qout):
    """Queue round trip: take an array, add 1 in place, send it back."""
    a = qin.get()
    a += 1
    qout.put(a)
    qout.put(mapped(a))


def mappings_and_fds(needle):
    """Lines of /proc/self/maps naming needle, and the open fds."""
    with open("/proc/self/maps") as f:
        n = sum(1 for line in f if needle in line)
    return n, len(os.listdir("/proc/self/fd"))


def add(a, value):
    """Add value to a in place."""
    a += value


def total(a):
    """Sum of a (the benchmark's worker)."""
    return float(a.sum(dtype=np.float64))


def joblib_work(a, i):
    a[i, 0] = i + 1
    return mapped(a), a.shape


def opted_out():
    return sa.share_by_name()
