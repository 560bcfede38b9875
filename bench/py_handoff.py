# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Hand-off of a large float64 array to another process, from Python.

The time from the parent's request until a child process (already running,
blocked on a multiprocessing.Pipe) can read the parent's array and has sent
back its sum. No assertions on time: numbers only (the child's sum is
checked, so a broken hand-off cannot pass as a fast one).

    python bench/py_handoff.py [--sizes-mib 1,64,1024] [--repeats 10,8,6]
                               [--c-handoff BUILD/bench/sa_bench_c_handoff]

Implementations, interleaved within each repeat in a rotating order:
  sharedarray    the parent's array lives in a SharedArray; the child gets
                 its name, sa.attach(name, ro=True), sums, drops it
  shared_memory  the array lives in a SharedMemory; the child gets name,
                 shape and dtype, maps it with np.ndarray(buffer=...), sums,
                 close()
  pickle_pipe    the parent sends the array itself (a private ndarray)
                 through the Pipe: pickled, copied through the kernel,
                 unpickled, then summed
  c_floor        with --c-handoff: the C floor on the same SharedArray
                 segment in the same run: `sa_bench_c_handoff --serve`,
                 started once, gets "raw_syscalls NAME NITEMS" on its stdin
                 (shm_open, fstat, mmap, sum from the data offset, munmap)
                 and answers the sum on its stdout; timed the same way, from
                 the request to the answer
Prints one JSON object per line: median and minimum seconds and GB/s.

Where a freshly filled segment's pages lie depends on the order of creation
(the first of two was read 10-20% slower on one machine), so both shared
arrays are created and filled again before every timed round, alternating
which comes first, over an even number of rounds (each row's
"first_created" tells, time by time). Each new segment is then mapped and
unmapped twice untimed (placement.settle()), because the second reader of fresh pages
pays ~50 ms per GiB more in munmap than any other: here sharedarray and
c_floor read the same array in each round.
"""
import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import time
from multiprocessing import resource_tracker
from multiprocessing.shared_memory import SharedMemory

import numpy as np

from placement import drop_pair, make_pair


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
    p.add_argument("--repeats", default="10,8,6",
                   help="repeats per size (comma list, last one repeats; "
                        "an odd number is rounded up)")
    p.add_argument("--c-handoff", metavar="PATH",
                   help="sa_bench_c_handoff: add the c_floor row")
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
    # Started after the fork, so that the Python child does not hold its
    # stdin open.
    cserv = None
    if args.c_handoff:
        cserv = subprocess.Popen([args.c_handoff, "--serve"],
                                 stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE)
    name = f"sa-bench-handoff-py-{os.getpid()}"
    try:
        for k, mib in enumerate(sizes):
            repeats = reps[min(k, len(reps) - 1)]
            repeats += repeats % 2
            n = mib << 17
            shape, nbytes = (n,), n * 8
            private = np.ones(shape)
            msgs = {
                "sharedarray": ("sharedarray", name),
                "shared_memory": ("shared_memory", name + "-shm", shape,
                                  "<f8"),
            }
            if cserv:
                msgs["c_floor"] = f"raw_syscalls {name} {n}\n".encode()
            msgs["pickle_pipe"] = ("pickle_pipe", private)
            times = {impl: [] for impl in msgs}
            first = {impl: [] for impl in msgs}
            # One untimed round first (imports, first faults), except
            # for the biggest arrays where a pickling round is costly.
            warm = nbytes <= 64 << 20
            order = list(msgs.items())
            shm = None
            try:
                for r in range(repeats + warm):
                    t = r + 1 - warm  # timed round 1..repeats, 0: warm-up
                    # A fresh pair per timed round, ours first in odd ones;
                    # the warm-up uses the first timed round's pair.
                    if t != 1 or r == 0:
                        if shm is not None:
                            del ours, theirs
                            drop_pair(sa, name, shm)
                            shm = None
                        ours, shm, theirs = make_pair(sa, name, shape,
                                                      max(t, 1) % 2 == 1)
                    # Rotate the order every two rounds, so that each order
                    # meets both placements: no one always goes first.
                    j = t // 2 % len(order)
                    for impl, msg in order[j:] + order[:j]:
                        t0 = time.perf_counter()
                        if impl == "c_floor":
                            try:
                                cserv.stdin.write(msg)
                                cserv.stdin.flush()
                            except BrokenPipeError:
                                pass  # read the empty answer below
                            line = cserv.stdout.readline()
                            dt = time.perf_counter() - t0
                            try:
                                got = float(line)
                            except ValueError:
                                raise RuntimeError(
                                    "c_floor: " + (line.decode().strip() or
                                                   "the server exited"))
                        else:
                            parent_end.send(msg)
                            got = parent_end.recv()
                            dt = time.perf_counter() - t0
                        if t > 0:
                            times[impl].append(dt)
                            first[impl].append(
                                None if impl == "pickle_pipe" else
                                (t % 2 == 1) == (impl != "shared_memory"))
                        if got != float(n):
                            raise RuntimeError(f"{impl}: child summed {got}, "
                                               f"expected {n}")
            finally:
                if shm is not None:
                    del ours, theirs
                    drop_pair(sa, name, shm)
                del private
            for impl, ts in times.items():
                med = statistics.median(ts)
                print(json.dumps({"bench": "handoff", "impl": impl,
                                  "lang": "c" if impl == "c_floor"
                                  else "python", "parent": "python",
                                  "bytes": nbytes,
                                  "median_s": med, "min_s": min(ts),
                                  "gbps": nbytes / med / 1e9, "times_s": ts,
                                  "first_created": first[impl],
                                  "repeats": repeats}), flush=True)
    finally:
        parent_end.send(("stop",))
        proc.join(30)
        if cserv:
            try:
                cserv.stdin.close()
            except BrokenPipeError:
                pass
            cserv.wait(30)


if __name__ == "__main__":
    main()
