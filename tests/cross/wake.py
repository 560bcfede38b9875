#!/usr/bin/env python3
# Copyright (c) 2026 The SharedArray developers. MIT License.
"""wake.py -- one producer wakes consumers in every language (issue 15).

A Python producer creates a float64 array. Consumers in C (wake_c.c, on
the C API), the CLI (`sharedarray wait`, then `sharedarray dump`), Lua,
Octave and Python attach
it, read its generation and sleep in wait(). The producer waits until all of
them are registered as waiters (the trailer's waiter count: a word of the
segment, not a timing), writes a frame, and notifies ONCE. Every consumer
must wake and print the frame it then reads; the test compares what each
one printed with what was written. Then a second round, with several
consumers of each language at once. No sleeps, no polling by the consumers.

    wake.py [--c EXE] [--cli EXE] [--lua EXE --lua-cpath DIR] [--octave EXE
            --octave-path DIR] [--pythonpath DIR] [--per-language N]
"""
import argparse
import os
import subprocess
import sys
import time

LUA_CONSUMER = r"""
local sa = require "sharedarray"
local a = assert(sa.attach(arg[1], true))
local g = a:generation()
local now = assert(a:wait(g, 120))
local out = {}
for i = 1, #a do out[#out + 1] = string.format("%.17g", a[i]) end
print(string.format("%d %s", now, table.concat(out, " ")))
"""

OCTAVE_CONSUMER = r"""
addpath(getenv('SA_OCTAVE_PATH'));
args = argv();
h = sharedarray_attach(args{1}, true);
g = h.generation();
now = h.wait(g, 120);
v = h.read();
printf('%d', now); printf(' %.17g', v(:)); printf('\n');
"""

PY_CONSUMER = r"""
import sys
import SharedArray as sa
a = sa.attach(sys.argv[1], ro=True)
g = sa.generation(a)
now = sa.wait(a, g, timeout=120)
print(now, " ".join(repr(float(x)) for x in a))
"""


def waiters(path, a):
    """The trailer's waiter count (docs/format.md section 10: offset 28)."""
    import numpy as np
    m = np.load(path, mmap_mode="r")  # the data's offset in the segment
    off = (m.offset + m.nbytes + 63) // 64 * 64 + 28
    del m
    with open(path, "rb") as f:
        f.seek(off)
        return int.from_bytes(f.read(4), sys.byteorder)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--c")
    p.add_argument("--cli")
    p.add_argument("--lua")
    p.add_argument("--lua-cpath")
    p.add_argument("--octave")
    p.add_argument("--octave-path")
    p.add_argument("--pythonpath")
    p.add_argument("--per-language", type=int, default=3)
    args = p.parse_args()
    if args.pythonpath:
        sys.path.insert(0, args.pythonpath)
    import numpy as np
    import SharedArray as sa

    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    if args.lua_cpath:
        env["LUA_CPATH"] = args.lua_cpath + "/?.so;;"
    if args.octave_path:
        env["SA_OCTAVE_PATH"] = args.octave_path

    def consumers(name):
        cmds = {"python": [sys.executable, "-c", PY_CONSUMER, name]}
        if args.c:
            cmds["c"] = [args.c, name]
        if args.cli:
            # the CLI: wait (prints the generation), then dump the frame
            cmds["cli"] = ["/bin/sh", "-c",
                           'g=$("$0" wait "$1" --timeout 120) && '
                           'printf "%s " "$g" && "$0" dump --exact "$1"',
                           args.cli, name]
        if args.lua:
            cmds["lua"] = [args.lua, "-e", LUA_CONSUMER.replace(
                "arg[1]", repr(name))]
        if args.octave:
            cmds["octave"] = [args.octave, "--no-gui", "--norc", "--quiet",
                              "--eval", OCTAVE_CONSUMER.replace(
                                  "args{1}", repr(name).replace('"', "'"))]
        return cmds

    failures = []
    for rnd, per in enumerate((1, args.per_language)):
        name = "sa-wake-%d-%d" % (os.getpid(), rnd)
        path = "/dev/shm/" + name
        a = sa.create(name, 4, np.float64)
        procs = []
        try:
            for lang, cmd in consumers(name).items():
                for k in range(per):
                    procs.append((lang, k, subprocess.Popen(
                        cmd, env=env, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)))
            deadline = time.monotonic() + 240
            while waiters(path, a) < len(procs):  # all asleep (or about to)
                for lang, k, pr in procs:
                    if pr.poll() is not None:
                        raise SystemExit("%s consumer exited before the "
                                         "notify: %s" % (lang, pr.stderr.read()))
                if time.monotonic() > deadline:
                    raise SystemExit("consumers never all waited")
                os.sched_yield()
            frame = [1.5, -2.25, 1e-300, float(rnd + 7)]
            a[:] = frame
            gen = sa.generation(a)
            sa.notify(a)
            for lang, k, pr in procs:
                out, err = pr.communicate(timeout=240)
                words = out.replace("[", " ").replace("]", " ").split()
                try:
                    got_gen = int(words[0])
                    got = [float(w) for w in words[1:]]
                except (ValueError, IndexError):
                    got_gen, got = None, None
                if pr.returncode != 0 or got_gen != gen + 1 or got != frame:
                    failures.append("round %d, %s consumer %d: exit %s, "
                                    "printed %r (want generation %d and %r); "
                                    "stderr %r" % (rnd, lang, k, pr.returncode,
                                                   out, gen + 1, frame, err))
                else:
                    print("ok round %d %s consumer %d woke with generation %d"
                          % (rnd, lang, k, got_gen))
            if waiters(path, a) != 0:
                failures.append("round %d: %d waiters still registered"
                                % (rnd, waiters(path, a)))
        finally:
            for _, _, pr in procs:
                if pr.poll() is None:
                    pr.kill()
                    pr.wait()
            del a
            sa.delete(name)
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
