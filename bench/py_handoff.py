# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Hand-off of a large float64 array to another process, from Python.

The time from the parent's request until a child process (already running,
blocked on a multiprocessing.Pipe) can read the parent's array and has sent
back its sum. No assertions on time: numbers only (the child's sum is
checked, so a broken hand-off cannot pass as a fast one).

    python bench/py_handoff.py [--sizes-mib 1,64,1024] [--repeats 7,5,3]

Implementations, interleaved within each repeat:
  sharedarray    the parent's array lives in a SharedArray; the child gets
                 its name, sa.attach(name, ro=True), sums, drops it
  shared_memory  the array lives in a SharedMemory; the child gets name,
                 shape and dtype, maps it with np.ndarray(buffer=...), sums,
                 close()
  pickle_pipe    the parent sends the array itself (a private ndarray)
                 through the Pipe: pickled, copied through the kernel,
                 unpickled, then summed
Prints one JSON object per line: median and minimum seconds and GB/s.
"""
import argparse
import json
import multiprocessing as mp
import os
import statistics
import time
from multiprocessing import resource_tracker
from multiprocessing.shared_memory import SharedMemory

import numpy as np


def child(conn):
    """Serve hand-off requests until told to stop."""
    import SharedArray as sa
    while True:
        msg = conn.recv()
        kind = msg[0]
        if kind == "stop":
            return
        if kind == "sharedarray":
            a = sa.attach(msg[1], ro=True)
            s = float(a.sum())
            del a
        elif kind == "shared_memory":
            shm = SharedMemory(msg[1])
            a = np.ndarray(msg[2], msg[3], buffer=shm.buf)
            s = float(a.sum())
            del a
            shm.close()
        elif kind == "pickle_pipe":
            s = float(msg[1].sum())
        else:
            raise ValueError(kind)
        # Free the unpickled copy now, inside its own timing, rather than
        # when the next message replaces it (inside someone else's).
        del msg
        conn.send(s)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes-mib", default="1,64,1024")
    p.add_argument("--repeats", default="9,5,3",
                   help="repeats per size (comma list, last one repeats)")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes_mib.split(",")]
    reps = [int(r) for r in args.repeats.split(",")]

    import SharedArray as sa
    # Start SharedMemory's resource tracker before forking, so that the
    # child shares it (as multiprocessing children do). A child with a
    # tracker of its own would unlink the parent's segment when it exits.
    resource_tracker.ensure_running()
    ctx = mp.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    proc = ctx.Process(target=child, args=(child_end,), daemon=True)
    proc.start()
    name = f"sa-bench-handoff-py-{os.getpid()}"
    try:
        for k, mib in enumerate(sizes):
            repeats = reps[min(k, len(reps) - 1)]
            n = mib << 17
            shape, nbytes = (n,), n * 8
            ours = sa.create(name, shape, np.float64)
            ours[:] = 1.0
            shm = SharedMemory(name + "-shm", create=True, size=nbytes)
            theirs = np.ndarray(shape, np.float64, buffer=shm.buf)
            theirs[:] = 1.0
            private = np.ones(shape)
            msgs = {
                "sharedarray": ("sharedarray", name),
                "shared_memory": ("shared_memory", shm.name, shape, "<f8"),
                "pickle_pipe": ("pickle_pipe", private),
            }
            times = {impl: [] for impl in msgs}
            try:
                # One untimed round first (imports, first faults), except
                # for the biggest arrays where a pickling round is costly.
                order = list(msgs.items())
                for r in range(repeats + (nbytes <= 64 << 20)):
                    # Rotate the order each round: no one always goes first.
                    for impl, msg in order[r % 3:] + order[:r % 3]:
                        t0 = time.perf_counter()
                        parent_end.send(msg)
                        got = parent_end.recv()
                        dt = time.perf_counter() - t0
                        if r > 0 or nbytes > 64 << 20:
                            times[impl].append(dt)
                        if got != float(n):
                            raise RuntimeError(f"{impl}: child summed {got}, "
                                               f"expected {n}")
            finally:
                del ours, theirs, private
                sa.delete(name)
                shm.close()
                shm.unlink()
            for impl, ts in times.items():
                med = statistics.median(ts)
                print(json.dumps({"bench": "handoff", "impl": impl,
                                  "lang": "python", "bytes": nbytes,
                                  "median_s": med, "min_s": min(ts),
                                  "gbps": nbytes / med / 1e9, "times_s": ts,
                                  "repeats": repeats}), flush=True)
    finally:
        parent_end.send(("stop",))
        proc.join(30)


if __name__ == "__main__":
    main()
