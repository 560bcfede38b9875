# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Fair page placement for the Python hand-off benchmarks.

Of two big arrays created and filled one after the other, the first is
read 10-20% slower afterwards on some machines (where its physical pages
lie, not the code that maps it), and the second process to unmap freshly
filled pages pays about 50 ms per GiB more than any other. bench/py_handoff.py
and bench/py_by_name.py therefore create their arrays again before every
timed round, alternating which comes first, and settle each one first.
"""
import mmap
import os
from multiprocessing.shared_memory import SharedMemory

import numpy as np


def settle(name):
    """Map and unmap the segment /dev/shm/NAME twice, touching every page.

    The kernel marks a page accessed when a mapping that touched it goes
    away, and moves it to the active list the second time: that costs the
    second reader's munmap ~50 ms per GiB, which later readers do not pay.
    """
    for _ in range(2):
        with open(os.path.join("/dev/shm", name), "rb") as f:
            m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
        x = np.frombuffer(m, np.uint8)
        x[::4096].sum()  # one byte a page
        del x
        m.close()


def make_pair(sa, name, shape, ours_first):
    """Create and fill our array and a SharedMemory one, in the given order,
    and settle both. Returns (ours, shm, theirs)."""
    ours = shm = theirs = None
    try:
        for which in (("ours", "shm") if ours_first else ("shm", "ours")):
            if which == "ours":
                ours = sa.create(name, shape, np.float64)
                ours[:] = 1.0
            else:
                shm = SharedMemory(name + "-shm", create=True,
                                   size=shape[0] * 8)
                theirs = np.ndarray(shape, np.float64, buffer=shm.buf)
                theirs[:] = 1.0
    except BaseException:
        if ours is not None:
            del ours
            sa.delete(name)
        if shm is not None:
            del theirs
            shm.close()
            shm.unlink()
        raise
    settle(name)
    settle(name + "-shm")
    return ours, shm, theirs


def drop_pair(sa, name, shm):
    """Delete both (the caller has dropped its arrays)."""
    sa.delete(name)
    shm.close()
    shm.unlink()
