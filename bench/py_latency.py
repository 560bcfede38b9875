# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Per-call latency of create+delete and attach+release from Python.

A worker for bench/run_all.py, speaking the same line protocol as
`c_latency --serve`: it reads lines "IMPL BENCH BYTES ITERS" on stdin and
answers each with the mean microseconds per call of one batch of ITERS
calls (or "error: ..."). The driver interleaves batches of every worker so
that drift on a busy machine hits all implementations alike.

    python bench/py_latency.py --serve        (worker mode)
    python bench/py_latency.py [REPEATS]      (standalone: JSON lines)

Which `SharedArray` is imported is up to sys.path: run_all.py starts one
worker with our package on PYTHONPATH and another with the PyPI
SharedArray 3.x (same import name) to compare them.

Implementations (IMPL), each for BENCH create_delete and attach_release:
  sharedarray       sa.create("shm://N", BYTES, uint8) + sa.delete, and
                    sa.attach("shm://N") + del (the array owns the mapping)
  sharedarray_lazy  create with the lazy flag (ours only, through the
                    low-level _create(..., flags=CREATE_LAZY))
  shared_memory     multiprocessing.shared_memory.SharedMemory plus
                    np.ndarray(buffer=shm.buf), shape and dtype known out of
                    band; close() (and unlink() after create)
  open_memmap       np.lib.format.open_memmap on /dev/shm/N.npy ("w+" to
                    create and os.unlink to delete, "r+" to attach)
Arrays are BYTES uint8 elements. No assertions: numbers only.
"""
import gc
import os
import sys
import time

import numpy as np

NAME = f"sa-bench-py-{os.getpid()}"
SHM_NAME = "shm://" + NAME
NPY_PATH = f"/dev/shm/{NAME}.npy"


def _sharedarray():
    import SharedArray  # ours or the PyPI package, whichever sys.path has
    return SharedArray


# --------------------------------------------------------------- ours/peer
def sa_create_delete(n):
    sa = _sharedarray()
    create, delete, u1 = sa.create, sa.delete, np.uint8

    def once():
        a = create(SHM_NAME, n, u1)
        del a
        delete(SHM_NAME)
    return once


def sa_lazy_create_delete(n):
    sa = _sharedarray()
    low = getattr(sa, "_sharedarray", None)
    if low is None or not hasattr(low, "CREATE_LAZY"):
        raise RuntimeError("this SharedArray has no lazy create")
    create, delete, lazy = low._create, sa.delete, low.CREATE_LAZY
    shape = (n,)

    def once():
        a = create(SHM_NAME, shape, "|u1", "C", 0o600, lazy)
        del a
        delete(SHM_NAME)
    return once


def sa_attach_release(n):
    sa = _sharedarray()
    attach = sa.attach

    def once():
        a = attach(SHM_NAME)
        del a
    return once


def sa_setup(n):
    sa = _sharedarray()
    keep = sa.create(SHM_NAME, n, np.uint8)

    def teardown():
        sa.delete(SHM_NAME)
    return keep, teardown


# ----------------------------------------------------------- SharedMemory
def shm_create_delete(n):
    from multiprocessing.shared_memory import SharedMemory
    shape, u1 = (n,), np.uint8

    def once():
        s = SharedMemory(NAME, create=True, size=n)
        a = np.ndarray(shape, u1, buffer=s.buf)
        del a
        s.close()
        s.unlink()
    return once


def shm_attach_release(n):
    from multiprocessing.shared_memory import SharedMemory
    shape, u1 = (n,), np.uint8

    def once():
        s = SharedMemory(NAME)
        a = np.ndarray(shape, u1, buffer=s.buf)
        del a
        s.close()
    return once


def shm_setup(n):
    from multiprocessing.shared_memory import SharedMemory
    keep = SharedMemory(NAME, create=True, size=n)

    def teardown():
        keep.close()
        keep.unlink()
    return keep, teardown


# ------------------------------------------------------------ open_memmap
def npy_create_delete(n):
    open_memmap, unlink, u1 = np.lib.format.open_memmap, os.unlink, np.uint8
    shape = (n,)

    def once():
        a = open_memmap(NPY_PATH, mode="w+", dtype=u1, shape=shape)
        del a
        unlink(NPY_PATH)
    return once


def npy_attach_release(n):
    open_memmap = np.lib.format.open_memmap

    def once():
        a = open_memmap(NPY_PATH, mode="r+")
        del a
    return once


def npy_setup(n):
    a = np.lib.format.open_memmap(NPY_PATH, mode="w+", dtype=np.uint8,
                                  shape=(n,))
    del a

    def teardown():
        os.unlink(NPY_PATH)
    return None, teardown


IMPLS = {
    ("sharedarray", "create_delete"): (sa_create_delete, None),
    ("sharedarray_lazy", "create_delete"): (sa_lazy_create_delete, None),
    ("sharedarray", "attach_release"): (sa_attach_release, sa_setup),
    ("shared_memory", "create_delete"): (shm_create_delete, None),
    ("shared_memory", "attach_release"): (shm_attach_release, shm_setup),
    ("open_memmap", "create_delete"): (npy_create_delete, None),
    ("open_memmap", "attach_release"): (npy_attach_release, npy_setup),
}


def cleanup():
    """Remove whatever a failed batch may have left behind."""
    for path in (f"/dev/shm/{NAME}", NPY_PATH):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def batch(impl, bench, n, iters):
    """Mean microseconds per call of iters calls, after one warm-up call.
    The garbage collector is off during the timed loop."""
    make, setup = IMPLS[(impl, bench)]
    keep, teardown = setup(n) if setup else (None, None)
    try:
        once = make(n)
        once()
        gc.disable()
        try:
            t0 = time.perf_counter()
            for _ in range(iters):
                once()
            dt = time.perf_counter() - t0
        finally:
            gc.enable()
    finally:
        del keep
        if teardown:
            teardown()
    return dt / iters * 1e6


def serve():
    for line in sys.stdin:
        parts = line.split()
        try:
            impl, bench, n, iters = parts[0], parts[1], int(parts[2]), \
                int(parts[3])
            if (impl, bench) not in IMPLS:
                raise KeyError(f"no implementation {impl} for {bench}")
            out = f"{batch(impl, bench, n, iters):.4f}"
        except Exception as exc:  # report, keep serving
            cleanup()
            out = f"error: {type(exc).__name__}: {exc}".replace("\n", " ")
        print(out, flush=True)


def standalone(repeats):
    import json
    import statistics
    for n in (1024, 1 << 20, 256 << 20):
        for (impl, bench) in IMPLS:
            iters = 3 if n >= (256 << 20) and bench == "create_delete" \
                else 500
            try:
                ts = [batch(impl, bench, n, iters) for _ in range(repeats)]
            except Exception as exc:
                cleanup()
                print(f"# {impl} {bench}: {exc}", file=sys.stderr)
                continue
            print(json.dumps({"bench": bench, "impl": impl, "lang": "python",
                              "bytes": n,
                              "median_us": statistics.median(ts),
                              "min_us": min(ts), "repeats": repeats}))


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        standalone(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
