#!/usr/bin/env python3
"""behave.py -- the cross-language BEHAVIOUR table of SharedArray.

xlang.py proves that every language reads what every other one wrote once
it has exited. This table checks what happens while two languages hold the
same array at once: live writes both ways without re-attaching, read-only
attaches, delete under a mapping, owner checks, errors, the edge values of
every dtype, flat (memory-order) against logical indexing, and numpy's own
.npy files. Each row of BEHAVIOURS runs for every ordered pair (A, B) of
available languages that it applies to; A usually creates, B attaches.

    behave.py --list --have python,numpy,lua,octave
        print the pairs A_B (tests/cross/CMakeLists.txt registers one ctest
        test, cross.behave.A_B, per line)
    behave.py run A B [--pythonpath DIR] [--lua EXE --lua-cpath DIR]
                      [--octave EXE --octave-path DIR]
        run every row for the pair: A and B each run ONE long-lived agent
        process (behave_py.py, behave.lua, behave_octave.m), which the rows
        drive in lock step through pipes: a command is sent, its reply read,
        only then the next one goes (no sleeps; each reply is written after
        the action is done).

The agents' protocol, one line each way (tokens separated by spaces):

    create SLOT NAME DESCR ORDER NDIM D1..Dn     -> ok
    attach SLOT NAME ro|rw [OWNER_UID]           -> ok
    read SLOT     -> ok DESCR ORDER NDIM D1..Dn V...  (logical C order,
                     through the language's logical indexing)
    flat SLOT     -> ok V...   (memory order, through its flat indexing)
    set SLOT N V  (logical C-order element N, 0-based)   setflat SLOT K V
    setlast SLOT V (last element in memory)  fill SLOT V... (memory order)
    msync SLOT    close SLOT    delete NAME    quit

Any failure replies "err CODE MESSAGE", CODE one of notfound, exists,
readonly, owner, or something else. Values: integers in decimal (uint64 as
two's complement for Lua), floats as repr / %.17g (nan, inf, -0.0),
complex as RE,IM, booleans as 1/0. numpy (np.lib.format.open_memmap,
np.load(mmap_mode=...), os.unlink; no SharedArray) is a language here, with
extra commands for .npy files it saves and loads (see behave_py.py).
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

import pair_args

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ["python", "numpy", "lua", "octave"]
NEEDS = {"python": ["pythonpath"], "numpy": [], "lua": ["lua", "lua_cpath"],
         "octave": ["octave", "octave_path"]}
# Languages that take an owner uid at attach.
OWNER = {"python", "lua", "octave"}
# Octave carries integers through doubles when it parses them: 53 bits.
NARROW = {"octave"}

MAXI, MINI = (1 << 63) - 1, -(1 << 63)
INF, NAN = float("inf"), float("nan")
F32_TENTH = float(np.float32(0.1))
F16_TENTH = float(np.float16(0.1))

# ------------------------------------------------------------- values
# Edge values of every dtype (1-d, 3 elements), as numpy holds them.
EDGES = [
    ("|b1", [True, False, True]),
    ("|i1", [-128, 127, 5]),
    ("<i2", [-32768, 32767, 3]), (">i2", [-32768, 258, 1]),
    ("<i4", [-2147483648, 16909060, 7]), (">i4", [-2147483648, 16909060, 7]),
    ("<i8", [MINI, MAXI, (1 << 53) + 1]), (">i8", [MINI, MAXI, 0x0102030405060708]),
    ("|u1", [0, 255, 7]),
    ("<u2", [65535, 258, 0]), (">u2", [65535, 258, 0]),
    ("<u4", [4294967295, 16909060, 1]), (">u4", [4294967295, 16909060, 1]),
    ("<u8", [(1 << 64) - 1, MAXI, 1 << 63]), (">u8", [(1 << 64) - 1, 0x0102030405060708, 0]),
    ("<f2", [0.5, -65504.0, 0.0999755859375]),
    (">f2", [0.5, -65504.0, 0.0999755859375]),
    ("<f4", [F32_TENTH, -1.5, INF]), (">f4", [F32_TENTH, -1.5, -INF]),
    ("<f8", [math.pi, -0.0, NAN]), (">f8", [math.pi, 1e-310, INF]),
    ("<c8", [complex(1.5, -2.0), complex(F32_TENTH, 0.0), complex(INF, 1.0)]),
    (">c8", [complex(1.5, -2.0), complex(F32_TENTH, 0.0), complex(-INF, 1.0)]),
    ("<c16", [complex(1e300, -1e-300), complex(math.pi, -math.pi), 0j]),
    (">c16", [complex(1e300, -1e-300), complex(math.pi, -math.pi), complex(NAN, 0.0)]),
]
# ... and where a language of the pair carries only 53-bit integers.
EDGES_53 = {"<i8": [-(1 << 53), 1 << 53, 12345], ">i8": [-(1 << 53), 1 << 53, 0x010203040506],
            "<u8": [1 << 53, (1 << 53) - 1, 0], ">u8": [1 << 53, 0x01020304050607, 0]}


def token(v, descr, lang):
    kind = np.dtype(descr).kind
    if kind == "b":
        return "1" if v else "0"
    if kind in "iu":
        v = int(v)
        if lang == "lua" and v > MAXI:      # Lua's integers: two's complement
            v -= 1 << 64
        return str(v)
    if kind == "c":
        return "%r,%r" % (complex(v).real, complex(v).imag)
    return repr(float(v))


def value(s, descr):
    """A reply token as the Python value it stands for (None if malformed)."""
    dt = np.dtype(descr)
    try:
        if dt.kind == "b":
            return {"1": True, "0": False}[s]
        if dt.kind in "iu":
            v = int(s)
            return v % (1 << 64) if dt.kind == "u" and dt.itemsize == 8 else v
        if dt.kind == "f":
            return float(s)
        re, im = s.split(",")
        return complex(float(re), float(im))
    except (KeyError, ValueError):
        return None


def same_float(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


def same(descr, want, got):
    kind = np.dtype(descr).kind
    if got is None:
        return False
    if kind == "f":
        return same_float(float(want), got)
    if kind == "c":
        w = complex(want)
        return same_float(w.real, got.real) and same_float(w.imag, got.imag)
    return got == want


# ----------------------------------------------------------------- agents
class AgentDied(Exception):
    pass


class Agent:
    """One language's long-lived agent process, driven through pipes."""

    def __init__(self, lang, opt, cwd):
        self.lang = lang
        env = dict(os.environ)
        py = [sys.executable, os.path.join(HERE, "behave_py.py")]
        if lang == "python":
            env["PYTHONPATH"] = opt.pythonpath + os.pathsep + env.get("PYTHONPATH", "")
            cmd = py + ["python"]
        elif lang == "numpy":
            cmd = py + ["numpy"]
        elif lang == "lua":
            env["LUA_CPATH"] = os.path.join(opt.lua_cpath, "?.so") + ";;"
            cmd = [opt.lua, os.path.join(HERE, "behave.lua")]
        elif lang == "octave":
            env["SA_OCTAVE_PATH"] = opt.octave_path
            cmd = [opt.octave, "--no-gui", "--norc", "--no-history", "--quiet",
                   "--no-line-editing", os.path.join(HERE, "behave_octave.m")]
        else:
            raise ValueError(lang)
        self.log = tempfile.TemporaryFile()
        self.p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=self.log,
                                  cwd=cwd, text=True, bufsize=1)

    def __call__(self, *words):
        line = " ".join(str(w) for w in words)
        try:
            self.p.stdin.write(line + "\n")
            self.p.stdin.flush()
        except OSError:
            pass
        reply = self.p.stdout.readline()
        if not reply:
            self.p.wait()
            self.log.seek(0)
            raise AgentDied("%s agent exited %s at %r:\n%s" % (
                self.lang, self.p.returncode, line,
                self.log.read().decode("utf-8", "replace")[-2000:]))
        return reply.split()

    def stop(self):
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


class Row:
    """What a row function gets: the two agents, names, and the faults."""

    def __init__(self, a, b, tag, tmp):
        self.a, self.b, self.tag, self.tmp = a, b, tag, tmp
        self.faults = []
        self.n = 0
        self.what = ""

    def name(self):
        self.n += 1
        return "%s-%d" % (self.tag, self.n)

    def path(self, base):
        self.n += 1
        return os.path.join(self.tmp, "%d-%s" % (self.n, base))

    def fault(self, msg):
        self.faults.append("%s: %s" % (self.what, msg))

    def ok(self, agent, *words):
        """Run a command that must succeed; its reply tokens after 'ok'."""
        r = agent(*words)
        if r[:1] != ["ok"]:
            self.fault("%s %s: %s" % (agent.lang, " ".join(map(str, words))[:80],
                                      " ".join(r)))
            return None
        return r[1:]

    def refused(self, agent, code, *words, text=None):
        """Run a command that must fail with CODE (and TEXT in the message)."""
        r = agent(*words)
        cmd = "%s %s" % (agent.lang, " ".join(map(str, words))[:80])
        if r[:1] != ["err"]:
            self.fault("%s: expected err %s, got %s" % (cmd, code, " ".join(r)))
        elif code is not None and r[1] != code:
            self.fault("%s: expected err %s, got %s" % (cmd, code, " ".join(r)))
        elif text is not None and text not in " ".join(r[2:]):
            self.fault("%s: expected %r in the error, got %s" % (cmd, text, " ".join(r)))

    def create(self, agent, slot, name, descr, order, shape):
        return self.ok(agent, "create", slot, name, descr, order, len(shape),
                       *shape) is not None

    def put(self, agent, cmd, slot, descr, *args):
        """set / setflat / setlast / fill with values converted for agent."""
        *idx, vals = args
        return self.ok(agent, cmd, slot, *idx,
                       *[token(v, descr, agent.lang) for v in vals]) is not None

    def expect(self, agent, slot, descr, shape, vals, order=None, how="read"):
        """agent's `how` of slot must be exactly (descr, order, shape, vals)."""
        r = self.ok(agent, how, slot)
        if r is None:
            return
        where = "%s %s %s" % (agent.lang, how, slot)
        if how == "read" or how == "load":
            got_descr, got_order, nd = r[0], r[1], int(r[2])
            got_shape, r = tuple(int(d) for d in r[3:3 + nd]), r[3 + nd:]
            if got_descr != descr:
                self.fault("%s: dtype %s, expected %s" % (where, got_descr, descr))
            if got_shape != tuple(shape):
                self.fault("%s: shape %s, expected %s" % (where, got_shape, tuple(shape)))
            if order and len(shape) >= 2 and got_order != order:
                self.fault("%s: order %s, expected %s" % (where, got_order, order))
        got = [value(s, descr) for s in r]
        if len(got) != len(vals) or not all(same(descr, w, g) for w, g in zip(vals, got)):
            self.fault("%s: values %s, expected %s" % (where, r, [token(v, descr, "python") for v in vals]))


# --------------------------------------------------------------- the rows
def logical_to_memory(vals, shape, order):
    a = np.empty(len(vals), dtype=object)
    a[:] = vals
    return a.reshape(shape).ravel(order=order).tolist()


def row_edge_values(t):
    """A creates a 1-d array of every dtype holding its extremes (full
    int64/uint64, +-inf, nan, -0.0, subnormals, float16 max) with its bulk
    write; B attaches and reads them exactly, then writes them back rotated
    (flat k, logical set, last element); B and A (live, never re-attached)
    see the rotation. (Old: tests/lua/test_python.lua both ways.)"""
    a, b = t.a, t.b
    narrow = a.lang in NARROW or b.lang in NARROW
    for descr, vals in EDGES:
        if narrow and descr in EDGES_53:
            vals = EDGES_53[descr]
        t.what = "edge_values %s" % descr
        name = t.name()
        if not t.create(a, "e", name, descr, "C", [3]):
            continue
        t.put(a, "fill", "e", descr, vals)
        t.ok(b, "attach", "e", name, "rw")
        t.expect(b, "e", descr, [3], vals)
        rot = [vals[1], vals[2], vals[0]]
        t.put(b, "setflat", "e", descr, 0, [rot[0]])
        t.put(b, "set", "e", descr, 1, [rot[1]])
        t.expect(b, "e", descr, [3], [rot[0], rot[1], vals[2]])
        t.put(b, "setlast", "e", descr, [rot[2]])
        t.expect(b, "e", descr, [3], rot)
        t.expect(a, "e", descr, [3], rot)
        t.expect(a, "e", descr, [3], rot, how="flat")
        t.ok(a, "close", "e")
        t.ok(b, "close", "e")
        t.ok(a, "delete", name)


LAYOUTS = [((2, 3), "<i4", "C"), ((2, 3), "<i4", "F"), ((3, 4), "<i4", "F"),
           ((2, 3, 4), "<f8", "C"), ((2, 3, 4), ">f4", "F"), ((), "<i8", "C")]


def row_layout(t):
    """A creates 2-d and 3-d arrays in both orders and a 0-d one and sets
    each element by its logical index; B attaches: order, shape, logical
    values, and its flat indexing (Lua a[k] and totable, Octave h(:)) in
    memory order. B writes by logical index and at the last element, A sees
    both live; A writes, B sees it live. (Old: test_python.lua 2-d C/F,
    octave/interop.py c/f arrays, test_interop.py np.load mmap C/F.)"""
    a, b = t.a, t.b
    for shape, descr, order in LAYOUTS:
        t.what = "layout %s %s %s" % (descr, order, shape)
        n = int(np.prod(shape))
        vals = [k + 1 for k in range(n)] if descr[1] == "i" else \
               [(k + 1) * 0.5 - 3 for k in range(n)]
        if shape == ():
            vals = [(1 << 53) if (a.lang in NARROW or b.lang in NARROW) else MAXI]
        name = t.name()
        if not t.create(a, "l", name, descr, order, shape):
            continue
        for k, v in enumerate(vals):
            t.put(a, "set", "l", descr, k, [v])
        t.ok(b, "attach", "l", name, "rw")
        t.expect(b, "l", descr, shape, vals, order)
        t.expect(b, "l", descr, shape, logical_to_memory(vals, shape, order), how="flat")
        # B writes: logical element n // 2 + 1 (numpy arr[1, 0] for 2x3) and
        # the last element in memory.
        want = list(vals)
        k = min(n // 2, n - 1)
        want[k] = -100
        t.put(b, "set", "l", descr, k, [-100])
        mem = logical_to_memory(want, shape, order)
        mem[-1] = -6
        t.put(b, "setlast", "l", descr, [-6])
        t.expect(a, "l", descr, shape, mem, how="flat")
        want = np.array(mem, dtype=object).reshape(shape, order=order).ravel(order="C").tolist()
        t.expect(a, "l", descr, shape, want, order)
        # A writes logical element 0; B sees it without re-attaching.
        want[0] = 99
        t.put(a, "set", "l", descr, 0, [99])
        t.expect(b, "l", descr, shape, want, order)
        t.ok(b, "close", "l")
        t.ok(a, "close", "l")
        t.ok(a, "delete", name)


def row_readonly(t):
    """B attaches read-only: its logical, flat, last-element and bulk
    writes are refused (readonly) and change nothing; A writes, and B's
    read-only mapping sees it live."""
    a, b = t.a, t.b
    t.what = "readonly"
    name, vals = t.name(), [1.5, -2.5, 3.25, 8.0]
    if not t.create(a, "r", name, "<f8", "C", [4]):
        return
    t.put(a, "fill", "r", "<f8", vals)
    t.ok(b, "attach", "r", name, "ro")
    t.expect(b, "r", "<f8", [4], vals)
    t.refused(b, "readonly", "set", "r", 0, "7.0")
    t.refused(b, "readonly", "setflat", "r", 1, "7.0")
    t.refused(b, "readonly", "setlast", "r", "7.0")
    t.refused(b, "readonly", "fill", "r", "7.0", "7.0", "7.0", "7.0")
    t.expect(a, "r", "<f8", [4], vals)
    t.put(a, "set", "r", "<f8", 2, [-0.125])
    t.expect(b, "r", "<f8", [4], [1.5, -2.5, -0.125, 8.0])
    t.ok(b, "close", "r")
    t.ok(a, "close", "r")
    t.ok(a, "delete", name)


def row_delete(t):
    """A deletes the name while B has it mapped: B still reads and writes the
    same memory (A's mapping sees B's write), after A closed its own too; the
    name is gone for both (attach and delete: notfound), as is a name never
    created."""
    a, b = t.a, t.b
    t.what = "delete"
    name, vals = t.name(), [10, 20, 30]
    if not t.create(a, "d", name, "<i4", "C", [3]):
        return
    t.put(a, "fill", "d", "<i4", vals)
    t.ok(b, "attach", "d", name, "rw")
    t.ok(a, "delete", name)
    t.put(b, "set", "d", "<i4", 1, [42])
    t.expect(a, "d", "<i4", [3], [10, 42, 30])
    t.ok(a, "close", "d")
    t.put(b, "setlast", "d", "<i4", [-30])
    t.expect(b, "d", "<i4", [3], [10, 42, -30])
    for agent in (a, b):
        t.refused(agent, "notfound", "attach", "x", name, "rw")
        t.refused(agent, "notfound", "attach", "x", name, "ro")
        t.refused(agent, "notfound", "delete", name)
        t.refused(agent, "notfound", "attach", "x", t.name() + "-never", "rw")
    t.ok(b, "close", "d")


def row_exists(t):
    """Create is exclusive across languages: B's create of A's name is
    refused (exists) and A's array is untouched."""
    a, b = t.a, t.b
    t.what = "exists"
    name = t.name()
    if not t.create(a, "x", name, "<u2", "C", [2]):
        return
    t.put(a, "fill", "x", "<u2", [7, 65535])
    t.refused(b, "exists", "create", "y", name, "<f8", "C", 1, 5)
    t.expect(a, "x", "<u2", [2], [7, 65535])
    t.ok(a, "close", "x")
    t.ok(a, "delete", name)


def row_owner(t):
    """B attaches with an owner check: its own uid passes, another uid is
    refused (owner)."""
    a, b = t.a, t.b
    t.what = "owner"
    name, me = t.name(), os.geteuid()
    if not t.create(a, "o", name, "|u1", "C", [2]):
        return
    t.ok(b, "attach", "o", name, "ro", me)
    t.refused(b, "owner", "attach", "p", name, "ro", me + 1)
    t.refused(b, "owner", "attach", "p", name, "rw", me + 1)
    t.ok(b, "close", "o")
    t.ok(a, "close", "o")
    t.ok(a, "delete", name)


def row_float_rounding(t):
    """B writes values the dtype cannot hold exactly into float16 and
    float32 arrays A made: A sees them rounded to nearest, as numpy rounds.
    (Old: octave/interop.py, Octave's e(1,1) = 0.1 seen as float16(0.1).)"""
    a, b = t.a, t.b
    wr = [0.1, 1 / 3, -2.5e-8, 4097.0 + 1 / 3]
    for descr in ("<f2", ">f2", "<f4"):
        t.what = "float_rounding %s" % descr
        name = t.name()
        if not t.create(a, "f", name, descr, "C", [4]):
            continue
        t.ok(b, "attach", "f", name, "rw")
        for k, v in enumerate(wr):
            t.ok(b, "set", "f", k, repr(v))
        want = [float(np.array(v, dtype=descr)) for v in wr]
        t.expect(a, "f", descr, [4], want)
        t.ok(b, "close", "f")
        t.ok(a, "close", "f")
        t.ok(a, "delete", name)


def row_octave_int_writes(t):
    """Octave writes out-of-range and fractional values into integer arrays:
    they saturate and round (documented), by subscript and by h(:) = v; the
    other language sees intmax / intmin / the rounded values. (Old:
    octave/interop.py, f(1,:) = 2e10 seen by numpy as 2147483647.)"""
    a, b = t.a, t.b
    t.what = "octave_int_writes"
    name = t.name()
    if not t.create(a, "s", name, "<i4", "F", [2, 3]):
        return
    t.ok(b, "attach", "s", name, "rw")
    t.ok(b, "set", "s", 0, "2e10")
    t.ok(b, "set", "s", 1, "-2e10")
    t.ok(b, "set", "s", 2, "2.5")
    t.expect(a, "s", "<i4", [2, 3], [2147483647, -2147483648, 3, 0, 0, 0], "F")
    t.ok(b, "fill", "s", "1e12", "-1e12", "-2.5", "0.4", "7", "-7")
    t.expect(a, "s", "<i4", [2, 3], [2147483647, -3, 7, -2147483648, 0, -7], "F")
    t.ok(b, "close", "s")
    t.ok(a, "close", "s")
    t.ok(a, "delete", name)


# numpy saves these (np.save); the other language attaches them as file://.
SAVED = [((3, 4), "<f8", "C", [k * 1.0 for k in range(12)]),
         ((3, 4), "<i2", "F", list(range(12))),
         ((6,), ">u4", "C", list(range(6))),
         ((3,), "|b1", "C", [True, False, True]),
         ((), "<c8", "C", [complex(2.5, 1.0)]),
         ((0, 3), "<f2", "C", [])]
ONE = {"b": True, "i": 1, "u": 1, "f": 1.0, "c": complex(1.0, 0.0)}


def row_npy_file_attach(t):
    """numpy np.save()s arrays (C and F order, big-endian, bool, 0-d, empty);
    B attaches file://PATH and reads them exactly; a write through B reaches
    the file np.load reads back; a read-only attach refuses writes. Also
    every .npy header version (1.0, 2.0, 3.0), and an object dtype is
    refused with an error naming it. (Old: tests/python/test_interop.py,
    Python only.)"""
    a, b = t.a, t.b
    for shape, descr, order, vals in SAVED:
        t.what = "npy_file_attach %s %s %s" % (descr, order, shape)
        path = t.path("saved.npy")
        if t.ok(a, "save", path, descr, order, len(shape), *shape,
                *[token(v, descr, "numpy") for v in vals]) is None:
            continue
        t.ok(b, "attach", "n", "file://" + path, "rw")
        t.expect(b, "n", descr, shape, vals, order)
        if vals:
            one = ONE[np.dtype(descr).kind]
            t.put(b, "setflat", "n", descr, 0, [one])
            t.ok(b, "msync", "n")
            mem = logical_to_memory(vals, shape, order)
            mem[0] = one
            want = np.array(mem, dtype=object).reshape(shape, order=order).ravel(order="C").tolist()
            t.expect(a, path, descr, shape, want, order, how="load")
            vals = want
        t.ok(b, "attach", "r", "file://" + path, "ro")
        t.expect(b, "r", descr, shape, vals, order)
        if vals:
            t.refused(b, "readonly", "setflat", "r", 0, token(vals[0], descr, b.lang))
        t.ok(b, "close", "n")
        t.ok(b, "close", "r")
    for version in (1, 2, 3):
        t.what = "npy_file_attach header version %d.0" % version
        path = t.path("v%d.npy" % version)
        t.ok(a, "savever", path, version)
        t.ok(b, "attach", "v", "file://" + path, "ro")
        t.expect(b, "v", "<u8", (4, 2), [7] * 8, "C")
        t.ok(b, "close", "v")
    for kind in ("plain", "field"):
        t.what = "npy_file_attach object dtype (%s)" % kind
        path = t.path("obj.npy")
        t.ok(a, "saveobj", path, kind)
        t.refused(b, None, "attach", "o", "file://" + path, "rw", text="object")


def row_npy_created_file(t):
    """A creates file://PATH.npy (>f4, F order) and writes it; numpy's
    np.load reads exactly that dtype, order and values. (Old:
    test_interop.py, Python only.)"""
    a, b = t.a, t.b
    t.what = "npy_created_file"
    path = t.path("made.npy")
    vals = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    if not t.create(a, "c", "file://" + path, ">f4", "F", [2, 3]):
        return
    for k, v in enumerate(vals):
        t.put(a, "set", "c", ">f4", k, [v])
    t.ok(a, "msync", "c")
    t.expect(b, path, ">f4", (2, 3), vals, "F", how="load")
    t.ok(a, "close", "c")


def row_npy_layout(t):
    """np.load(mmap_mode='r+') on a segment A made gives an np.memmap whose
    data starts at offset 4096 (page-aligned, as docs/format.md promises).
    (Old: test_interop.py, Python only.)"""
    a, b = t.a, t.b
    for order in ("C", "F"):
        t.what = "npy_layout %s" % order
        name = t.name()
        if not t.create(a, "m", name, "<i4", order, [5, 7]):
            continue
        t.ok(b, "attach", "m", name, "rw")
        r = t.ok(b, "layout", "m")
        if r is not None and r != ["1", "4096"]:
            t.fault("np.load gives memmap=%s, offset %s; expected 1, 4096" % tuple(r))
        t.ok(b, "close", "m")
        t.ok(a, "close", "m")
        t.ok(a, "delete", name)


def row_python_ufuncs(t):
    """numpy functions on a Python attach of A's array: sum, np.sqrt(b,
    out=b) in place, shares_memory within one mapping and not across two;
    A sees the square roots live, exactly. (Old: test_interop.py.)"""
    a, b = t.a, t.b
    t.what = "python_ufuncs"
    name = t.name()
    vals = np.linspace(0, 1, 100).tolist()
    if not t.create(a, "u", name, "<f8", "C", [100]):
        return
    t.put(a, "fill", "u", "<f8", vals)
    t.ok(b, "attach", "u", name, "rw")
    t.ok(b, "ufunc", "u", name, "50.0")
    t.expect(a, "u", "<f8", [100], np.sqrt(vals).tolist())
    t.ok(b, "close", "u")
    t.ok(a, "close", "u")
    t.ok(a, "delete", name)


# THE TABLE: (row, function, A may be, B may be). None = any language.
BEHAVIOURS = [
    ("edge_values", row_edge_values, None, None),
    ("layout", row_layout, None, None),
    ("readonly", row_readonly, None, None),
    ("delete", row_delete, None, None),
    ("exists", row_exists, None, None),
    ("owner", row_owner, None, OWNER),
    ("float_rounding", row_float_rounding, None, None),
    ("octave_int_writes", row_octave_int_writes, None, {"octave"}),
    ("npy_file_attach", row_npy_file_attach, {"numpy"}, None),
    ("npy_created_file", row_npy_created_file, None, {"numpy"}),
    ("npy_layout", row_npy_layout, None, {"numpy"}),
    ("python_ufuncs", row_python_ufuncs, None, {"python"}),
]


def rows_for(a, b):
    return [(n, f) for n, f, wa, wb in BEHAVIOURS
            if (wa is None or a in wa) and (wb is None or b in wb)]


def pairs(have):
    return ["%s_%s" % (a, b) for a in LANGS for b in LANGS
            if a != b and a in have and b in have and rows_for(a, b)]


def run_pair(la, lb, opt):
    tag = "sab%d-%s-%s" % (os.getpid(), la, lb)
    tmp = tempfile.mkdtemp(prefix="sa-behave-")
    faults, done = [], []
    a = b = None
    try:
        a, b = Agent(la, opt, tmp), Agent(lb, opt, tmp)
        for name, f in rows_for(la, lb):
            t = Row(a, b, "%s-%s" % (tag, name.replace("_", "")), tmp)
            t.what = name
            try:
                f(t)
            except AgentDied as e:
                t.fault(str(e))
                faults += t.faults
                break
            faults += t.faults
            done.append(name)
    finally:
        for agent in (a, b):
            if agent:
                agent.stop()
        left = [f for f in os.listdir("/dev/shm") if f.startswith(tag)]
        for f in left:
            os.unlink("/dev/shm/" + f)
        shutil.rmtree(tmp, ignore_errors=True)
    if left:
        faults.append("segments left behind: %s" % left)
    if faults:
        print("%s with %s: FAILED" % (la, lb))
        for f in faults[:80]:
            print("  " + f)
        if len(faults) > 80:
            print("  ... and %d more" % (len(faults) - 80))
        return 1
    print("%s creates, %s attaches: %d rows passed: %s" % (la, lb, len(done), ", ".join(done)))
    return 0


def main(argv):
    return pair_args.main(argv, __doc__, LANGS, LANGS, NEEDS, pairs,
                          ("A", "B"), run_pair)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
