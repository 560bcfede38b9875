# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Synchronisation from Python: a ping-pong round trip and an uncontended lock.

Round trip: two processes take turns, each waking the other, N times; the
time per round trip (two wake-ups) is the median over batches:
  sharedarray    sa.notify(a) / sa.wait(a, since): the generation counter in
                 the segment's trailer (a futex), with the GIL released
  pipe           one byte each way through two os.pipe()s
  mp_event       two multiprocessing.Event: set by one side, waited for and
                 cleared by the other
  mp_condition   one multiprocessing.Condition over a shared counter
                 (multiprocessing.Value): notify_all / wait_for

Lock: an uncontended acquire + release, per call:
  sharedarray          with sa.lock(a): pass   (the context manager)
  multiprocessing.Lock with lock: pass
  threading.Lock       with lock: pass         (a process-private floor)

Every answer is checked (each side sees the counter it expects), so a broken
wake-up cannot pass as a fast one. No assertions on time.

    python bench/py_sync.py [--rounds 2000] [--repeats 5]

Prints one JSON object per line (bench "sync_pingpong", "sync_lock"), then
the ratios to sharedarray.
"""
import argparse
import json
import multiprocessing as mp
import os
import statistics
import threading
import time

import numpy as np


# ------------------------------------------------------------ the partners
def partner_sharedarray(name, rounds, ready):
    import SharedArray as sa
    a = sa.attach(name)
    g = sa.generation(a)
    ready.set()
    for _ in range(rounds):
        g = sa.wait(a, g)        # the parent's notify
        sa.notify(a)             # our answer
        g += 1


def partner_pipe(r, w, rounds):
    for _ in range(rounds):
        if os.read(r, 1) != b"p":
            raise RuntimeError("pipe: wrong byte")
        os.write(w, b"q")


def partner_event(ping, pong, rounds):
    for _ in range(rounds):
        ping.wait()
        ping.clear()
        pong.set()


def partner_condition(cond, counter, rounds):
    for i in range(rounds):
        with cond:
            cond.wait_for(lambda: counter.value == 2 * i + 1)
            counter.value += 1
            cond.notify_all()


# ------------------------------------------------------------ round trips
def pingpong_sharedarray(ctx, rounds):
    import SharedArray as sa
    name = f"sa-bench-sync-{os.getpid()}"
    a = sa.create(name, 1, np.uint8)
    try:
        ready = ctx.Event()
        p = ctx.Process(target=partner_sharedarray, args=(name, rounds, ready))
        p.start()
        ready.wait()
        g = sa.generation(a)
        t0 = time.perf_counter()
        for _ in range(rounds):
            sa.notify(a)
            g = sa.wait(a, g + 1)   # past our own notify: the partner's
        dt = time.perf_counter() - t0
        p.join()
        if g != 2 * rounds:
            raise RuntimeError(f"sharedarray: generation {g}, expected "
                               f"{2 * rounds}")
        return dt / rounds
    finally:
        sa.delete(name)


def pingpong_pipe(ctx, rounds):
    r1, w1 = os.pipe()
    r2, w2 = os.pipe()
    p = ctx.Process(target=partner_pipe, args=(r1, w2, rounds))
    p.start()
    t0 = time.perf_counter()
    for _ in range(rounds):
        os.write(w1, b"p")
        if os.read(r2, 1) != b"q":
            raise RuntimeError("pipe: wrong byte")
    dt = time.perf_counter() - t0
    p.join()
    for fd in (r1, w1, r2, w2):
        os.close(fd)
    return dt / rounds


def pingpong_event(ctx, rounds):
    ping, pong = ctx.Event(), ctx.Event()
    p = ctx.Process(target=partner_event, args=(ping, pong, rounds))
    p.start()
    t0 = time.perf_counter()
    for _ in range(rounds):
        ping.set()
        pong.wait()
        pong.clear()
    dt = time.perf_counter() - t0
    p.join()
    return dt / rounds


def pingpong_condition(ctx, rounds):
    cond = ctx.Condition()
    counter = ctx.Value("q", 0, lock=False)
    p = ctx.Process(target=partner_condition, args=(cond, counter, rounds))
    p.start()
    t0 = time.perf_counter()
    for i in range(rounds):
        with cond:
            counter.value += 1
            cond.notify_all()
            cond.wait_for(lambda: counter.value == 2 * i + 2)
    dt = time.perf_counter() - t0
    p.join()
    if counter.value != 2 * rounds:
        raise RuntimeError("mp_condition: wrong count")
    return dt / rounds


# ------------------------------------------------------------------ locks
def lock_sharedarray(n):
    import SharedArray as sa
    name = f"sa-bench-lock-{os.getpid()}"
    a = sa.create(name, 1, np.uint8)
    try:
        lock = sa.lock
        t0 = time.perf_counter()
        for _ in range(n):
            with lock(a):
                pass
        return (time.perf_counter() - t0) / n
    finally:
        sa.delete(name)


def lock_plain(lock, n):
    t0 = time.perf_counter()
    for _ in range(n):
        with lock:
            pass
    return (time.perf_counter() - t0) / n


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=2000)
    p.add_argument("--locks", type=int, default=100000)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    ctx = mp.get_context("fork")

    pingpong = {"sharedarray": pingpong_sharedarray, "pipe": pingpong_pipe,
                "mp_event": pingpong_event,
                "mp_condition": pingpong_condition}
    locks = {"sharedarray": lambda n: lock_sharedarray(n),
             "multiprocessing.Lock": lambda n: lock_plain(ctx.Lock(), n),
             "threading.Lock": lambda n: lock_plain(threading.Lock(), n)}
    for bench, impls, n in (("sync_pingpong", pingpong, args.rounds),
                            ("sync_lock", locks, args.locks)):
        times = {k: [] for k in impls}
        names = list(impls)
        for r in range(args.repeats + 1):  # round 0: warm-up, untimed
            for k in names[r % len(names):] + names[:r % len(names)]:
                t = impls[k](ctx, n) if bench == "sync_pingpong" else impls[k](n)
                if r > 0:
                    times[k].append(t)
        med = {k: statistics.median(v) for k, v in times.items()}
        for k, v in times.items():
            print(json.dumps({"bench": bench, "impl": k, "lang": "python",
                              "median_s": med[k], "min_s": min(v),
                              "times_s": v, "per": n}), flush=True)
        print(json.dumps({"bench": bench + "_ratio", "ratios_to_sharedarray":
                          {k: med[k] / med["sharedarray"] for k in med}}),
              flush=True)


if __name__ == "__main__":
    main()
