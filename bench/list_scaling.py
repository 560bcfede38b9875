# Copyright (c) 2026 The SharedArray developers. MIT License.
"""How cost grows: list, attach and create against the number of segments
in /dev/shm, and the header against the number of dims (issues 16 and 19).

    PYTHONPATH=BUILD/bindings/python python bench/list_scaling.py \\
        --cli BUILD/cli/sharedarray --c-latency BUILD/bench/sa_bench_c_latency \\
        --lib BUILD/core/libsharedarray.so [--peer-dir BUILD/bench-peers]

What runs (2 and 3 with --children, default 300, extra processes alive:
forked children, each blocked reading a pipe; they all exit when the pipe
closes, and are SIGKILLed and reaped in a finally in any case):

  1. header dims: attach + release of arrays of 1, 2, 4, ..., 64 dims
     (shape (1, ..., 1, 8) float64), from Python (sa.attach + del, and
     sa.info) and from C (sa_attach + sa_release through ctypes).
  2. SharedArray 3.x segments (made by the PyPI peer in its own worker
     process), 1, 100 and 10,000 of them: sa.list() of ours and of 3.x.
     Both list every one of them.
  3. our segments (sa.create(..., lazy=True) in a loop), 1, 10, 100, 1,000
     and 10,000 of them; at each count:
       - `sharedarray list --json` with and without --no-holders, and
         `sharedarray --version` (the cost of starting the CLI at all);
       - sa.list() of ours (alone, and with the holders of the records,
         which read /proc once per call), and of 3.x (which opens every
         segment and skips ours: not its format);
       - attach + release and create + delete of a 1 KiB array: the C
         floor and the C API (bench/c_latency.c --serve), ours and 3.x from
         Python (bench/py_latency.py --serve).
     Then the children are stopped and the CLI is timed again at the
     largest and the smallest count: the holder scan with only the
     machine's own processes.

Every implementation runs once per repeat at each point, in an order
rotated every repeat. Wall-clock times, medians over repeats. Prints one
JSON object per line. Every segment made here is named
sa-bench-scale-PID-... and is deleted in a finally (even on failure).
"""
import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

import numpy as np

from line_worker import LineWorker

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = f"sa-bench-scale-{os.getpid()}-"


def log(msg):
    print(f"[list_scaling {time.strftime('%H:%M:%S')}] {msg}",
          file=sys.stderr, flush=True)


def emit(**row):
    print(json.dumps(row), flush=True)


def shm_count():
    try:
        return len(os.listdir("/dev/shm"))
    except OSError:
        return -1


def proc_count():
    return sum(1 for d in os.listdir("/proc") if d.isdigit())


def summary(ts):
    return {"median_s": statistics.median(ts), "min_s": min(ts),
            "max_s": max(ts), "times_s": ts, "repeats": len(ts)}


def interleave(impls, repeats):
    """impls: {key: fn() -> seconds}. One call of each per repeat, in an
    order rotated every repeat; returns {key: [seconds, ...]}."""
    keys = list(impls)
    out = {k: [] for k in keys}
    for r in range(repeats):
        k0 = r % len(keys)
        for k in keys[k0:] + keys[:k0]:
            t = impls[k]()
            if t is not None:
                out[k].append(t)
    return out


# ------------------------------------------------------------ children
class Children:
    """n forked processes, each blocked on os.read of one shared pipe."""

    def __init__(self):
        self.pids = []
        self.w = None

    def start(self, n):
        r, w = os.pipe()
        self.w = w
        for _ in range(n):
            pid = os.fork()
            if pid == 0:  # the child: wait for EOF, then leave at once
                try:
                    os.close(w)
                    for fd in (0, 1, 2):  # hold none of the parent's pipes
                        os.close(fd)
                    os.read(r, 1)
                finally:
                    os._exit(0)
            self.pids.append(pid)
        os.close(r)

    def stop(self):
        if self.w is not None:
            os.close(self.w)  # EOF: every child's read returns
            self.w = None
        deadline = time.time() + 10
        left = set(self.pids)
        while left and time.time() < deadline:
            for pid in list(left):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    left.discard(pid)
            if left:
                time.sleep(0.01)
        for pid in left:  # should not happen; never leave one behind
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.pids = []


# ------------------------------------------------------ the peer worker
def peer_worker():
    """Line protocol on stdin, for the PyPI SharedArray 3.x (same import
    name as ours, so it runs in its own process):
      list            -> {"s": seconds of one sa.list(), "n": records}
      create P A B    -> creates shm://P{i:05d} for i in [A, B): "ok"
      delete P A B    -> deletes them (missing ones ignored): "ok"
    """
    import SharedArray as sa
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "list":
                t0 = time.perf_counter()
                recs = sa.list()
                t = time.perf_counter() - t0
                print(json.dumps({"s": t, "n": len(recs)}), flush=True)
            elif cmd[0] in ("create", "delete"):
                p, a, b = cmd[1], int(cmd[2]), int(cmd[3])
                for i in range(a, b):
                    nm = f"shm://{p}{i:05d}"
                    if cmd[0] == "create":
                        x = sa.create(nm, 1, np.float64)
                        del x
                    else:
                        try:
                            sa.delete(nm)
                        except OSError:
                            pass
                print("ok", flush=True)
            else:
                print("error: unknown command", flush=True)
        except Exception as exc:  # report, keep serving
            print(f"error: {exc!r}", flush=True)


class Worker(LineWorker):
    """A worker of this script (or c_latency --serve): ask(line) -> str."""

    def __init__(self, cmd, env=None):
        super().__init__("list_scaling worker", cmd, env)

    ask = LineWorker.ask_line


# --------------------------------------------------------- measurements
def time_cli(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def cli_points(cli, repeats):
    impls = {
        "version": lambda: time_cli([cli, "--version"]),
        "list_json": lambda: time_cli([cli, "list", "--json"]),
        "list_json_no_holders": lambda: time_cli(
            [cli, "list", "--json", "--no-holders"]),
    }
    return interleave(impls, repeats)


def cli_listed(cli):
    out = subprocess.run([cli, "list", "--json", "--no-holders"],
                         capture_output=True, text=True, check=True).stdout
    return sum(1 for r in json.loads(out) if r["name"].startswith(PREFIX))


def cli_syscalls(cli, n, present):
    """System calls of one `list --json --no-holders` (strace -c), and how
    many of its opens are of /proc files: the work per segment."""
    strace = shutil.which("strace")
    if not strace:
        return
    out = f"/tmp/{PREFIX}strace"
    try:
        subprocess.run([strace, "-f", "-c", "-o", out, cli, "list", "--json",
                        "--no-holders"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, timeout=120)
        calls = {}
        with open(out) as f:
            for line in f:
                tok = line.split()
                if len(tok) in (5, 6) and re.match(r"^[\d.]+$", tok[0]) \
                        and tok[-1] != "total":
                    calls[tok[-1]] = {"calls": int(tok[3]), "errors":
                                      int(tok[4]) if len(tok) == 6 else 0}
        subprocess.run([strace, "-f", "-e", "trace=openat", "-o", out, cli,
                        "list", "--json", "--no-holders"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, timeout=120)
        with open(out) as f:
            text = f.read()
        proc = len(re.findall(r'openat\([^,]*, "/proc/', text))
        emit(bench="scale_cli_syscalls", n=n, present=present, calls=calls,
             proc_opens=proc)
    except (OSError, subprocess.SubprocessError) as exc:
        log(f"strace: {exc}")
    finally:
        try:
            os.unlink(out)
        except OSError:
            pass


def py_list_points(sa, peer, repeats):
    def ours():
        t0 = time.perf_counter()
        sa.list()
        return time.perf_counter() - t0

    def ours_holders():
        t0 = time.perf_counter()
        recs = sa.list()
        if recs:
            recs[0].holders  # one /proc scan, for every record of the call
        return time.perf_counter() - t0

    impls = {"ours": ours, "ours_holders": ours_holders}
    if peer:
        impls["peer"] = lambda: json.loads(peer.ask("list"))["s"]
    return interleave(impls, repeats)


LAT_IMPLS = [("c_floor", "c", "raw_syscalls"), ("c_api", "c", "c_api"),
             ("py_ours", "py", "sharedarray"),
             ("py_peer", "peer", "sharedarray")]


def latency_points(workers, repeats, iters):
    impls = {}
    for op in ("attach_release", "create_delete"):
        for key, w, impl in LAT_IMPLS:
            if w in workers:
                impls[(op, key)] = (
                    lambda w=w, impl=impl, op=op:
                    float(workers[w].ask(f"{impl} {op} 1024 {iters}")) / 1e6)
    return interleave(impls, repeats)


def dims_bench(sa, lib, dims, repeats, iters):
    names = {}
    try:
        for d in dims:
            nm = f"{PREFIX}dims{d:02d}"
            a = sa.create(nm, (1,) * (d - 1) + (8,), np.float64)
            del a
            names[d] = nm
        impls = {}
        for d, nm in names.items():
            def py_attach(nm=nm, attach=sa.attach):
                t0 = time.perf_counter()
                for _ in range(iters):
                    a = attach(nm)
                    del a
                return (time.perf_counter() - t0) / iters

            def py_info(nm=nm, info=sa.info):
                t0 = time.perf_counter()
                for _ in range(iters):
                    info(nm)
                return (time.perf_counter() - t0) / iters
            impls[("py_attach", d)] = py_attach
            impls[("py_info", d)] = py_info
            if lib is not None:
                def c_attach(nm=nm.encode(), lib=lib):
                    p = ctypes.c_void_p()
                    ref = ctypes.byref(p)
                    att, rel = lib.sa_attach, lib.sa_release
                    t0 = time.perf_counter()
                    for _ in range(iters):
                        if att(nm, 0, ref) < 0:
                            raise RuntimeError("sa_attach failed")
                        rel(p)
                    return (time.perf_counter() - t0) / iters
                impls[("c_attach", d)] = c_attach
        # warm-up round, untimed
        for f in impls.values():
            f()
        res = interleave(impls, repeats)
        for (impl, d), ts in res.items():
            emit(bench="scale_dims", impl=impl, ndim=d, **summary(ts))
    finally:
        for nm in names.values():
            try:
                sa.delete(nm)
            except OSError:
                pass


def make_ours(sa, start, stop):
    for i in range(start, stop):
        a = sa.create(f"{PREFIX}o{i:05d}", 1, np.float64, lazy=True)
        del a


def cleanup(sa):
    """Delete every segment of ours (the PREFIX), whatever made it."""
    left = [n for n in os.listdir("/dev/shm") if n.startswith(PREFIX)]
    for n in left:
        try:
            sa.delete(n)
        except (OSError, ValueError):
            try:
                os.unlink(os.path.join("/dev/shm", n))
            except OSError:
                pass
    return len(left)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer-worker", action="store_true",
                    help=argparse.SUPPRESS)
    ap.add_argument("--cli", required="--peer-worker" not in sys.argv)
    ap.add_argument("--c-latency", help="BUILD/bench/sa_bench_c_latency")
    ap.add_argument("--lib", help="BUILD/core/libsharedarray.so (C dims)")
    ap.add_argument("--peer-dir", help="where SharedArray 3.x is installed")
    ap.add_argument("--cli-counts", default="10,1000,10000")
    ap.add_argument("--py-counts", default="1,100,10000")
    ap.add_argument("--extra-counts", default="",
                    help="more segment counts for the plot (ours only)")
    ap.add_argument("--dims", default="1,2,4,8,16,32,64")
    ap.add_argument("--children", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--lat-repeats", type=int, default=9,
                    help="repeats of attach/create at each count")
    ap.add_argument("--dims-repeats", type=int, default=11)
    ap.add_argument("--dims-iters", type=int, default=1000,
                    help="attaches per batch for the dims")
    ap.add_argument("--iters", type=int, default=500,
                    help="calls per batch for attach/create/dims")
    args = ap.parse_args()
    if args.peer_worker:
        return peer_worker()

    import SharedArray as sa
    cli_counts = [int(x) for x in args.cli_counts.split(",") if x]
    py_counts = [int(x) for x in args.py_counts.split(",") if x]
    extra = [int(x) for x in args.extra_counts.split(",") if x]
    levels = sorted(set(cli_counts + py_counts + extra))
    dims = [int(x) for x in args.dims.split(",") if x]
    lib = None
    if args.lib:
        lib = ctypes.CDLL(args.lib)
        lib.sa_attach.argtypes = [ctypes.c_char_p, ctypes.c_uint,
                                  ctypes.c_void_p]
        lib.sa_release.argtypes = [ctypes.c_void_p]
        lib.sa_release.restype = None

    children = Children()
    workers = {}
    peer_pfx = PREFIX + "p"
    t_start = time.time()
    try:
        # 1. header dims (before the children: they do not matter here,
        # and a parent that has just forked pays copy-on-write faults)
        log(f"header dims {dims}")
        dims_bench(sa, lib, dims, args.dims_repeats, args.dims_iters)
        # The children before the workers: the workers and the CLI, started
        # later with close_fds, do not inherit the children's pipe.
        children.start(args.children)
        emit(bench="scale_meta", children=args.children,
             procs=proc_count(), shm_before=shm_count(),
             load_start=" ".join(f"{x:.2f}" for x in os.getloadavg()),
             prefix=PREFIX)
        if args.c_latency:
            workers["c"] = Worker([args.c_latency, "--serve"])
        workers["py"] = Worker([sys.executable,
                                os.path.join(HERE, "py_latency.py"),
                                "--serve"])
        peer = None
        if args.peer_dir:
            penv = dict(os.environ, PYTHONPATH=args.peer_dir)
            workers["peer"] = Worker([sys.executable,
                                      os.path.join(HERE, "py_latency.py"),
                                      "--serve"], penv)
            peer = Worker([sys.executable, os.path.abspath(__file__),
                           "--peer-worker"], penv)

        # 2. SharedArray 3.x segments: both list all of them
        if peer:
            have = 0
            for n in py_counts:
                peer.ask(f"create {peer_pfx} {have} {n}")
                have = n
                present = shm_count()
                res = py_list_points(sa, peer, args.repeats)
                for impl, ts in res.items():
                    emit(bench="scale_pylist", population="peer", n=n,
                         present=present, impl=impl, **summary(ts))
                log(f"3.x segments: {n} done")
            peer.ask(f"delete {peer_pfx} 0 {have}")
            cleanup(sa)

        # 3. our segments
        have = 0
        for n in levels:
            make_ours(sa, have, n)
            have = n
            present, procs = shm_count(), proc_count()
            reps = args.repeats
            if n in cli_counts:
                listed = cli_listed(args.cli)
                if n == max(c for c in cli_counts if c <= 1000):
                    cli_syscalls(args.cli, n, present)
                for impl, ts in cli_points(args.cli, reps).items():
                    emit(bench="scale_cli", n=n, present=present,
                         procs=procs, listed=listed, impl=impl,
                         children=args.children, **summary(ts))
            res = py_list_points(sa, peer, reps)
            for impl, ts in res.items():
                emit(bench="scale_pylist", population="ours", n=n,
                     present=present, impl=impl, **summary(ts))
            res = latency_points(workers, args.lat_repeats, args.iters)
            for (op, impl), ts in res.items():
                emit(bench="scale_latency", n=n, present=present, op=op,
                     impl=impl, **summary(ts))
            log(f"our segments: {n} done")

        # The holder scan with only the machine's own processes: at the
        # largest count, then (where the list itself is cheap, so that the
        # scan's share stands out of the noise) at the smallest.
        children.stop()
        for n in (levels[-1], min(cli_counts)):
            for i in range(n, have):
                sa.delete(f"{PREFIX}o{i:05d}")
            have = min(have, n)
            present, procs = shm_count(), proc_count()
            for impl, ts in cli_points(args.cli, args.repeats).items():
                emit(bench="scale_cli", n=n, present=present, procs=procs,
                     listed=None, impl=impl, children=0, **summary(ts))
        log("CLI without the children: done")
    finally:
        children.stop()
        for w in workers.values():
            w.close()
        if args.peer_dir and "peer" in locals() and peer:
            peer.close()
        left = cleanup(sa)
        emit(bench="scale_meta_end", deleted=left,
             shm_after=shm_count(), seconds=time.time() - t_start,
             load_end=" ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
