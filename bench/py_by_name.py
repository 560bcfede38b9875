# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Handing a big array to a spawn worker, which sums it (issue 17).

A worker started with the "spawn" method waits on a multiprocessing Pipe.
The time runs from the parent's send until the worker's answer is back:

  by_name        the SharedArray array itself is sent: multiprocessing's
                 pickler reduces it to its name (SharedArray's reducer), the
                 worker attaches the same memory and sums it
  pickle         the same array with SharedArray.share_by_name(False): it is
                 pickled by value, copied through the pipe and unpickled,
                 then summed (what SharedArray 3.x and plain numpy do)
  shared_memory  multiprocessing.shared_memory by hand: the array lives in a
                 SharedMemory; the worker gets its name, shape and dtype,
                 maps it with np.ndarray(buffer=shm.buf), sums it, closes it

Two tasks: "sum" (the worker sums the whole array: the issue's scenario)
and "touch" (the worker reads one element: the hand-off alone). No
assertions on time; the worker's answer is checked, so a broken hand-off
cannot pass as a fast one. The three ways are interleaved, in a rotating
order, within each repeat.

Where a freshly filled segment's pages lie depends on the order of creation
(the first of two was read 10-20% slower on one machine), so for "sum" both
arrays are created and filled again before every timed round, alternating
which comes first, over an even number of rounds ("first_created" tells;
"touch" reads one element, where placement cannot show, and keeps one
pair). Each new segment is mapped and unmapped twice untimed (placement.settle()),
because the second reader of fresh pages pays ~50 ms per GiB more in munmap
than any other.

    python bench/py_by_name.py [--size-mib 1024] [--repeats 6]

Prints one JSON object per line (bench "by_name"): median and minimum
seconds per implementation and task, then the ratios: pickle / by_name
(for information) and by_name / shared_memory (target <= 1.1).
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

from placement import drop_pair, make_pair


def worker(conn):
    """Serve requests until told to stop (runs in the spawned process)."""
    import SharedArray  # noqa: F401 -- registers the reducer here too
    while True:
        msg = conn.recv()
        kind, task = msg[0], msg[1]
        if kind == "stop":
            return
        if kind == "shared_memory":
            shm = SharedMemory(msg[2])
            a = np.ndarray(msg[3], msg[4], buffer=shm.buf)
        else:
            a = msg[2]
        s = float(a.sum()) if task == "sum" else float(a[-1])
        del a
        if kind == "shared_memory":
            shm.close()
        del msg  # free a copy inside its own timing
        conn.send(s)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size-mib", type=int, default=1024)
    p.add_argument("--repeats", type=int, default=6,
                   help="timed rounds per task (an odd number is rounded up)")
    args = p.parse_args()
    repeats = args.repeats + args.repeats % 2

    import SharedArray as sa
    resource_tracker.ensure_running()  # shared with the worker
    ctx = mp.get_context("spawn")
    parent_end, child_end = ctx.Pipe()
    proc = ctx.Process(target=worker, args=(child_end,), daemon=True)
    proc.start()
    n = args.size_mib << 17
    shape, nbytes = (n,), n * 8
    name = f"sa-bench-by-name-{os.getpid()}"
    impls = ["by_name", "pickle", "shared_memory"]
    results = []
    shm = None
    try:
        for task in ("touch", "sum"):
            expect = float(n) if task == "sum" else 1.0
            times = {impl: [] for impl in impls}
            first = {impl: [] for impl in impls}
            for r in range(repeats + 1):  # round 0: warm-up, untimed
                # "sum": a fresh pair per timed round, ours first in odd
                # ones; the warm-up uses round 1's pair. "touch": one pair.
                ours_first = max(r, 1) % 2 == 1
                if shm is None or (task == "sum" and r != 1):
                    if shm is not None:
                        del ours, theirs
                        drop_pair(sa, name, shm)
                        shm = None
                    ours, shm, theirs = make_pair(sa, name, shape,
                                                  ours_first)
                    pair_first = ours_first
                for impl in impls[r % 3:] + impls[:r % 3]:
                    if impl == "shared_memory":
                        msg = (impl, task, shm.name, shape, "<f8")
                    else:
                        msg = (impl, task, ours)
                    sa.share_by_name(impl == "by_name")
                    t0 = time.perf_counter()
                    parent_end.send(msg)
                    got = parent_end.recv()
                    dt = time.perf_counter() - t0
                    sa.share_by_name(True)
                    del msg
                    if got != expect:
                        raise RuntimeError(f"{impl}/{task}: worker answered "
                                           f"{got}, expected {expect}")
                    if r > 0:
                        times[impl].append(dt)
                        first[impl].append(
                            pair_first == (impl != "shared_memory"))
            med = {}
            for impl, ts in times.items():
                med[impl] = statistics.median(ts)
                row = {"bench": "by_name", "impl": impl, "task": task,
                       "lang": "python", "bytes": nbytes,
                       "median_s": med[impl], "min_s": min(ts),
                       "times_s": ts, "first_created": first[impl],
                       "repeats": repeats}
                results.append(row)
                print(json.dumps(row), flush=True)
            print(json.dumps({
                "bench": "by_name_ratio", "task": task, "bytes": nbytes,
                "pickle_over_by_name": med["pickle"] / med["by_name"],
                "by_name_over_shared_memory":
                    med["by_name"] / med["shared_memory"]}), flush=True)
    finally:
        if shm is not None:
            del ours, theirs
            drop_pair(sa, name, shm)
        parent_end.send(("stop", None))
        proc.join(30)


if __name__ == "__main__":
    main()
