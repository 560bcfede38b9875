#!/usr/bin/env python3
# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Run every SharedArray benchmark and write docs/benchmarks.md and its plots.

    python bench/run_all.py --build build          (what `./dev bench` runs)
    python bench/run_all.py --build build --quick  (a short smoke run)

Needs a build tree (cmake --build BUILD) with the bench programs, the Python
package (BUILD/bindings/python) and, when present, the Lua and Octave
modules. The PyPI package SharedArray 3.x (same import name as ours) is
installed with pip into BUILD/bench-peers and run in its own worker
process; --no-peer skips it. Raw results go to BUILD/bench-results.json.

What is measured (medians over repeats; no timing assertions):
  1. create+delete and attach+release latency, 1 KiB / 1 MiB / 256 MiB:
     the raw syscall floor, our C API, our Python API, SharedArray 3.x,
     SharedMemory + np.ndarray, open_memmap on /dev/shm. Every
     implementation runs one batch per repeat, interleaved (workers speak
     a line protocol: bench/c_latency.c --serve, bench/py_latency.py).
  2. hand-off of 1 MiB / 64 MiB / 1 GiB to a waiting child process
     (bench/c_handoff.c; bench/py_handoff.py, which also drives
     `sa_bench_c_handoff --serve` for a C floor on its own arrays;
     bench/py_by_name.py for a spawn worker, issue 17).
  3. first touch of a fresh 1 GiB array vs memset (bench/c_first_touch.c).
  4. Lua a[i] and Octave h(i) access (bench/lua_access.lua,
     bench/octave_access.m), when the modules are built.
  5. synchronisation (issue 15): a notify/wait ping-pong between two
     processes against a raw futex pair, eventfd and a pipe, and an
     uncontended sa_lock+sa_unlock against process-shared pthread mutexes
     (bench/c_sync.c); the same from Python against a pipe,
     multiprocessing.Event and Condition, and multiprocessing.Lock
     (bench/py_sync.py).
  6. how cost grows (issues 16 and 19): `sharedarray list --json` with and
     without the holder scan over 10 / 1,000 / 10,000 segments with a few
     hundred extra processes alive; sa.list() of ours against SharedArray
     3.x; attach and create with 1 to 10,000 segments present; attach
     against the number of dims (bench/list_scaling.py). Its plot is
     docs/benchmarks-scaling.png.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

from line_worker import LineWorker

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEER_SPEC = "SharedArray==3.2.4"
KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr,
          flush=True)


def human(nbytes):
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if nbytes >= size and nbytes % size == 0:
            return f"{nbytes // size} {unit}"
    return f"{nbytes} B"


def json_lines(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def run(cmd, timeout, env=None, what=None):
    """Run cmd; return its stdout, or None (and log why) on failure."""
    what = what or os.path.basename(cmd[0])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout, env=env, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log(f"{what}: {exc}")
        return None
    if p.returncode != 0:
        log(f"{what}: exit {p.returncode}: {p.stderr.strip()[-800:]}")
        return None
    return p.stdout


def env_with(**kw):
    env = dict(os.environ)
    for k, v in kw.items():
        env[k] = v
    return env


# ------------------------------------------------------------ the peer
def ensure_peer(build, notes):
    """Install SharedArray 3.x into BUILD/bench-peers (pip builds it from
    source). Returns the directory, or None with a note."""
    target = os.path.join(build, "bench-peers")
    probe = [sys.executable, "-c",
             "import SharedArray, importlib.metadata as m; "
             "print(m.version('SharedArray'))"]
    if os.path.isdir(target):
        out = run(probe, 60, env_with(PYTHONPATH=target), "peer probe")
        if out and out.strip().startswith("3."):
            return target, out.strip()
    log(f"installing {PEER_SPEC} into {target} (pip builds it from source)")
    out = run([sys.executable, "-m", "pip", "install", "--quiet",
               "--no-deps", "--upgrade", "--target", target, PEER_SPEC],
              600, what="pip install " + PEER_SPEC)
    if out is None:
        notes.append(f"The PyPI package {PEER_SPEC} could not be installed "
                     f"here (pip failed), so it is missing from the tables.")
        return None, None
    out = run(probe, 60, env_with(PYTHONPATH=target), "peer probe")
    return (target, out.strip()) if out else (None, None)


# ---------------------------------------------------- 1. latency (workers)
class Worker(LineWorker):
    """A process answering "IMPL BENCH BYTES ITERS" with microseconds."""

    def __init__(self, label, cmd, env=None):
        super().__init__(label, cmd, env, cwd=ROOT)

    def ask(self, impl, bench, nbytes, iters):
        return float(self.ask_line(f"{impl} {bench} {nbytes} {iters}"))


# (key, label, worker, impl). The key is what the tables use.
LATENCY_IMPLS = {
    "create_delete": [
        ("c_floor", "raw syscalls (C floor)", "c", "raw_syscalls"),
        ("c_floor_reserve", "raw syscalls + header write + "
         "posix_fallocate (C)", "c", "raw_reserve"),
        ("c_api", "SharedArray C API", "c", "c_api"),
        ("d_mapwrite", "floor + posix_fallocate + header written through "
         "the mapping (no pwrite)", "c", "raw_reserve_mapwrite"),
        ("d_pwrite_all", "floor + one pwrite of header and zeros (reserves "
         "small segments without posix_fallocate)", "c", "raw_pwrite_all"),
        ("d_validate", "floor + header pwrite + posix_fallocate + delete's "
         "check (shm_open, fstat, pread, close)", "c",
         "raw_reserve_validate"),
        ("c_api_lazy", "SharedArray C API, SA_CREATE_LAZY", "c",
         "c_api_lazy"),
        ("py_ours", "SharedArray (ours), Python", "py", "sharedarray"),
        ("py_ours_lazy", "SharedArray (ours), Python, lazy", "py",
         "sharedarray_lazy"),
        ("py_peer", "SharedArray 3.x (PyPI), Python", "peer", "sharedarray"),
        ("py_shm", "SharedMemory + np.ndarray", "py", "shared_memory"),
        ("py_memmap", "np.lib.format.open_memmap in /dev/shm", "py",
         "open_memmap"),
    ],
    "attach_release": [
        ("c_floor", "raw syscalls (C floor)", "c", "raw_syscalls"),
        ("c_api", "SharedArray C API", "c", "c_api"),
        ("d_pread", "floor + pread of the 4 KiB header page", "c",
         "raw_pread"),
        ("d_pread256", "floor + pread of 256 bytes only", "c",
         "raw_pread256"),
        ("d_touch", "floor + reading the header in the mapping (a page "
         "fault)", "c", "raw_touch"),
        ("py_ours", "SharedArray (ours), Python", "py", "sharedarray"),
        ("py_peer", "SharedArray 3.x (PyPI), Python", "peer", "sharedarray"),
        ("py_shm", "SharedMemory + np.ndarray", "py", "shared_memory"),
        ("py_memmap", "np.lib.format.open_memmap in /dev/shm", "py",
         "open_memmap"),
    ],
}
LATENCY_SIZES = [KIB, MIB, 256 * MIB]
# Diagnostic rows (keys starting with "d_"): the floor plus one ingredient
# of our create/delete/attach, to show where the time goes. Shown in their
# own table; some only make sense for small segments.
DIAG_MAX_BYTES = {"d_pwrite_all": 32 * KIB}


# Instruction counts (valgrind's callgrind): stable where wall-clock time on
# a shared VM is not. Each implementation runs one batch of A and one of B
# calls in a fresh worker under callgrind; (count(B) - count(A)) / (B - A)
# is the user-space instructions per call, start-up excluded. System calls
# count as one instruction each: the kernel's work is not in these numbers.
INSTR_IMPLS = [
    ("attach_release", "c", "raw_syscalls", "raw syscalls (C floor)"),
    ("attach_release", "c", "c_api", "SharedArray C API"),
    ("attach_release", "py", "sharedarray", "SharedArray (ours), Python"),
    ("attach_release", "py", "shared_memory", "SharedMemory + np.ndarray"),
    ("create_delete", "c", "raw_syscalls", "raw syscalls (C floor)"),
    ("create_delete", "c", "c_api", "SharedArray C API"),
    ("create_delete", "py", "sharedarray", "SharedArray (ours), Python"),
    ("create_delete", "py", "shared_memory", "SharedMemory + np.ndarray"),
]


def bench_instructions(build, notes):
    if shutil.which("valgrind") is None:
        notes.append("Instruction counts skipped: valgrind is not installed.")
        return []
    cmds = {"c": ([os.path.join(build, "bench", "sa_bench_c_latency"),
                   "--serve"], None),
            "py": ([sys.executable, os.path.join(HERE, "py_latency.py"),
                    "--serve"],
                   # one BLAS thread: idle BLAS threads spinning under
                   # callgrind would add instructions at random
                   env_with(PYTHONPATH=os.path.join(build, "bindings",
                                                    "python"),
                            OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                            PYTHONHASHSEED="0"))}
    out = []
    for bench, w, impl, label in INSTR_IMPLS:
        counts = []
        for iters in (200, 2200):
            cmd, env = cmds[w]
            r = subprocess.run(
                ["valgrind", "--tool=callgrind", "--callgrind-out-file=" +
                 os.devnull] + cmd, input=f"{impl} {bench} 1024 {iters}\n",
                capture_output=True, text=True, env=env, cwd=ROOT)
            m = re.search(r"Collected : (\d+)", r.stderr)
            if r.returncode != 0 or not m or "error" in r.stdout:
                notes.append(f"Instruction count of {label} ({bench}) "
                             f"failed: {r.stdout.strip()[:200]}")
                break
            counts.append(int(m.group(1)))
        if len(counts) == 2:
            out.append({"bench": bench, "impl": impl, "lang": w,
                        "label": label,
                        "per_call": (counts[1] - counts[0]) / 2000})
    log("instruction counts: done")
    return out


def instructions_table(ins):
    if not ins:
        return []
    md = ["\n### Instructions per call (callgrind, 1 KiB)\n",
          "User-space instructions per call, from valgrind's callgrind "
          "(one batch of 200 and one of 2,200 calls in a fresh worker; the "
          "difference over 2,000). Unlike time, these do not move with the "
          "machine's load. A system call counts as one instruction: what "
          "the kernel does is in the timings above, not here. Python rows "
          "include the interpreter running the benchmark loop.\n",
          "| benchmark | implementation | instructions per call |",
          "|---|---|---:|"]
    for r in ins:
        md.append(f"| {r['bench'].replace('_', '+')} | {r['label']} | "
                  f"{r['per_call']:,.0f} |")
    return md


def bench_latency(build, peer_dir, repeats, batch_s, notes):
    workers = {
        "c": Worker("C", [os.path.join(build, "bench", "sa_bench_c_latency"),
                          "--serve"]),
        "py": Worker("Python", [sys.executable,
                                os.path.join(HERE, "py_latency.py"),
                                "--serve"],
                     env_with(PYTHONPATH=os.path.join(build, "bindings",
                                                      "python"))),
    }
    if peer_dir:
        workers["peer"] = Worker("SharedArray 3.x", [
            sys.executable, os.path.join(HERE, "py_latency.py"), "--serve"],
            env_with(PYTHONPATH=peer_dir))
    results = []
    try:
        for bench, impls in LATENCY_IMPLS.items():
            impls = [i for i in impls if i[2] in workers]
            for nbytes in LATENCY_SIZES:
                # Calibrate: iterations so that one batch takes ~batch_s.
                plan = []
                for key, label, w, impl in impls:
                    if nbytes > DIAG_MAX_BYTES.get(key, nbytes):
                        continue
                    try:
                        est = workers[w].ask(impl, bench, nbytes, 2)
                    except RuntimeError as exc:
                        log(str(exc))
                        notes.append(f"{label} ({bench}, {human(nbytes)}) "
                                     f"failed: {exc}")
                        continue
                    iters = int(max(1, min(20000, batch_s * 1e6 / max(est,
                                                                     0.1))))
                    plan.append((key, label, w, impl, iters, []))
                # Interleave: one batch of each per repeat, in an order
                # rotated every repeat so no one always runs first.
                for r in range(repeats):
                    k = r % len(plan) if plan else 0
                    for key, label, w, impl, iters, ts in plan[k:] + plan[:k]:
                        try:
                            ts.append(workers[w].ask(impl, bench, nbytes,
                                                     iters))
                        except RuntimeError as exc:
                            log(str(exc))
                for key, label, w, impl, iters, ts in plan:
                    if not ts:
                        continue
                    results.append({
                        "bench": bench, "key": key, "label": label,
                        "bytes": nbytes, "median_us": statistics.median(ts),
                        "min_us": min(ts), "max_us": max(ts), "times_us": ts,
                        "iters": iters, "repeats": len(ts)})
                log(f"latency {bench} {human(nbytes)}: done")
    finally:
        for w in workers.values():
            w.close()
    return results


# --------------------------------------------------------- 2. hand-off
def bench_handoff(build, quick):
    out = []
    c = run([os.path.join(build, "bench", "sa_bench_c_handoff"),
             "3" if quick else "7", "64" if quick else "1024"], 300)
    out += json_lines(c or "")
    log("hand-off (C): done")
    # Even repeats: the shared arrays are created again before every
    # timed round, alternating which comes first (page placement).
    py = run([sys.executable, os.path.join(HERE, "py_handoff.py"),
              "--sizes-mib", "1,64" if quick else "1,64,1024",
              "--repeats", "4" if quick else "10,8,6",
              "--c-handoff", os.path.join(build, "bench",
                                          "sa_bench_c_handoff")], 600,
             env_with(PYTHONPATH=os.path.join(build, "bindings", "python")))
    out += json_lines(py or "")
    log("hand-off (Python): done")
    return out


def bench_by_name(build, quick):
    """bench/py_by_name.py: a spawn worker sums an array handed to it by
    name, by value (pickle) and with SharedMemory by hand."""
    out = run([sys.executable, os.path.join(HERE, "py_by_name.py"),
               "--size-mib", "64" if quick else "1024",
               "--repeats", "4" if quick else "6"], 900,
              env_with(PYTHONPATH=os.path.join(build, "bindings", "python")))
    log("by name (Python): done")
    return json_lines(out or "")


def by_name_table(rows):
    """Markdown for bench_by_name's rows (none: no table)."""
    R = {(r["task"], r.get("impl")): r for r in rows if r["bench"] == "by_name"}
    Q = {r["task"]: r for r in rows if r["bench"] == "by_name_ratio"}
    if not Q:
        return []
    size = human(next(iter(Q.values()))["bytes"])
    md = [f"| worker's task ({size}) | by name | pickle | SharedMemory by hand "
          "| pickle / by name | by name / SharedMemory |",
          "|---|---:|---:|---:|---:|---:|"]
    for task in ("sum", "touch"):
        if task not in Q:
            continue
        cells = [fmt_s(R[(task, i)]["median_s"]) for i in
                 ("by_name", "pickle", "shared_memory")]
        md.append(f"| {task} | " + " | ".join(cells) +
                  f" | {Q[task]['pickle_over_by_name']:.0f}× | "
                  f"{Q[task]['by_name_over_shared_memory']:.2f}× |")
    return md


# ------------------------------------------------------- 3. first touch
def bench_first_touch(build, quick):
    out = run([os.path.join(build, "bench", "sa_bench_c_first_touch"),
               "128" if quick else "1024", "3" if quick else "5"], 300)
    log("first touch: done")
    return json_lines(out or "")


def bench_sync(build, quick):
    exe = os.path.join(build, "bench", "sa_bench_c_sync")
    if not os.path.exists(exe):
        return []
    out = run([exe, "3" if quick else "9", "2000" if quick else "20000"], 600)
    log("sync: done")
    return json_lines(out or "")


def bench_py_sync(build, quick):
    """bench/py_sync.py: the Python ping-pong and lock (sync_pingpong,
    sync_lock rows, times in seconds)."""
    out = run([sys.executable, os.path.join(HERE, "py_sync.py"),
               "--rounds", "500" if quick else "2000",
               "--locks", "20000" if quick else "100000",
               "--repeats", "2" if quick else "7"], 600,
              env_with(PYTHONPATH=os.path.join(build, "bindings", "python")))
    log("sync (Python): done")
    return [r for r in json_lines(out or "") if "median_s" in r]


SYNC_FLOORS = {"pingpong": "raw_futex", "lock_unlock": "pthread_mutex"}
SYNC_OURS = {("c", "pingpong"): "sa_notify_wait",
             ("c", "lock_unlock"): "sa_lock_unlock",
             ("python", "pingpong"): "sharedarray",
             ("python", "lock_unlock"): "sharedarray"}
SYNC_LABELS = {
    ("c", "sa_notify_wait"): "SharedArray sa_notify + sa_wait",
    ("c", "raw_futex"): "raw shared futex pair (the floor)",
    ("c", "eventfd"): "eventfd pair", ("c", "pipe"): "pipe pair",
    ("c", "sa_lock_unlock"): "SharedArray sa_lock + sa_unlock (PI futex)",
    ("c", "pthread_mutex"): "process-shared pthread mutex (the floor)",
    ("c", "pthread_robust"): "process-shared robust pthread mutex",
    ("python", "sharedarray"): "SharedArray sa.notify + sa.wait",
    ("python", "pipe"): "os.pipe pair, one byte each way",
    ("python", "mp_event"): "two multiprocessing.Event",
    ("python", "mp_condition"): "multiprocessing.Condition + Value",
}
SYNC_LOCK_LABELS = {
    "sharedarray": "SharedArray `with sa.lock(a)`",
    "multiprocessing.Lock": "`with multiprocessing.Lock()`",
    "threading.Lock": "`with threading.Lock()` (process-private)",
}


def sync_rows(sync, pysync):
    """C and Python rows in one shape: (bench, lang, impl, label, median,
    min) with times in the bench's unit (µs for the round trip, ns for
    the lock)."""
    rows = []
    for r in sync:
        unit = "us" if "median_us" in r else "ns"
        rows.append((r["bench"], "c", r["impl"],
                     SYNC_LABELS.get(("c", r["impl"]), r["impl"]),
                     r["median_" + unit], r["min_" + unit]))
    for r in pysync:
        if r["bench"] == "sync_pingpong":
            bench, k, label = "pingpong", 1e6, SYNC_LABELS.get(
                ("python", r["impl"]), r["impl"])
        elif r["bench"] == "sync_lock":
            bench, k, label = "lock_unlock", 1e9, SYNC_LOCK_LABELS.get(
                r["impl"], r["impl"])
        else:
            continue
        rows.append((bench, "python", r["impl"], label, r["median_s"] * k,
                     r["min_s"] * k))
    return rows


def sync_lookup(rows, bench, lang, impl):
    return next((r for r in rows if r[:3] == (bench, lang, impl)), None)


def sync_table(sync, pysync):
    rows = sync_rows(sync, pysync)
    md = ["| benchmark | language | implementation | median | min | "
          "/ C floor | / ours (same language) |",
          "|---|---|---|---:|---:|---:|---:|"]
    for bench in ("pingpong", "lock_unlock"):
        unit = "µs" if bench == "pingpong" else "ns"
        floor = sync_lookup(rows, bench, "c", SYNC_FLOORS[bench])
        for r in rows:
            if r[0] != bench:
                continue
            ours = sync_lookup(rows, bench, r[1], SYNC_OURS[(r[1], bench)])
            what = ("round trip" if bench == "pingpong"
                    else "lock + unlock")
            md.append(
                f"| {what} | {'C' if r[1] == 'c' else 'Python'} | {r[3]} | "
                f"{r[4]:.3f} {unit} | {r[5]:.3f} {unit} | "
                + (f"{r[4] / floor[4]:.2f}×" if floor else "–") + " | "
                + (f"{r[4] / ours[4]:.2f}×" if ours else "–") + " |")
    return md


# ------------------------------------------------------- 4. languages
def bench_lua(build, quick, notes):
    script = os.path.join(HERE, "lua_access.lua")
    mod = os.path.join(build, "bindings", "lua", "sharedarray.so")
    lua = shutil.which("lua5.4")
    if not (os.path.exists(script) and os.path.exists(mod) and lua):
        notes.append("Lua: skipped (needs lua5.4, bench/lua_access.lua and "
                     f"{os.path.relpath(mod, ROOT)}).")
        return []
    cpath = os.path.join(build, "bindings", "lua", "?.so") + ";;"
    out = run([lua, script, "200000" if quick else "1000000",
               "3" if quick else "7"], 300, env_with(LUA_CPATH=cpath))
    log("Lua access: done")
    if out is None:
        notes.append("Lua: bench/lua_access.lua failed (see the log).")
    return json_lines(out or "")


OCTAVE_ROW = re.compile(r"^(?P<op>.+?)\s+(?P<h>[\d.]+)\s+(?P<unit>\S+)\s+"
                        r"(?P<n>[\d.]+)\s+\S+\s+(?P<ratio>[\d.]+)x\s*$")


def bench_octave(build, notes):
    script = os.path.join(HERE, "octave_access.m")
    mdir = os.path.join(build, "bindings", "octave", "sharedarray")
    octave = shutil.which("octave-cli")
    if not (os.path.exists(script) and
            os.path.exists(os.path.join(mdir, "sharedarray.oct")) and octave):
        notes.append("Octave: skipped (needs octave-cli, "
                     "bench/octave_access.m and the built module in "
                     f"{os.path.relpath(mdir, ROOT)}).")
        return [], ""
    out = run([octave, "--no-gui", "--norc", "--no-history", "--quiet",
               script], 400, env_with(SA_OCTAVE_PATH=mdir))
    log("Octave access: done")
    if out is None:
        notes.append("Octave: bench/octave_access.m failed (see the log).")
        return [], ""
    rows, title = [], ""
    for line in out.splitlines():
        m = OCTAVE_ROW.match(line)
        if m:
            rows.append({"op": m["op"].strip(), "handle": float(m["h"]),
                         "native": float(m["n"]), "unit": m["unit"],
                         "ratio": float(m["ratio"])})
        elif line.startswith("SharedArray Octave"):
            title = line.strip()
    return rows, title


# ------------------------------------------------------ 6. how cost grows
def bench_scaling(build, peer_dir, quick, notes):
    """bench/list_scaling.py: list, attach and create against the number of
    segments, attach against the number of dims. Its JSON rows."""
    cli = os.path.join(build, "cli", "sharedarray")
    if not os.path.exists(cli):
        notes.append("Scaling: skipped (no CLI at "
                     f"{os.path.relpath(cli, ROOT)}).")
        return []
    cmd = [sys.executable, os.path.join(HERE, "list_scaling.py"),
           "--cli", cli]
    for opt, path in (("--c-latency", os.path.join(
            build, "bench", "sa_bench_c_latency")), ("--lib", os.path.join(
                build, "core", "libsharedarray.so"))):
        if os.path.exists(path):
            cmd += [opt, path]
    if peer_dir:
        cmd += ["--peer-dir", peer_dir]
    if quick:
        cmd += ["--cli-counts", "10,100,1000", "--py-counts", "1,100,1000",
                "--children", "50", "--repeats", "3", "--lat-repeats", "3",
                "--iters", "200", "--dims-repeats", "3", "--dims-iters",
                "200"]
    else:
        cmd += ["--cli-counts", "1,10,100,1000,10000",
                "--py-counts", "1,100,10000", "--children", "300",
                "--repeats", "5", "--lat-repeats", "9", "--iters", "500"]
    out = run(cmd, 900, env_with(PYTHONPATH=os.path.join(build, "bindings",
                                                         "python")))
    log("scaling: done")
    if out is None:
        notes.append("Scaling: bench/list_scaling.py failed (see the log).")
    return json_lines(out or "")


def slope(points):
    """Log-log slope between the two largest counts of [(n, t), ...]: ~1
    for O(n), ~0 for O(1)."""
    pts = sorted(p for p in points if p[0] > 0 and p[1] > 0)
    if len(pts) < 2:
        return None
    (n1, t1), (n2, t2) = pts[-2], pts[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)


def overall_slope(points):
    """Log-log slope from the smallest count to the largest."""
    pts = sorted(p for p in points if p[0] > 0 and p[1] > 0)
    if len(pts) < 2:
        return None
    (n1, t1), (n2, t2) = pts[0], pts[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)


def order_of(sl):
    if sl is None:
        return "?"
    if sl > 1.25:
        return "worse than O(n)"
    if sl >= 0.75:
        return "O(n)"
    if sl >= 0.15:
        return "between O(1) and O(n) here"
    return "O(1)"


def linear_fit(xs, ys):
    """Least squares y = a + b x: (a, b)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0
    return my - b * mx, b


def fmt_t(s):
    """Seconds, shown in µs or ms."""
    if s < 0:
        return "−" + fmt_t(-s)
    us = s * 1e6
    if us >= 1000:
        return f"{us / 1000:.1f} ms" if us < 100000 else f"{us / 1000:.0f} ms"
    return f"{us:.1f} µs"


SCALE_LIST_LABELS = {
    ("ours", "ours"): "ours, sa.list() (our segments)",
    ("ours", "ours_holders"): "ours, sa.list() + holders (our segments)",
    ("ours", "peer"): "SharedArray 3.x, sa.list() (our segments: opens "
                      "each, lists none)",
    ("peer", "ours"): "ours, sa.list() (3.x segments)",
    ("peer", "ours_holders"): "ours, sa.list() + holders (3.x segments)",
    ("peer", "peer"): "SharedArray 3.x, sa.list() (3.x segments)",
}
SCALE_LAT_LABELS = {"c_floor": "raw syscalls (C floor)",
                    "c_api": "SharedArray C API",
                    "py_ours": "SharedArray (ours), Python",
                    "py_peer": "SharedArray 3.x, Python"}
SHORT = {"c_floor": "C floor", "c_api": "C API", "py_ours": "Python"}
SCALE_DIM_LABELS = {"c_attach": "C sa_attach + sa_release (via ctypes)",
                    "py_attach": "Python sa.attach + del",
                    "py_info": "Python sa.info (header only, no mapping)"}


def scaling_md(rows):
    meta = next((r for r in rows if r["bench"] == "scale_meta"), {})
    cli = [r for r in rows if r["bench"] == "scale_cli"]
    pyl = [r for r in rows if r["bench"] == "scale_pylist"]
    lat = [r for r in rows if r["bench"] == "scale_latency"]
    dims = [r for r in rows if r["bench"] == "scale_dims"]
    summary = []  # (operation, complexity, evidence)
    md = ["", "## 6. How cost grows (issues 16 and 19)", "",
          "bench/list_scaling.py, plotted in "
          "[benchmarks-scaling.png](benchmarks-scaling.png). Segments are "
          "made in a loop (`sa.create(..., lazy=True)`, one float64 each; "
          "SharedArray 3.x's own `create` for its segments) under one "
          "name prefix and all deleted at the end. While the segment counts "
          f"are measured, {meta.get('children', '?')} extra processes run "
          "(forked Python children, each blocked reading a pipe, so "
          f"{meta.get('procs', '?')} processes in all, each with its "
          "mappings for the holder scan to read). \"In /dev/shm\" counts "
          "every entry there, other users' included. Wall-clock medians; "
          "every implementation runs once per repeat, interleaved."]
    # ---- CLI
    if cli:
        md += ["", "### `sharedarray list --json`, with and without the "
               "holder scan", "",
               "Each call is a fresh process (its start-up is the "
               "`--version` column) whose JSON goes to /dev/null. The holder "
               "scan reads /proc/*/maps once per call (issue 16). Per "
               "segment: the median minus the start-up, over the segment "
               "count, without the holder scan.", "",
               "| our segments (in /dev/shm) | processes | `list --json` | "
               "`--no-holders` | holder scan (difference) | per segment "
               "(`--no-holders`) | start-up (`--version`) |",
               "|---|---:|---:|---:|---:|---:|---:|"]
        C = {}
        for r in cli:
            C[(r["n"], r["children"], r["impl"])] = r
        # with the children first, by count; then the rows without them
        keys = sorted({(n, ch) for n, ch, _ in C},
                      key=lambda k: (k[1] == 0, k[0]))
        for n, ch in keys:
            w = C.get((n, ch, "list_json"))
            wo = C.get((n, ch, "list_json_no_holders"))
            v = C.get((n, ch, "version"))
            if not (w and wo and v):
                continue
            st = v["median_s"]
            label = f"{n:,} ({w['present']:,})" + (
                " **no extra processes**" if ch == 0 else "")
            md.append(
                f"| {label} | {w['procs']} | {fmt_t(w['median_s'])} | "
                f"{fmt_t(wo['median_s'])} | "
                f"{fmt_t(w['median_s'] - wo['median_s'])} | "
                f"{fmt_t(max(0, wo['median_s'] - st) / n)} | {fmt_t(st)} |")
        main = sorted(k for k in keys if k[1] != 0)
        wo_pts = [(n, C[(n, ch, "list_json_no_holders")]["median_s"])
                  for n, ch in main if (n, ch, "list_json_no_holders") in C]
        w_pts = [(n, C[(n, ch, "list_json")]["median_s"])
                 for n, ch in main if (n, ch, "list_json") in C]
        if len(wo_pts) >= 2:
            (n1, t1), (n2, t2) = sorted(wo_pts)[-2:]
            sl = slope(wo_pts)
            marg = (t2 - t1) / (n2 - n1)
            text = (f"Without the holder scan, `list` is {order_of(sl)} in "
                    f"segments: from {n1:,} to {n2:,} segments "
                    f"({n2 / n1:.0f}× as many) its time grew {t2 / t1:.1f}× "
                    f"(log-log slope {sl:.2f}), {fmt_t(marg)} per extra "
                    "segment.")
            summary.append(("`sharedarray list --json --no-holders`",
                            order_of(sl) + " in segments",
                            f"{n1:,} → {n2:,} segments: ×{t2 / t1:.1f} "
                            f"(slope {sl:.2f}); {fmt_t(marg)} per segment"))
            nmax = n2
            if w_pts:
                sw = slope(w_pts)
                (m1, u1), (m2, u2) = sorted(w_pts)[-2:]
                text += (f" With it, the time grew {u2 / u1:.1f}× over the "
                         f"same step (slope {sw:.2f}): the scan adds a cost "
                         "that depends on the processes, not on the "
                         "segments.")
            scans = [(n, C[(n, ch, "list_json")]["median_s"] -
                      C[(n, ch, "list_json_no_holders")]["median_s"],
                      C[(n, ch, "list_json")]["procs"])
                     for n, ch in keys if (n, ch, "list_json") in C and
                     (n, ch, "list_json_no_holders") in C]
            with_ch = [s for s, (n, ch) in zip(scans, keys) if ch != 0]
            no_ch = [s for s, (n, ch) in zip(scans, keys) if ch == 0]
            if with_ch:
                lo, hi = min(s[1] for s in with_ch), max(s[1] for s in with_ch)
                procs = with_ch[-1][2]
                text += (f" With {procs} processes the scan costs "
                         f"{fmt_t(lo)} to {fmt_t(hi)} whatever the segment "
                         "count")
                if no_ch:
                    n0, d0, p0 = no_ch[0]
                    big = next((s for s in with_ch if s[0] == n0), with_ch[-1])
                    per = ((big[1] - d0) / (big[2] - p0)
                           if big[2] != p0 else None)
                    text += (f"; with the children stopped ({p0} processes, "
                             f"{n0:,} segment{'s' if n0 != 1 else ''}) it "
                             f"costs {fmt_t(d0)}" +
                             (f", so about {fmt_t(per)} per process"
                              if per and per > 0 else "") + ".")
                    summary.append((
                        "holder scan (`list` minus `--no-holders`)",
                        "O(P) in processes (P; times their mappings), ~O(1) "
                        "in segments",
                        f"{fmt_t(lo)}–{fmt_t(hi)} with {procs} processes at "
                        f"every count; {fmt_t(d0)} with {p0}"))
                else:
                    text += "."
            md += ["", text]
        sc = next((r for r in rows if r["bench"] == "scale_cli_syscalls"),
                  None)
        if sc:
            n = sc["n"]
            per = sorted(((k, v["calls"] / n, v["errors"] / n)
                          for k, v in sc["calls"].items()
                          if v["calls"] >= n / 2), key=lambda x: -x[1])
            if per:
                md += ["", f"System calls of one `list --json --no-holders` "
                       f"with {n:,} of our segments ({sc['present']:,} in "
                       "/dev/shm), per segment (`strace -c`): " + ", ".join(
                           f"`{k}` {c:.2f}" + (f" ({e:.2f} failing)" if e
                                               else "")
                           for k, c, e in per) +
                       f". {sc['proc_opens']:,} of the opens are of /proc "
                       f"files ({sc['proc_opens'] / n:.2f} per segment; "
                       "every segment here has the same creator, whose "
                       "liveness they check)."]
    # ---- Python list
    if pyl:
        md += ["", "### `sa.list()` from Python: ours against SharedArray "
               "3.x", "",
               "Both in-process (no start-up). Two populations: segments "
               "made by SharedArray 3.x (both list every one of them; ours "
               "reads 3.x segments too), and segments made by ours (3.x "
               "opens and checks each and lists none, since they are not "
               "its format). `+ holders` also reads the records' holders, "
               "which scans /proc once for the whole call.", ""]
        ns = sorted({r["n"] for r in pyl})
        P = {(r["population"], r["impl"], r["n"]): r for r in pyl}
        md += ["| implementation (whose segments) | " +
               " | ".join(f"{n:,}" for n in ns) + " | per segment at the "
               "top |", "|---|" + "---:|" * (len(ns) + 1)]
        for pop in ("peer", "ours"):
            for impl in ("ours", "ours_holders", "peer"):
                pts = [(n, P[(pop, impl, n)]["median_s"]) for n in ns
                       if (pop, impl, n) in P]
                if not pts:
                    continue
                cells = [fmt_t(P[(pop, impl, n)]["median_s"])
                         if (pop, impl, n) in P else "–" for n in ns]
                (n1, t1), (n2, t2) = sorted(pts)[-2:] if len(pts) > 1 \
                    else (pts[0], pts[0])
                marg = (t2 - t1) / (n2 - n1) if n2 > n1 else None
                md.append(f"| {SCALE_LIST_LABELS[(pop, impl)]} | " +
                          " | ".join(cells) + " | " +
                          (fmt_t(marg) if marg else "–") + " |")
        ratio_cells = []
        for pop in ("peer", "ours"):
            cells = []
            for n in ns:
                o, p = P.get((pop, "ours", n)), P.get((pop, "peer", n))
                cells.append(f"{o['median_s'] / p['median_s']:.2f}×"
                             if o and p else "–")
            if any(c != "–" for c in cells):
                ratio_cells.append(
                    f"| **ours / 3.x** ({'3.x' if pop == 'peer' else 'our'}"
                    " segments) | " + " | ".join(cells) + " | |")
        md += ratio_cells
        lines = []
        for pop, impl, what, op in (
                ("peer", "ours", "Ours", "`sa.list()`, ours (3.x segments)"),
                ("peer", "peer", "SharedArray 3.x's",
                 "`sa.list()`, SharedArray 3.x (3.x segments)"),
                ("ours", "ours", "Ours, on our segments,",
                 "`sa.list()`, ours (our segments)")):
            pts = [(n, P[(pop, impl, n)]["median_s"]) for n in ns
                   if (pop, impl, n) in P]
            sl = slope(pts)
            if sl is None:
                continue
            (n1, t1), (n2, t2) = sorted(pts)[-2:]
            lines.append(f"{what} `list()` is {order_of(sl)}: {n1:,} → "
                         f"{n2:,} segments, ×{t2 / t1:.0f} (slope {sl:.2f}).")
            summary.append((op, order_of(sl) + " in segments",
                            f"{n1:,} → {n2:,}: ×{t2 / t1:.0f} (slope "
                            f"{sl:.2f}), {fmt_t((t2 - t1) / (n2 - n1))} per "
                            "segment"))
        if lines:
            md += ["", " ".join(lines)]
    # ---- attach / create
    if lat:
        ns = sorted({r["n"] for r in lat})
        L = {(r["op"], r["impl"], r["n"]): r for r in lat}
        md += ["", "### Attach and create with many segments present", "",
               "Per call, 1 KiB arrays, with 1 to 10,000 of our segments "
               "in /dev/shm (the workers of section 1, "
               "bench/c_latency.c and bench/py_latency.py). Median per call "
               "(minimum in brackets); the last column is the median at "
               "the largest count over the median at the smallest.", "",
               "| operation | implementation | " +
               " | ".join(f"{n:,}" for n in ns) + f" | {ns[-1]:,} / "
               f"{ns[0]:,} |", "|---|---|" + "---:|" * (len(ns) + 1)]
        worst = {}
        for op, title in (("attach_release", "attach + release"),
                          ("create_delete", "create + delete")):
            for impl, label in SCALE_LAT_LABELS.items():
                pts = [(n, L[(op, impl, n)]) for n in ns
                       if (op, impl, n) in L]
                if not pts:
                    continue
                cells = [f"{fmt_t(L[(op, impl, n)]['median_s'])} "
                         f"({fmt_t(L[(op, impl, n)]['min_s'])})"
                         if (op, impl, n) in L else "–" for n in ns]
                r = pts[-1][1]["median_s"] / pts[0][1]["median_s"]
                sl = overall_slope([(n, x["median_s"]) for n, x in pts])
                worst.setdefault(op, []).append((impl, r, sl))
                md.append(f"| {title} | {label} | " + " | ".join(cells) +
                          f" | {r:.2f}× |")
        for op, title in (("attach_release", "attach + release"),
                          ("create_delete", "create + delete")):
            if op not in worst:
                continue
            ours = [w for w in worst[op] if w[0] in ("c_api", "py_ours")]
            smax = max(w[2] for w in worst[op])
            summary.append((
                f"{title} (C and Python)",
                order_of(max(w[2] for w in ours)) + " in segments",
                f"{ns[0]:,} → {ns[-1]:,} segments: " + ", ".join(
                    f"{SHORT[i]} ×{r:.2f}" for i, r, _ in worst[op]
                    if i in SHORT) +
                f" (largest log-log slope {smax:.3f})"))
        md += ["", "A name lookup in tmpfs is a hash lookup in the dentry "
               "cache, and neither attach nor create reads the directory, "
               "so the segment count should not show: any change between "
               "columns is the machine's noise (compare the floor's row, "
               "which does nothing but the system calls)."]
    # ---- dims
    if dims:
        ds = sorted({r["ndim"] for r in dims})
        D = {(r["impl"], r["ndim"]): r for r in dims}
        md += ["", "### Header parse cost against the number of dims", "",
               "Attach + release of a float64 array of shape "
               "(1, ..., 1, 8) with 1 to 64 dims (numpy's limit); the "
               "header's shape tuple grows by about 3 bytes a dim. Median "
               "per call over "
               f"{dims[0].get('repeats', '?')} interleaved batches (minimum "
               "in brackets); per extra dim is the least-squares slope over "
               "all the counts, of the medians and of the minima (the "
               "minima are less disturbed by the machine's load).", "",
               "| implementation | " + " | ".join(str(d) for d in ds) +
               " | per extra dim (medians / minima) | 64 / 1 (minima) |",
               "|---|" + "---:|" * (len(ds) + 2)]
        for impl, label in SCALE_DIM_LABELS.items():
            pts = [(d, D[(impl, d)]["median_s"]) for d in ds
                   if (impl, d) in D]
            if not pts:
                continue
            mins = [(d, D[(impl, d)]["min_s"]) for d in ds if (impl, d) in D]
            _, b = linear_fit([p[0] for p in pts], [p[1] for p in pts])
            _, bm = linear_fit([p[0] for p in mins], [p[1] for p in mins])
            r = mins[-1][1] / mins[0][1]
            md.append(f"| {label} | " + " | ".join(
                f"{D[(impl, d)]['median_s'] * 1e6:.1f} "
                f"({D[(impl, d)]['min_s'] * 1e6:.1f})" if (impl, d) in D
                else "–" for d in ds) + f" | {b * 1e9:.0f} ns / "
                f"{bm * 1e9:.0f} ns | {r:.2f}× |")
            if bm > 0 and b > 0 and r > 1.03:
                grows = "O(ndim)"
                ev = (f"{bm * 1e9:.0f} ns per dim (minima; {b * 1e9:.0f} ns "
                      f"from the medians), {mins[0][0]} → {mins[-1][0]} "
                      f"dims ×{r:.2f}")
            else:
                grows = "O(ndim) expected; no growth above the noise here"
                ev = (f"slopes {b * 1e9:.0f} ns (medians) and "
                      f"{bm * 1e9:.0f} ns (minima) per dim, {mins[0][0]} → "
                      f"{mins[-1][0]} dims ×{r:.2f}")
            summary.append((label, grows, ev))
        md += ["", "Times in µs. The header is parsed once per attach: "
               "a pass over its characters (the shape tuple) and one "
               "int64 per dim; the fixed cost of the system calls "
               "dominates up to 64 dims. The C row calls through ctypes, "
               "which adds a constant (about a microsecond a call) but not "
               "a slope."]
    if summary:
        md += ["", "### Complexity", "",
               "| operation | grows as | evidence (this run) |",
               "|---|---|---|"]
        md += [f"| {a} | {b} | {c} |" for a, b, c in summary]
    return md


def style(ax, ylabel, title, xlabel="segments (ours) in /dev/shm",
          xlog=True, ylog=False, fontsize=6):
    """The axes of one panel of the scaling plot."""
    if xlog:
        ax.set_xscale("log")
    if ylog:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=fontsize)
    ax.grid(alpha=0.3, which="both" if ylog else "major")


def plot_scaling(rows, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cli = [r for r in rows if r["bench"] == "scale_cli" and r["children"]]
    pyl = [r for r in rows if r["bench"] == "scale_pylist"]
    lat = [r for r in rows if r["bench"] == "scale_latency"]
    dims = [r for r in rows if r["bench"] == "scale_dims"]
    fig, axes = plt.subplots(2, 2, figsize=(14, 10))
    series = []
    for impl, label in (("list_json", "sharedarray list --json"),
                        ("list_json_no_holders",
                         "sharedarray list --json --no-holders"),
                        ("version", "sharedarray --version (start-up)")):
        pts = sorted((r["n"], r["median_s"]) for r in cli
                     if r["impl"] == impl)
        if pts:
            series.append((label, pts, "-"))
    for (pop, impl), label in SCALE_LIST_LABELS.items():
        pts = sorted((r["n"], r["median_s"]) for r in pyl
                     if r["population"] == pop and r["impl"] == impl)
        if pts:
            series.append((label, pts, "--" if pop == "peer" else ":"))
    cmap = plt.get_cmap("tab10")
    series = [(label, pts, ls, cmap(i % 10))
              for i, (label, pts, ls) in enumerate(series)]
    ax = axes[0][0]
    for label, pts, ls, color in series:
        ax.plot([p[0] for p in pts], [p[1] * 1e3 for p in pts], ls,
                marker="o", label=label, color=color)
    ns = sorted({p[0] for _, pts, _, _ in series for p in pts})
    if ns:  # an O(n) guide through 10 µs per segment
        ax.plot(ns, [n * 0.01 for n in ns], color="grey", lw=0.8,
                label="O(n) guide: 10 µs per segment")
    style(ax, "ms per call (median, log)", "list: time per call",
          ylog=True)
    ax = axes[0][1]
    for label, pts, ls, color in series:
        if "version" in label:
            continue
        ax.plot([p[0] for p in pts], [p[1] / p[0] * 1e6 for p in pts], ls,
                marker="o", label=label, color=color)
    style(ax, "µs per segment (median / count, log)",
          "list: time per segment (flat = O(n))", ylog=True)
    ax = axes[1][0]
    for op, ls in (("attach_release", "-"), ("create_delete", "--")):
        for impl, label in SCALE_LAT_LABELS.items():
            pts = sorted((r["n"], r["median_s"]) for r in lat
                         if r["op"] == op and r["impl"] == impl)
            if pts:
                ax.plot([p[0] for p in pts], [p[1] * 1e6 for p in pts], ls,
                        marker="o", label=f"{op.replace('_', ' + ')}: "
                                          f"{label}")
    style(ax, "µs per call (median)",
          "attach and create of 1 KiB (flat = O(1))")
    ax = axes[1][1]
    for i, (impl, label) in enumerate(SCALE_DIM_LABELS.items()):
        pts = sorted((r["ndim"], r["median_s"], r["min_s"]) for r in dims
                     if r["impl"] == impl)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] * 1e6 for p in pts], "-",
                    marker="o", label=label + ", median", color=cmap(i))
            ax.plot([p[0] for p in pts], [p[2] * 1e6 for p in pts], "--",
                    marker=".", label=label + ", minimum", color=cmap(i))
    style(ax, "µs per call (median)",
          "attach against the number of dims (O(ndim))",
          xlabel="number of dims", xlog=False, fontsize=7)
    fig.suptitle("SharedArray: how cost grows (docs/benchmarks.md, "
                 "section 6)")
    fig.tight_layout()
    fig.savefig(png, dpi=90)
    plt.close(fig)


# ------------------------------------------------------------ machine
def machine():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            cpu = f.read()
        models = re.findall(r"^model name\s*:\s*(.*)$", cpu, re.M)
        mhz = re.findall(r"^cpu MHz\s*:\s*(.*)$", cpu, re.M)
        info["cpu"] = f"{models[0] if models else '?'} x {len(models)}" + (
            f" @ {float(mhz[0]):.0f} MHz" if mhz else "")
        flags = re.search(r"^flags\s*:\s*(.*)$", cpu, re.M)
        if flags and "hypervisor" in flags.group(1).split():
            info["cpu"] += " (virtual machine)"
    except OSError:
        info["cpu"] = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1))
        info["memory"] = f"{kb / (1 << 20):.1f} GiB"
    except (OSError, AttributeError):
        info["memory"] = "?"
    u = platform.uname()
    info["kernel"] = f"{u.system} {u.release} {u.version} {u.machine}"
    try:
        with open("/sys/kernel/mm/transparent_hugepage/shmem_enabled") as f:
            info["thp_shmem"] = f.read().strip()
    except OSError:
        pass

    def first_line(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=60)
            return (p.stdout or p.stderr).strip().splitlines()[0]
        except (OSError, subprocess.TimeoutExpired, IndexError):
            return None
    import numpy
    info["python"] = platform.python_version()
    info["numpy"] = numpy.__version__
    info["cc"] = first_line(["cc", "--version"])
    info["lua"] = first_line(["lua5.4", "-v"])
    info["octave"] = first_line(["octave-cli", "--version"])
    return info


# ------------------------------------------------------------- tables
def fmt_us(us):
    if us >= 10000:
        return f"{us / 1000:,.0f} ms"
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    return f"{us:.1f} µs"


def fmt_s(s):
    return f"{s * 1000:.2f} ms" if s < 1 else f"{s:.2f} s"


def lat_lookup(lat):
    return {(r["bench"], r["key"], r["bytes"]): r for r in lat}


def paired_ratio(a, b):
    """Ratio of a's time to b's: the median of the per-repeat ratios when
    both ran in every repeat (they were interleaved, so each pair saw the
    same machine load), else the ratio of the medians."""
    ta, tb = a.get("times_us"), b.get("times_us")
    if ta and tb and len(ta) == len(tb):
        return statistics.median(x / y for x, y in zip(ta, tb))
    return a["median_us"] / b["median_us"]


def latency_tables(lat):
    L = lat_lookup(lat)
    md = []
    for bench, title in (("create_delete", "create + delete"),
                         ("attach_release", "attach + release")):
        md.append(f"\n### {title.capitalize()}: per call, median "
                  f"(ratio to the C floor)\n")
        md.append("| implementation | " + " | ".join(
            human(s) for s in LATENCY_SIZES) + " |")
        md.append("|---|" + "---:|" * len(LATENCY_SIZES))
        for key, label, _, _ in LATENCY_IMPLS[bench]:
            if key.startswith("d_"):
                continue
            cells = []
            for s in LATENCY_SIZES:
                r, f = L.get((bench, key, s)), L.get((bench, "c_floor", s))
                if r is None:
                    cells.append("–")
                elif f is None:
                    cells.append(fmt_us(r["median_us"]))
                else:
                    cells.append(f"{fmt_us(r['median_us'])} "
                                 f"({paired_ratio(r, f):.2f}×)")
            if any(c != "–" for c in cells):
                md.append(f"| {label} | " + " | ".join(cells) + " |")
    # where the time goes
    md.append("\n### Where the time goes (C, diagnostic rows)\n")
    md.append("The C floor plus one ingredient of our implementation at a "
              "time, measured in the same interleaved run. Median per call "
              "(ratio to the C floor).\n")
    md.append("| benchmark | variant | " + " | ".join(
        human(s) for s in LATENCY_SIZES) + " |")
    md.append("|---|---|" + "---:|" * len(LATENCY_SIZES))
    for bench in LATENCY_IMPLS:
        for key, label, _, _ in LATENCY_IMPLS[bench]:
            if not (key.startswith("d_") or key.startswith("c_")):
                continue
            cells = []
            for s in LATENCY_SIZES:
                r, f = L.get((bench, key, s)), L.get((bench, "c_floor", s))
                cells.append(f"{fmt_us(r['median_us'])} "
                             f"({paired_ratio(r, f):.2f}×)"
                             if r and f else "–")
            md.append(f"| {bench.replace('_', '+')} | {label} | "
                      + " | ".join(cells) + " |")
    # ours vs each peer
    md.append("\n### Our Python API against each Python peer (time ratio "
              "ours / peer; below 1 means ours is faster)\n")
    md.append("| benchmark | peer | " + " | ".join(
        human(s) for s in LATENCY_SIZES) + " |")
    md.append("|---|---|" + "---:|" * len(LATENCY_SIZES))
    labels = {k: lab for b in LATENCY_IMPLS.values() for k, lab, _, _ in b}
    for bench in LATENCY_IMPLS:
        for peer in ("py_peer", "py_shm", "py_memmap"):
            cells = []
            for s in LATENCY_SIZES:
                o, p = L.get((bench, "py_ours", s)), L.get((bench, peer, s))
                cells.append(f"{paired_ratio(o, p):.2f}"
                             if o and p else "–")
            if any(c != "–" for c in cells):
                md.append(f"| {bench.replace('_', '+')} | {labels[peer]} | "
                          + " | ".join(cells) + " |")
        if bench == "create_delete":
            cells = []
            for s in LATENCY_SIZES:
                o = L.get((bench, "py_ours_lazy", s))
                p = L.get((bench, "py_peer", s))
                cells.append(f"{paired_ratio(o, p):.2f}"
                             if o and p else "–")
            if any(c != "–" for c in cells):
                md.append("| create+delete (ours lazy) | "
                          f"{labels['py_peer']} | " + " | ".join(cells) + " |")
    return md


HANDOFF_LABELS = [
    ("c", "raw_syscalls", "C floor: shm_open, fstat, mmap, sum, munmap"),
    ("c", "c_api", "SharedArray C API: sa_attach, sum, sa_release"),
    ("c", "c_api_populate", "SharedArray C API, SA_ATTACH_POPULATE"),
    ("c", "c_floor", "C floor on the Python run's own array "
     "(c_handoff --serve, raw_syscalls)"),
    ("python", "sharedarray", "SharedArray (ours), Python: attach + sum"),
    ("python", "shared_memory", "SharedMemory + np.ndarray: attach + sum"),
    ("python", "pickle_pipe", "pickle through multiprocessing.Pipe + sum"),
]


def handoff_base(H, r):
    """The floor a hand-off row is compared with: the C floor on the same
    array in the same run (c_floor) for the rows of the Python run, the
    standalone C program's raw_syscalls for its own rows."""
    if r.get("parent") == "python":
        return H.get(("c", "c_floor", r["bytes"]))
    return H.get(("c", "raw_syscalls", r["bytes"]))


def handoff_table(ho):
    H = {(r["lang"], r["impl"], r["bytes"]): r for r in ho}
    sizes = sorted({r["bytes"] for r in ho})
    md = ["| implementation | " + " | ".join(human(s) for s in sizes) + " |",
          "|---|" + "---:|" * len(sizes)]
    for lang, impl, label in HANDOFF_LABELS:
        cells = []
        for s in sizes:
            r = H.get((lang, impl, s))
            if r is None:
                cells.append("–")
                continue
            f = handoff_base(H, r)
            cell = f"{fmt_s(r['median_s'])}, {r['gbps']:.2f} GB/s"
            if f:
                cell += f" ({r['median_s'] / f['median_s']:.2f}×)"
            cells.append(cell)
        md.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = []
    for s in sizes:
        o, p = H.get(("python", "sharedarray", s)), H.get(("python",
                                                           "pickle_pipe", s))
        cells.append(f"{p['median_s'] / o['median_s']:.0f}×" if o and p
                     else "–")
    md.append("| **pickle time / our time** | " + " | ".join(cells) + " |")
    return md


def first_touch_table(ft):
    warm = next((r for r in ft if r["impl"] == "private_warm"), None)
    labels = {
        "private_warm": "memset on private memory already faulted in "
                        "(bandwidth)",
        "private_fresh": "memset on fresh private memory (mmap anonymous)",
        "shm_ftruncate": "raw shm: shm_open + ftruncate + mmap, memset",
        "c_api": "SharedArray default (posix_fallocate reserve), memset",
        "c_api_lazy": "SharedArray SA_CREATE_LAZY, memset",
        "c_api_populate": "SharedArray SA_CREATE_POPULATE, memset",
    }
    md = ["| implementation | create | write | total | GB/s | time vs "
          "warm memset |", "|---|---:|---:|---:|---:|---:|"]
    for r in ft:
        ratio = f"{r['median_s'] / warm['median_s']:.1f}×" if warm else "–"
        md.append(f"| {labels.get(r['impl'], r['impl'])} | "
                  f"{fmt_s(r['create_s'])} | {fmt_s(r['write_s'])} | "
                  f"{fmt_s(r['median_s'])} | {r['gbps']:.2f} | {ratio} |")
    return md


def lua_table(rows):
    md = ["| op | target | dtype | ns per element | vs plain table |",
          "|---|---|---|---:|---:|"]
    for r in rows:
        md.append(f"| {r.get('op')} | {r.get('target')} | "
                  f"{r.get('dtype') or '–'} | {r.get('ns_per_element')} | "
                  f"{r.get('vs_table')}× |")
    return md


def octave_table(rows):
    md = ["| operation | handle | native matrix | ratio |",
          "|---|---:|---:|---:|"]
    for r in rows:
        md.append(f"| `{r['op']}` | {r['handle']} {r['unit']} | "
                  f"{r['native']} {r['unit']} | {r['ratio']}× |")
    return md


def fixed_cost_notes(lat, ins):
    """Where the fixed costs of attach and create+delete go, from this
    run's diagnostic rows and instruction counts: the evidence for reading
    the attach and create+delete rows of the targets table."""
    L = lat_lookup(lat)

    def r(bench, key, base="c_floor", size=KIB):
        a, b = L.get((bench, key, size)), L.get((bench, base, size))
        return paired_ratio(a, b) if a and b else None
    n = {(i["bench"], i["lang"], i["impl"]): i["per_call"] for i in ins}
    pread, pread256 = r("attach_release", "d_pread"), \
        r("attach_release", "d_pread256")
    valid = r("create_delete", "d_validate")
    c_att, c_cd = n.get(("attach_release", "c", "c_api")), \
        n.get(("create_delete", "c", "c_api"))
    py_att, py_cd = n.get(("attach_release", "py", "sharedarray")), \
        n.get(("create_delete", "py", "sharedarray"))
    if None in (pread, pread256, valid, c_att, c_cd, py_att, py_cd):
        return []
    return [
        "",
        "How to read the attach and create+delete rows (1 KiB, this run): "
        "a safe attach must read the header before it maps, and that one "
        f"`pread` costs {pread:.2f}× the floor by itself ({pread256:.2f}× "
        "when it reads only 256 bytes: the size of the read is not the "
        "cost, the system call is). What is left is user-space work: "
        f"{c_att:,.0f} instructions per C attach+release (the name, the "
        "header parsed in one pass, the handle), and Python adds "
        f"{py_att - c_att:,.0f} (the call, the ndarray and its base "
        "object, dropping them); see \"Instructions per call\" below. For "
        "create+delete, the system calls that reserving the pages (ENOSPC "
        "at create instead of SIGBUS later) and delete's check that the "
        "name is an array add to the floor already make "
        f"{valid:.2f}× before any of our code runs; our C create+delete "
        f"then spends {c_cd:,.0f} instructions, and Python "
        f"{py_cd - c_cd:,.0f} more (its argument checks, the ndarray).",
    ]


def targets(lat, ho, lua, sync=(), pysync=()):
    L = lat_lookup(lat)
    H = {(r["lang"], r["impl"], r["bytes"]): r for r in ho}
    rows = []

    def ratio(bench, key, s, base="c_floor"):
        a, b = L.get((bench, key, s)), L.get((bench, base, s))
        return paired_ratio(a, b) if a and b else None

    def add(what, goal, vals, ok):
        vals = [v for v in vals if v is not None]
        if not vals:
            rows.append(f"| {what} | {goal} | not measured | – |")
            return
        txt = ", ".join(f"{v:.2f}×" for v in vals)
        rows.append(f"| {what} | {goal} | {txt} | "
                    f"{'met' if all(ok(v) for v in vals) else '**missed**'} |")

    sizes = LATENCY_SIZES
    add("attach+release, C API / C floor (1 KiB, 1 MiB, 256 MiB)", "≤ 1.15×",
        [ratio("attach_release", "c_api", s) for s in sizes],
        lambda v: v <= 1.15)
    add("attach+release, Python / C floor", "≤ 1.3×",
        [ratio("attach_release", "py_ours", s) for s in sizes],
        lambda v: v <= 1.3)
    add("create+delete 1 KiB, Python / C floor", "≤ 2.0×",
        [ratio("create_delete", "py_ours", KIB)], lambda v: v <= 2.0)
    add("create+delete 1 KiB, Python lazy / C floor", "(≤ 2.0×)",
        [ratio("create_delete", "py_ours_lazy", KIB)], lambda v: v <= 2.0)
    # What the floor leaves out and a safe create+delete cannot: reserving
    # the pages (ENOSPC now, not SIGBUS later) and delete's check that the
    # name is an array. Information, to read the two rows above with.
    for key, what in (("d_validate", "floor + header pwrite + "
                       "posix_fallocate + delete's check"),
                      ("c_api", "SharedArray C API")):
        v = ratio("create_delete", key, KIB)
        w = ratio("create_delete", "py_ours", KIB, base=key)
        rows.append(f"| create+delete 1 KiB, {what} / C floor; Python / it, "
                    f"for information | – | " +
                    (f"{v:.2f}×; {w:.2f}×" if v and w else "not measured") +
                    " | – |")
    a, f = H.get(("c", "c_api", GIB)), H.get(("c", "raw_syscalls", GIB))
    add("hand-off 1 GiB, C API / C floor", "≈ 1×",
        [a["median_s"] / f["median_s"] if a and f else None],
        lambda v: v <= 1.1)
    o, f = H.get(("python", "sharedarray", GIB)), H.get(("c", "c_floor",
                                                         GIB))
    add("Python hand-off 1 GiB / C floor (same array, same run)",
        "≤ 1.05×", [o["median_s"] / f["median_s"] if o and f else None],
        lambda v: v <= 1.05)
    p = H.get(("python", "pickle_pipe", GIB))
    rows.append("| hand-off 1 GiB, pickle via Pipe / ours (Python), for "
                "information | – | " +
                (f"{p['median_s'] / o['median_s']:.0f}×" if o and p
                 else "not measured") + " | – |")
    rd = [r for r in lua if r.get("op") == "read" and
          r.get("target") == "sharedarray"]
    add("Lua a[i] read / plain table read", "≤ 2.5×",
        [float(r["vs_table"]) for r in rd], lambda v: v <= 2.5)
    S = sync_rows(sync, pysync)
    o = sync_lookup(S, "pingpong", "c", "sa_notify_wait")
    f = sync_lookup(S, "pingpong", "c", "raw_futex")
    add("C round trip (sa_notify + sa_wait) / raw futex", "≤ 1.2×",
        [o[4] / f[4] if o and f else None], lambda v: v <= 1.2)
    o = sync_lookup(S, "pingpong", "python", "sharedarray")
    c = sync_lookup(S, "pingpong", "python", "mp_condition")
    if o and c:
        v = o[4] / c[4]
        rows.append(f"| Python round trip < multiprocessing.Condition | "
                    f"< 1× | {v:.2f}× ({o[4]:.1f} µs against {c[4]:.1f} µs)"
                    f" | {'met' if v < 1 else '**missed**'} |")
    else:
        rows.append("| Python round trip < multiprocessing.Condition | < 1× "
                    "| not measured | – |")
    return ["| target | goal | measured | |", "|---|---|---|---|"] + rows


# --------------------------------------------------------------- plot
def plot(lat, ho, ft, lua, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    L = lat_lookup(lat)
    fig, axes = plt.subplots(2, 2, figsize=(14, 10))
    for ax, bench, title in ((axes[0][0], "attach_release",
                              "attach + release (per call)"),
                             (axes[0][1], "create_delete",
                              "create + delete (per call)")):
        impls = [i for i in LATENCY_IMPLS[bench] if not i[0].startswith("d_")
                 and any((bench, i[0], s) in L for s in LATENCY_SIZES)]
        width = 0.8 / max(1, len(impls))
        for k, (key, label, _, _) in enumerate(impls):
            xs, ys = [], []
            for j, s in enumerate(LATENCY_SIZES):
                r = L.get((bench, key, s))
                if r:
                    xs.append(j + (k - (len(impls) - 1) / 2) * width)
                    ys.append(r["median_us"])
            ax.bar(xs, ys, width, label=label)
        if bench == "create_delete":  # 10 µs .. 100 ms: log scale
            ax.set_yscale("log")
            ax.set_ylabel("µs per call (median, log scale)")
        else:
            ax.set_ylabel("µs per call (median)")
        ax.set_xticks(range(len(LATENCY_SIZES)),
                      [human(s) for s in LATENCY_SIZES])
        ax.set_title(title)
        ax.legend(fontsize=7)
        ax.grid(axis="y", alpha=0.3)
    ax = axes[1][0]
    sizes = sorted({r["bytes"] for r in ho})
    H = {(r["lang"], r["impl"], r["bytes"]): r for r in ho}
    width = 0.8 / len(HANDOFF_LABELS)
    for k, (lang, impl, label) in enumerate(HANDOFF_LABELS):
        xs, ys = [], []
        for j, s in enumerate(sizes):
            r = H.get((lang, impl, s))
            if r:
                xs.append(j + (k - (len(HANDOFF_LABELS) - 1) / 2) * width)
                ys.append(r["gbps"])
        ax.bar(xs, ys, width, label=label)
    ax.set_yscale("log")
    ax.set_xticks(range(len(sizes)), [human(s) for s in sizes])
    ax.set_ylabel("GB/s until the child has the sum (log scale)")
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi * 8)  # headroom for the legend above the bars
    ax.set_title("hand-off of an array to a waiting process")
    ax.legend(fontsize=7)
    ax.grid(axis="y", alpha=0.3)
    ax = axes[1][1]
    if ft:
        names = [r["impl"] for r in ft]
        creates = [r["create_s"] for r in ft]
        writes = [r["write_s"] for r in ft]
        ax.barh(names, creates, label="create")
        ax.barh(names, writes, left=creates, label="first write (memset)")
        ax.set_xlabel(f"seconds for {human(ft[0]['bytes'])} (median)")
        ax.set_title("first touch of a fresh array")
        ax.invert_yaxis()
        ax.legend(fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("SharedArray benchmarks (docs/benchmarks.md has the "
                 "numbers)")
    fig.tight_layout()
    fig.savefig(png, dpi=90)
    plt.close(fig)


# ------------------------------------------------------------- report
def write_md(path, png, data, cmd, elapsed):
    m = data["machine"]
    lat, ho, ft = data["latency"], data["handoff"], data["first_touch"]
    lua, octv = data["lua"], data["octave"]
    md = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run_all.py: edit that script, not this "
        "file. -->",
        "",
        f"Generated {data['date']} in {elapsed:.0f} s by:",
        "",
        "```sh",
        cmd,
        "```",
        "",
        "(`./dev bench` builds and runs the same.) Every number is a median "
        "over repeats; every ratio compares implementations measured "
        "side by side in this one run, with their batches interleaved "
        "within each repeat. Latency ratios are the median of the "
        "per-repeat ratios (each pair ran back to back, under the same "
        "load). The plot: "
        f"[{os.path.basename(png)}]({os.path.basename(png)}).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}; memory: {m['memory']}",
        f"- Kernel: {m['kernel']}",
    ]
    if m.get("thp_shmem"):
        md.append(f"- Transparent huge pages for shmem: `{m['thp_shmem']}`")
    md += [
        f"- Python {m['python']}, numpy {m['numpy']}, {m['cc']}",
        f"- {m.get('lua') or 'no Lua'}; {m.get('octave') or 'no Octave'}",
        f"- Peer: SharedArray {data.get('peer_version') or 'not installed'} "
        "from PyPI, built here by pip",
        f"- Load average at start / end: {data['load_start']} / "
        f"{data['load_end']} (the machine may be shared: read small "
        "differences, under about 10%, as noise)",
        "",
        "## Targets",
        "",
    ]
    md += targets(lat, ho, lua, data.get("sync") or [],
                  data.get("py_sync") or [])
    md += fixed_cost_notes(lat, data.get("instructions") or [])
    md += ["", "## 1. Create + delete, attach + release", "",
           "Arrays of 1 KiB, 1 MiB and 256 MiB of uint8 (plus our 4 KiB "
           "header page). The C floor does only the system calls: "
           "`shm_open`, `ftruncate`, `mmap`, `munmap`, `close`, `shm_unlink` "
           "for create+delete; `shm_open`, `fstat`, `mmap`, `close`, "
           "`munmap` for attach+release. It writes no header and reserves "
           "no memory. The second floor row adds what a safe create must "
           "do on top (write the header page, `posix_fallocate` the "
           "segment), which is the cost our default create pays for "
           "failing with ENOSPC instead of SIGBUS on a full /dev/shm. "
           "SharedMemory and SharedArray 3.x do not reserve: compare them "
           "with the lazy rows. Python rows include building the ndarray "
           "and dropping it; SharedMemory attach includes its "
           "resource-tracker registration, as its users pay it."]
    md += latency_tables(lat)
    md += instructions_table(data.get("instructions"))
    md += ["", "## 2. Hand-off of an array to another process", "",
           "A child process is already running, blocked on a pipe. The time "
           "runs from the parent's request until the parent has the "
           "child's sum of the whole float64 array (GB/s = array bytes / "
           "time; ratio to the C floor in brackets). The attach paths map "
           "the array read-only and fault it in while summing; pickling "
           "copies it through the kernel. The C rows come from "
           "`sa_bench_c_handoff` and its own arrays; the Python rows from "
           "bench/py_handoff.py, whose `c_floor` row is the same C floor "
           "(`sa_bench_c_handoff --serve`, asked through a pipe) run on the "
           "Python run's own array, interleaved with the others: the "
           "Python rows' brackets are relative to it. Of two arrays "
           "created and filled one after the other, the first is read "
           "10-20% slower afterwards on some machines (where its physical "
           "pages lie, not the code that maps it), so the Python runs "
           "create their shared arrays again before every timed round, "
           "alternating which comes first, over an even number of rounds. "
           "They also map and unmap each new array twice, untimed, before "
           "the round: the second process to unmap fresh pages pays about "
           "50 ms per GiB more than any other (the kernel moves the pages "
           "to its active list), and `c_floor` and ours read one array."]
    md += [""] + handoff_table(ho)
    if data.get("by_name"):
        md += ["", "### Handing an array to a spawn worker (issue 17)", "",
               "bench/py_by_name.py: a worker started with spawn waits on a "
               "Pipe; the parent sends it the array, and the time runs until "
               "the worker's answer is back (median). `sum`: the worker sums "
               "the whole float64 array; `touch`: it reads one element (the "
               "hand-off alone). Target: by name / SharedMemory <= 1.1 "
               "(pickle / by name for information). For `sum` both shared "
               "arrays are created again before every timed round, "
               "alternating which comes first (page placement, as above)."]
        md += [""] + by_name_table(data["by_name"])
    md += ["", "## 3. First touch of a fresh array", "",
           "Creating an array and writing all of it once with memset, "
           "against memset on private memory. `create` is everything before "
           "the write (for the default, mostly `posix_fallocate`, which "
           "allocates and zeroes every page); `write` includes the page "
           "faults. SA_CREATE_POPULATE maps every page at create "
           "(MAP_POPULATE), so the write then runs at memory bandwidth. "
           "Release and delete are not timed."]
    md += [""] + first_touch_table(ft)
    md += ["", "## 4. Language access", "", "### Lua 5.4", ""]
    if lua:
        md += ["`a[i]` read and write on a 1-D array, against the same loop "
               "on a plain Lua table (bench/lua_access.lua; CPU time, best "
               "of several rounds). The `*_floor` rows are proxies whose "
               "metamethod does nothing: the least any userdata `a[i]` can "
               "cost in Lua 5.4.", ""] + lua_table(lua)
    else:
        md.append("Not measured (see the notes).")
    md += ["", "### Octave", ""]
    if octv:
        md += [f"{data.get('octave_title') or ''} (bench/octave_access.m, "
               "the best of 5 rounds of each loop, handle and native in "
               "turn; `h` is the SharedArray handle). Handle reads copy: a "
               "stock Octave array cannot alias shared memory.", ""] + \
            octave_table(octv)
    else:
        md.append("Not measured (see the notes).")
    if data.get("sync") or data.get("py_sync"):
        md += ["", "## 5. Synchronisation (issue 15)", "",
               "A ping-pong round trip between two processes (each side "
               "wakes the other and sleeps until woken back; time per round "
               "trip, i.e. two wake-ups), and an uncontended lock + unlock "
               "in one process. C: bench/c_sync.c (a forked child; "
               f"{(data.get('sync') or [{}])[0].get('iters', '?')} round "
               "trips per repeat). Python: bench/py_sync.py (a forked "
               "multiprocessing child; every answer is checked, so a lost "
               "wake-up cannot pass as a fast one). `/ C floor` divides by "
               "the C raw futex pair (round trip) or the process-shared "
               "pthread mutex (lock); `/ ours` by SharedArray in the same "
               "language, so above 1× means ours is faster. Targets: the C "
               "round trip within 1.2× of the raw futex floor; the Python "
               "round trip faster than `multiprocessing.Condition`. On two "
               "vCPUs a round trip is dominated by scheduling (whether the "
               "woken process runs at once on the other core), so the "
               "minimum is shown beside the median.", ""]
        md += sync_table(data.get("sync") or [], data.get("py_sync") or [])
    if data.get("scaling"):
        md += scaling_md(data["scaling"])
    md += ["", "## Reading the results", "",
           "- **Attach**: our C attach is the floor plus one `pread` of the "
           "4 KiB header page (see the diagnostic rows) plus parsing; the "
           "pread costs less than validating the header inside the mapping, "
           "which takes a page fault (and fault-around). Python adds only "
           "building the ndarray.",
           "- **Create + delete** of a small array: the floor has no header "
           "and reserves nothing. Ours writes the header page and reserves "
           "the data (one `pwritev` of header and zeros up to 64 KiB, a "
           "header `pwrite` plus `posix_fallocate` above), publishes the "
           "magic with an 8-byte `pwrite` (no page fault), and delete checks "
           "the header (`shm_open`, `pread`, `close`). Allocating the header "
           "page is most of the gap, and no valid segment can skip it. The "
           "diagnostic rows price each ingredient. SharedArray 3.x and "
           "SharedMemory reserve nothing, so at 1 MiB and up their creates "
           "are faster than our default and slower than our lazy flag.",
           "- **Hand-off** of a big array is bound by faulting the pages "
           "into the child and reading them, not by attach: every attach "
           "path runs at the C floor, and pickling runs at roughly 0.2-0.5 "
           "GB/s, which bounds the pickle/attach ratio on this machine.",
           "- **Lua**: any userdata `a[i]` goes through a metamethod; the "
           "`c_metamethod_floor` row (a metamethod doing nothing) already "
           "costs several times a plain table read, and ours is at that "
           "floor.",
           "- **First touch**: the default create pays for allocating and "
           "zeroing every page up front (posix_fallocate), after which the "
           "first write only maps pages; lazy pays the same allocation "
           "inside the page faults. SA_CREATE_POPULATE also maps every page "
           "at create, so the write runs at memset bandwidth.",
           "- **How cost grows**: `list` opens and reads every segment's "
           "header, so it is linear in the segments; the holder scan reads "
           "every visible process's /proc/PID/maps once per call, so it "
           "costs per process (and per mapping), not per segment; attach "
           "and create look up one name in tmpfs (a hash lookup), so they "
           "do not depend on how many segments exist; parsing the header "
           "is linear in its length, which grows with the dims."]
    md += ["", "## Notes", ""]
    md += [f"- {n}" for n in data["notes"]] or ["- None."]
    md += ["", "Raw results of this run: `BUILD/bench-results.json`. "
           "Each benchmark also runs alone: `BUILD/bench/sa_bench_c_latency`, "
           "`sa_bench_c_handoff`, `sa_bench_c_first_touch`, "
           "`sa_bench_c_sync`, `bench/py_latency.py`, `bench/py_handoff.py`, "
           "`bench/py_sync.py`, `bench/list_scaling.py` (with "
           "`PYTHONPATH=BUILD/bindings/python`).", ""]
    with open(path, "w") as f:
        f.write("\n".join(md))


def main():
    ap = argparse.ArgumentParser(
        description="Run the SharedArray benchmarks and write "
                    "docs/benchmarks.md, docs/benchmarks.png and "
                    "docs/benchmarks-scaling.png.")
    ap.add_argument("--build", default="build",
                    help="the CMake build tree (default: build)")
    ap.add_argument("--quick", action="store_true",
                    help="few repeats and small sizes: a smoke run")
    ap.add_argument("--repeats", type=int, default=None,
                    help="latency repeats (default 15; 3 with --quick)")
    ap.add_argument("--no-peer", action="store_true",
                    help="skip the PyPI SharedArray 3.x peer")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs"),
                    help="where benchmarks.md and benchmarks.png go")
    args = ap.parse_args()
    build = os.path.abspath(args.build if os.path.isabs(args.build)
                            else os.path.join(os.getcwd(), args.build))
    need = [os.path.join(build, "bench", p) for p in
            ("sa_bench_c_latency", "sa_bench_c_handoff",
             "sa_bench_c_first_touch")]
    need.append(os.path.join(build, "bindings", "python", "SharedArray",
                             "__init__.py"))
    missing = [p for p in need if not os.path.exists(p)]
    if missing:
        sys.exit("run_all.py: missing " + ", ".join(missing) +
                 f"\nbuild first: cmake --build {args.build}")
    t0 = time.time()
    notes = []
    repeats = args.repeats or (3 if args.quick else 15)
    data = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "machine": machine(),
            "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    peer_dir, data["peer_version"] = (None, None) if args.no_peer else \
        ensure_peer(build, notes)
    if args.no_peer:
        notes.append("SharedArray 3.x skipped (--no-peer).")
    log(f"latency: {repeats} interleaved repeats")
    data["latency"] = bench_latency(build, peer_dir, repeats,
                                    0.02 if args.quick else 0.06, notes)
    data["instructions"] = bench_instructions(build, notes)
    data["handoff"] = bench_handoff(build, args.quick)
    data["by_name"] = bench_by_name(build, args.quick)
    data["first_touch"] = bench_first_touch(build, args.quick)
    data["sync"] = bench_sync(build, args.quick)
    data["py_sync"] = bench_py_sync(build, args.quick)
    data["scaling"] = bench_scaling(build, peer_dir, args.quick, notes)
    data["lua"] = bench_lua(build, args.quick, notes)
    data["octave"], data["octave_title"] = bench_octave(build, notes)
    data["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    data["notes"] = notes
    if args.quick:
        notes.append("--quick run: few repeats and small sizes; not for "
                     "quoting.")
    with open(os.path.join(build, "bench-results.json"), "w") as f:
        json.dump(data, f, indent=1)
    os.makedirs(args.out, exist_ok=True)
    md = os.path.join(args.out, "benchmarks.md")
    png = os.path.join(args.out, "benchmarks.png")
    cmd = "python bench/run_all.py --build " + os.path.relpath(build, ROOT) \
        + (" --quick" if args.quick else "")
    plot(data["latency"], data["handoff"], data["first_touch"], data["lua"],
         png)
    if data["scaling"]:
        plot_scaling(data["scaling"],
                     os.path.join(args.out, "benchmarks-scaling.png"))
    write_md(md, png, data, cmd, time.time() - t0)
    log(f"wrote {os.path.relpath(md)} and {os.path.relpath(png)} in "
        f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
