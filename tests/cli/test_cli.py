#!/usr/bin/env python3
# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Tests of the `sharedarray` command-line tool.

Usage: test_cli.py SHAREDARRAY_EXE CASE    run one case (exit 0 = pass)
       test_cli.py --list                  print the case names

Each case_* function is one ctest test (cli.<case>); CMake asks --list for
them. The CLI runs as a child process; numpy, in this process, is the
independent judge: it maps the segments the CLI makes (/dev/shm/NAME is a
.npy file), writes the .npy files the CLI imports, loads the files it
exports, and prints arrays that the CLI's dump must match character for
character. Names carry the pid and a random suffix and are removed at the
end of every case, pass or fail.
"""
import json
import os
import pwd
import secrets
import socket
import stat
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError:  # reported as "skipped" by ctest (SKIP_RETURN_CODE 77)
    np = None

SHM = "/dev/shm"
CLI = None
CASES = {}


def case(fn):
    CASES[fn.__name__[len("case_"):]] = fn
    return fn


class Names:
    """Unique segment names, all removed at exit even if the case failed."""

    def __init__(self):
        self.tag = "sa_cli_%d_%s" % (os.getpid(), secrets.token_hex(3))
        self.made = []

    def __call__(self, what):
        name = "%s_%s" % (self.tag, what)
        self.made.append(name)
        return name

    def cleanup(self):
        for n in self.made:
            path = os.path.join(SHM, os.fsdecode(n) if isinstance(n, bytes) else n)
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


def run(*args, ok=True, code=None, stdin=None):
    """Runs the CLI; returns (rc, stdout, stderr) as text (surrogateescape)."""
    argv = [CLI] + [os.fsencode(a) if isinstance(a, str) else a for a in args]
    p = subprocess.run(argv, capture_output=True, timeout=120, stdin=stdin)
    out = p.stdout.decode("utf-8", "surrogateescape")
    err = p.stderr.decode("utf-8", "surrogateescape")
    shown = " ".join(os.fsdecode(a) for a in args)
    if code is not None:
        check(p.returncode == code,
              "sharedarray %s: exit %d, expected %d\nstdout: %s\nstderr: %s"
              % (shown, p.returncode, code, out, err))
    elif ok:
        check(p.returncode == 0, "sharedarray %s: exit %d\nstderr: %s"
              % (shown, p.returncode, err))
    return p.returncode, out, err


def fails(*args, code=1, stderr_has=()):
    """Runs the CLI expecting failure: exit code, nothing on stdout, and a
    message on stderr that contains every string of stderr_has."""
    _, out, err = run(*args, code=code)
    shown = " ".join(os.fsdecode(a) for a in args)
    check(out == "", "sharedarray %s: printed on stdout: %r" % (shown, out))
    check(err.startswith("sharedarray"), "stderr should start with "
          "'sharedarray': %r" % err)
    for s in ([stderr_has] if isinstance(stderr_has, str) else stderr_has):
        check(s in err, "sharedarray %s: stderr %r lacks %r" % (shown, err, s))
    return err


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def eq(got, want, what):
    check(got == want, "%s: got %r, expected %r" % (what, got, want))


def shm_load(name, mode="r"):
    return np.load(os.path.join(SHM, name), mmap_mode=mode)


def same_array(got, want, what):
    """Same dtype (byte order included), shape, memory order and bits."""
    eq(got.dtype.str, want.dtype.str, what + " dtype")
    eq(got.shape, want.shape, what + " shape")
    eq(bool(got.flags.f_contiguous and not got.flags.c_contiguous),
       bool(want.flags.f_contiguous and not want.flags.c_contiguous),
       what + " fortran order")
    check(got.tobytes("A") == want.tobytes("A"),
          "%s: values differ:\n%r\n%r" % (what, got, want))


# ------------------------------------------------------------- fixtures

DTYPES = ["|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4",
          "<u4", "<i8", ">i8", "<u8", ">u8", "<f2", ">f2", "<f4", ">f4",
          "<f8", ">f8", "<c8", ">c8", "<c16", ">c16"]


def sample(dtype, shape, order="C", seed=0):
    """Values that exercise the dtype: extremes, negatives, fractions."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    n = int(np.prod(shape)) if shape else 1
    if dt.kind == "b":
        v = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        v = rng.integers(info.min, info.max, n, dtype=dt.newbyteorder("="),
                         endpoint=True)
        if n >= 2:
            v[0], v[1] = info.min, info.max
    elif dt.kind == "f":
        v = (rng.standard_normal(n) * 100).astype(dt)
    else:
        v = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    return np.array(v.astype(dt).reshape(shape), order=order)


# ------------------------------------------------------ version and help

COMMANDS = ["list", "info", "create", "delete", "import", "export", "dump"]


@case
def case_version():
    for flag in ("--version", "-V"):
        _, out, err = run(flag)
        check(out.startswith("sharedarray 1.") and out.endswith("\n"),
              "version line: %r" % out)
        eq(err, "", "stderr of " + flag)


@case
def case_help():
    for args in (["--help"], ["-h"], ["help"]):
        _, out, _ = run(*args)
        check(out.startswith("Usage: sharedarray COMMAND"), "global help: %r"
              % out[:80])
        for c in COMMANDS:
            check("\n  %s " % c in out, "global help lacks %s" % c)
    for c in COMMANDS:
        texts = [run(c, "--help")[1], run(c, "-h")[1], run("help", c)[1],
                 run(c, "x", "--help")[1]]
        for t in texts:
            check(t.startswith("Usage: sharedarray %s " % c),
                  "help of %s: %r" % (c, t[:80]))
            check("Example" in t, "help of %s has no example" % c)
        eq(len(set(texts)), 1, "help of %s is the same every way" % c)
    # no command at all, unknown command, unknown help topic: usage errors
    _, out, err = run(code=2)
    check(out == "" and "Usage:" in err, "bare command: %r" % err)
    fails("frobnicate", code=2, stderr_has="unknown command 'frobnicate'")
    fails("--frobnicate", code=2, stderr_has="unknown option")
    fails("help", "frobnicate", code=2, stderr_has="unknown command")


@case
def case_usage_errors():
    # (arguments, what stderr must say): all exit 2 with the usage line
    bad = [
        (["list", "a", "b"], "unexpected argument 'b'"),
        (["list", "--bogus"], "unknown option '--bogus'"),
        (["info"], "missing arguments"),
        (["info", "a", "b"], "unexpected argument"),
        (["info", "--json=yes", "a"], "takes no value"),
        (["create", "a", "3"], "missing arguments"),
        (["create", "a", "3", "f8", "extra"], "unexpected argument 'extra'"),
        (["create", "a", "3", "f8", "--mode"], "needs a value"),
        (["create", "a", "3", "f8", "-x"], "unknown option '-x'"),
        (["delete"], "missing arguments"),
        (["delete", "--force"], "missing arguments"),
        (["import", "a.npy"], "missing arguments"),
        (["export", "a"], "missing arguments"),
        (["dump"], "missing arguments"),
        (["dump", "a", "--precision"], "needs a value"),
    ]
    for args, msg in bad:
        err = fails(*args, code=2, stderr_has=msg)
        check("Usage: sharedarray %s " % args[0] in err,
              "no usage line for %s: %r" % (args, err))
        check("Try 'sharedarray %s --help'" % args[0] in err, "no hint: %r"
              % err)


# ---------------------------------------------------------------- create

@case
def case_create():
    names = Names()
    try:
        table = [  # (SHAPE text, DTYPE, options, shape, numpy dtype, fortran)
            ("3,4", "f8", [], (3, 4), "<f8", False),
            ("3x4", "<i4", ["--order", "F"], (3, 4), "<i4", True),
            ("10", "uint8", [], (10,), "|u1", False),
            ("(2, 3, 4)", "float32", ["--order=f"], (2, 3, 4), "<f4", True),
            ("7,", ">u2", [], (7,), ">u2", False),
            ("()", "complex128", [], (), "<c16", False),
            ("0,5", "bool", [], (0, 5), "|b1", False),
            ("2X2", "float16", ["-o", "C"], (2, 2), "<f2", False),
        ]
        for i, (shape_text, dtype, opts, shape, descr, fortran) in enumerate(table):
            name = names("c%d" % i)
            _, out, err = run("create", name, shape_text, dtype, *opts)
            eq(out + err, "", "create prints nothing")
            a = shm_load(name)
            eq(a.shape, shape, "shape of %s" % shape_text)
            eq(a.dtype.str, descr, "dtype of %s" % dtype)
            if a.ndim > 1:
                eq(bool(a.flags.f_contiguous and not a.flags.c_contiguous),
                   fortran, "fortran order of %s" % name)
            check(not np.any(a), "a new array is zero-filled")
            eq(stat.S_IMODE(os.stat(os.path.join(SHM, name)).st_mode), 0o600,
               "default mode")
        # --mode, and the mode survives the umask
        name = names("mode")
        old = os.umask(0o077)
        try:
            run("create", name, "4", "i8", "--mode", "0640")
        finally:
            os.umask(old)
        eq(stat.S_IMODE(os.stat(os.path.join(SHM, name)).st_mode), 0o640,
           "--mode 0640")
        # the spellings sa_mode_parse takes; 0 means the default, 0600
        for i, (text, want) in enumerate([("0o640", 0o640), ("0O604", 0o604),
                                          ("644", 0o644), ("0", 0o600),
                                          ("0000", 0o600), ("7", 0o007)]):
            name = names("mode%d" % i)
            run("create", name, "1", "u1", "--mode", text)
            eq(stat.S_IMODE(os.stat(os.path.join(SHM, name)).st_mode), want,
               "--mode %s" % text)
        # a file:// array is a plain .npy file
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.npy")
            run("create", "file://" + path, "2,3", "f4", "--order", "F")
            a = np.load(path)
            eq((a.shape, a.dtype.str, a.flags.f_contiguous), ((2, 3), "<f4", True),
               "file:// array")
    finally:
        names.cleanup()


@case
def case_create_errors():
    names = Names()
    try:
        name = names("x")
        for shape_text, msg in [("3,,4", "dimension 2 is not a number"),
                                ("3x", "dimension 2 is not a number"),
                                ("abc", "dimension 1 is not a number"),
                                ("3;4", "unexpected ';'"),
                                ("3,-1", "dimension 2 is negative"),
                                ("99999999999999999999", "too large"),
                                (",".join(["1"] * 65), "more than 64")]:
            fails("create", name, shape_text, "f8",
                  stderr_has=["shape '%s'" % shape_text, msg])
        fails("create", name, "1" + "x100000" * 4, "f8",
              stderr_has=[name, "overflow"])
        for dtype in ("q9", "f3", "object", "<U3", ""):
            fails("create", name, "3", dtype,
                  stderr_has=[name, "unsupported dtype", repr(dtype)])
        fails("create", name, "3", "f8", "--order", "Z",
              stderr_has="order 'Z'")
        # one parser for every language (sa_mode_parse): 1 to 4 octal
        # digits and an optional 0o, nothing else, at most 0777
        for mode in (" 644", "+644", "-644", "644 ", "4777", "1777", "2755",
                     "0x1ff", "", "999", "00644", "rw", "0o", "0o4777",
                     "6\n44", "0b110"):
            fails("create", name, "3", "f8", "--mode", mode,
                  stderr_has=["mode", "'%s'" % mode.replace("\n", "\\n")])
        for bad, msg in [("a/b", "'/' inside"), ("", "empty name"),
                         ("x" * 300, "name too long"),
                         ("http://x", "unknown name scheme")]:
            fails("create", bad, "3", "f8", stderr_has=msg)
        check(not os.path.exists(os.path.join(SHM, name)),
              "a failed create leaves nothing behind")
        run("create", name, "3", "f8")
        a = shm_load(name, "r+")
        a[:] = [1, 2, 3]
        del a
        fails("create", name, "5", "i4", stderr_has=[name, "exists"])
        a = shm_load(name)
        eq((a.shape, a.dtype.str, list(a)), ((3,), "<f8", [1, 2, 3]),
           "the existing array is untouched")
    finally:
        names.cleanup()


# ------------------------------------------------------------ info, list

def npy_header(path):
    """(shape, fortran_order, dtype) as the .npy header says."""
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(f)
        return np.lib.format.read_array_header_2_0(f)


PROV_KEYS = ("creator_pid", "creator_alive", "created", "created_ns", "holders",
             "holders_incomplete", "stale")


def without_prov(got):
    """got without the provenance keys (case_provenance checks their
    values), which must all be there."""
    check(all(k in got for k in PROV_KEYS), "provenance keys in %r" % got)
    return {k: v for k, v in got.items() if k not in PROV_KEYS}


def expected_info(name, a, path):
    st = os.stat(path)
    fortran = npy_header(path)[1]
    return {"name": name, "dtype": a.dtype.str, "dtype_name": a.dtype.name,
            "itemsize": a.dtype.itemsize, "shape": list(a.shape),
            "ndim": a.ndim,
            "order": "F" if fortran else "C",
            "nitems": int(a.size), "nbytes": int(a.nbytes),
            "data_offset": int(a.offset), "size": st.st_size,
            "mode": "%04o" % stat.S_IMODE(st.st_mode), "uid": st.st_uid,
            "format": ".npy 1.0", "format_version": "1.0",
            "sync": True, "generation": 0}


@case
def case_info():
    names = Names()
    try:
        name = names("info")
        run("create", name, "3,5", ">i2", "--order", "F", "--mode", "0644")
        path = os.path.join(SHM, name)
        a = shm_load(name)
        _, out, _ = run("info", "--json", name)
        got = json.loads(out)
        eq(without_prov(got), expected_info(name, a, path), "info --json")
        eq(got["data_offset"], 4096, "segments put data at 4096")
        _, out, _ = run("info", "shm://" + name, "-j")
        eq(json.loads(out)["name"], name, "shm:// names")
        _, out, _ = run("info", name)
        for line in ["name:         " + name, "dtype:        >i2 (int16)",
                     "shape:        (3, 5)", "order:        F",
                     "mode:         0644", "items:        15",
                     "data bytes:   30"]:
            check(line in out, "info lacks %r:\n%s" % (line, out))
        # a .npy file written by numpy (format 2.0, key order of its own)
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "v2.npy")
            with open(p, "wb") as f:
                np.lib.format.write_array(f, np.arange(6.0).reshape(2, 3),
                                          version=(2, 0))
            _, out, _ = run("info", "--json", "file://" + p)
            got = json.loads(out)
            eq((got["shape"], got["dtype"], got["format"],
                got["format_version"]), ([2, 3], "<f8", ".npy 2.0", "2.0"),
               "info of a numpy-written file")
        # errors: unknown, not an array, bad name
        fails("info", names("nope"), stderr_has=[names.tag, "No such file"])
        foreign = names("foreign")
        with open(os.path.join(SHM, foreign), "wb") as f:
            f.write(b"definitely not a numpy file" * 10)
        fails("info", foreign, stderr_has=[foreign, "bad magic"])
        fails("info", "--json", "a/b", stderr_has="'/' inside")
    finally:
        names.cleanup()


@case
def case_list():
    names = Names()
    try:
        a1, a2 = names("list_a"), names("list_b")
        run("create", a1, "2,2", "f4")
        run("create", a2, "5", "u8", "--order", "F")
        foreign = names("list_foreign")
        with open(os.path.join(SHM, foreign), "wb") as f:
            f.write(b"\x93NUMPY garbage")
        for args in (["list"], ["list", "shm://"]):
            _, out, _ = run(*args)
            lines = out.splitlines()
            check(lines[0].split() == ["NAME", "DTYPE", "SHAPE", "ORDER",
                                       "BYTES", "MODE", "CREATOR", "AGE",
                                       "HOLDERS"], "header: %r" % lines[0])
            mine = [l.split(None, 1)[0] for l in lines[1:]
                    if l.startswith(names.tag)]
            eq(mine, [a1, a2], "list shows my arrays sorted, not the foreign file")
            check(any(l.startswith(a1) and "(2, 2)" in l and "<f4" in l
                      for l in lines), "list row of %s" % a1)
        _, out, _ = run("list", "--json")
        got = {e["name"]: e for e in json.loads(out)
               if e["name"].startswith(names.tag)}
        eq(sorted(got), [a1, a2], "list --json names")
        for n in (a1, a2):
            eq(without_prov(got[n]),
               expected_info(n, shm_load(n), os.path.join(SHM, n)),
               "list --json entry of " + n)
        # a directory of .npy files, as a plain path and as file://DIR
        with tempfile.TemporaryDirectory() as d:
            np.save(os.path.join(d, "one.npy"), np.eye(2))
            np.save(os.path.join(d, "two.npy"), np.arange(3, dtype=">i4"))
            with open(os.path.join(d, "notes.txt"), "w") as f:
                f.write("not an array\n")
            for where in (d, "file://" + d, d + "/"):
                _, out, _ = run("list", "--json", where)
                got = json.loads(out)
                eq([e["name"] for e in got],
                   ["file://%s/one.npy" % d, "file://%s/two.npy" % d],
                   "list " + where)
                eq(got[1]["dtype"], ">i4", "dtype in list of files")
            empty = os.path.join(d, "empty")
            os.mkdir(empty)
            _, out, _ = run("list", "--json", empty)
            eq(json.loads(out), [], "an empty directory lists as []")
            fails("list", os.path.join(d, "missing"),
                  stderr_has=["missing", "No such file"])
            fails("list", "http://x", stderr_has="unknown name scheme")
    finally:
        names.cleanup()


@case
def case_json_names():
    """Names are bytes: quotes, backslashes, control characters, non-ASCII
    and invalid UTF-8 must all come out as valid JSON that gives the bytes
    back (invalid bytes as lone surrogates, like os.fsdecode)."""
    names = Names()
    try:
        odd = [b'q"uote', b"back\\slash", b"tab\there", b"new\nline",
               "\u00e9t\u00e9-\u65e5\u672c".encode(), b"bad\xff\xfeutf8",
               b"ctl\x01\x1f", b"\xed\xa0\x80surrogate", b"\xc0\xafoverlong"]
        made = []
        for i, o in enumerate(odd):
            n = os.fsencode(names("j%d_" % i)) + o
            names.made.append(n)
            run("create", n, "1", "f8")
            made.append(n)
            _, out, _ = run("info", "--json", n)
            eq(os.fsencode(json.loads(out)["name"]), n, "info --json name")
        _, out, _ = run("list", "--json")
        listed = sorted(os.fsencode(e["name"]) for e in json.loads(out)
                        if e["name"].startswith(names.tag))
        eq(listed, sorted(made), "list --json names give the bytes back")
        _, out, _ = run("list")
        check("tab\\there" in out and "new\\nline" in out and
              "back\\\\slash" in out and "bad\\xff\\xfeutf8" in out,
              "list shows control characters escaped: %r" % out)
    finally:
        names.cleanup()


# ---------------------------------------------------------------- delete

@case
def case_delete():
    names = Names()
    try:
        a, b, c = names("d1"), names("d2"), names("d3")
        for n in (a, b, c):
            run("create", n, "4", "f8")
        # a process that has it mapped keeps its data after delete
        keep = shm_load(a, "r+")
        keep[:] = 7
        _, out, err = run("delete", a, "shm://" + b)
        eq(out + err, "", "delete prints nothing")
        for n in (a, b):
            check(not os.path.exists(os.path.join(SHM, n)), n + " deleted")
        eq(list(keep), [7, 7, 7, 7], "an existing mapping outlives delete")
        del keep
        # one missing name: the others are still deleted, exit 1
        missing = names("d_missing")
        fails("delete", missing, c, stderr_has=[missing, "No such file"])
        check(not os.path.exists(os.path.join(SHM, c)), "delete went on")
        fails("delete", missing, stderr_has="No such file")
        fails("delete", "a/b", stderr_has="'/' inside")
        # a file in /dev/shm that is not ours is refused, and kept
        foreign = names("foreign")
        path = os.path.join(SHM, foreign)
        with open(path, "wb") as f:
            f.write(b"some other program's shared memory" * 100)
        fails("delete", foreign, stderr_has=["refusing", foreign, "bad magic"])
        check(os.path.exists(path), "the foreign file must survive")
        with open(path, "rb") as f:
            eq(f.read(10), b"some other", "foreign content untouched")
        run("delete", "--force", foreign)
        check(not os.path.exists(path), "--force removes it")
        # file:// arrays
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.npy")
            np.save(p, np.ones(3))
            txt = os.path.join(d, "x.txt")
            with open(txt, "w") as f:
                f.write("text\n")
            fails("delete", "file://" + txt, stderr_has="refusing")
            check(os.path.exists(txt), "a text file is not deleted")
            run("delete", "file://" + p, "-f", "file://" + txt)
            eq(os.listdir(d), [], "file:// delete")
    finally:
        names.cleanup()


# -------------------------------------------------------- import, export

@case
def case_import_export_roundtrip():
    """Every dtype, both orders, several shapes: numpy writes a .npy, the CLI
    imports it into shared memory (numpy maps it and sees the same dtype,
    shape, order and bits), then exports it again (numpy.load reads it)."""
    names = Names()
    try:
        with tempfile.TemporaryDirectory() as d:
            shapes = [(), (0,), (5,), (3, 4), (2, 3, 4)]
            k = 0
            for dtype in DTYPES:
                for shape in shapes:
                    for order in ("C", "F") if len(shape) > 1 else ("C",):
                        k += 1
                        want = sample(dtype, shape, order, seed=k)
                        src = os.path.join(d, "src%d.npy" % k)
                        out = os.path.join(d, "out%d.npy" % k)
                        np.save(src, want)
                        name = names("rt%d" % k)
                        what = "%s %s %s" % (dtype, shape, order)
                        run("import", src, name)
                        same_array(shm_load(name), want, "import " + what)
                        run("export", name, out)
                        got = np.load(out, allow_pickle=False)
                        same_array(got, want, "export " + what)
                        with open(out, "rb") as f:
                            head = f.read(10)
                        hl = head[8] | head[9] << 8
                        eq((10 + hl) % 64, 0, "header padded to 64 bytes")
                        check(10 + hl < 4096, "export writes a compact header")
                        eq(os.path.getsize(out), 10 + hl + want.nbytes,
                           "export file size")
                        os.unlink(os.path.join(SHM, name))
            # import with file:// and --mode; export to file://
            name = names("rt_mode")
            run("import", "file://" + os.path.join(d, "src1.npy"), name,
                "--mode", "0604")
            eq(stat.S_IMODE(os.stat(os.path.join(SHM, name)).st_mode), 0o604,
               "import --mode")
            run("export", name, "file://" + os.path.join(d, "viaurl.npy"))
            np.load(os.path.join(d, "viaurl.npy"))
            # a version 2.0 file
            p2 = os.path.join(d, "v2.npy")
            want = sample("<f8", (4, 2), "F")
            with open(p2, "wb") as f:
                np.lib.format.write_array(f, want, version=(2, 0))
            name = names("rt_v2")
            run("import", p2, name)
            same_array(shm_load(name), want, "import of format 2.0")
            leftovers = [f for f in os.listdir(d) if ".tmp-" in f]
            eq(leftovers, [], "export leaves no temporary files")
    finally:
        names.cleanup()


@case
def case_import_errors():
    names = Names()
    try:
        with tempfile.TemporaryDirectory() as d:
            name = names("ie")
            missing = os.path.join(d, "missing.npy")
            fails("import", missing, name, stderr_has=[missing, "No such file"])
            txt = os.path.join(d, "text.npy")
            with open(txt, "w") as f:
                f.write("hello, this is not numpy\n" * 20)
            fails("import", txt, name, stderr_has=[txt, "bad magic"])
            # object arrays hold pointers: never shared (other dtypes are
            # imported byte for byte, see other_dtypes)
            for bad in (np.array([None, 1], dtype=object),
                        np.zeros(2, dtype=[("a", "<i4"), ("o", "O")])):
                p = os.path.join(d, "bad.npy")
                np.save(p, bad, allow_pickle=True)
                fails("import", p, name, stderr_has=[p, "unsupported dtype"])
            trunc = os.path.join(d, "trunc.npy")
            np.save(trunc, np.arange(100.0))
            with open(trunc, "r+b") as f:
                f.truncate(300)
            fails("import", trunc, name, stderr_has=[trunc, "smaller"])
            fails("import", d, name, stderr_has=d)
            check(not os.path.exists(os.path.join(SHM, name)),
                  "failed imports create nothing")
            # the target exists: refused, and the target is untouched
            good = os.path.join(d, "good.npy")
            np.save(good, np.arange(4, dtype="<i8"))
            run("create", name, "2", "u1")
            fails("import", good, name, stderr_has=[name, "exists"])
            eq(shm_load(name).dtype.str, "|u1", "target untouched")
            fails("import", good, "a/b", stderr_has="'/' inside")
            for bad in ("rw", " 644", "+644", "4777", "0x1ff", ""):
                fails("import", good, names("m"), "--mode", bad,
                      stderr_has=["mode", "'%s'" % bad])
            check(not os.path.exists(os.path.join(SHM, names.tag + "_m")),
                  "a refused mode creates nothing")
    finally:
        names.cleanup()


@case
def case_export_errors():
    names = Names()
    try:
        with tempfile.TemporaryDirectory() as d:
            missing = names("gone")
            out = os.path.join(d, "out.npy")
            fails("export", missing, out, stderr_has=[missing, "No such file"])
            check(not os.path.exists(out), "nothing written")
            name = names("ee")
            run("create", name, "3", "i2")
            shm_load(name, "r+")[:] = [1, -2, 3]
            with open(out, "wb") as f:
                f.write(b"precious")
            fails("export", name, out, stderr_has=[out, "exists", "--force"])
            with open(out, "rb") as f:
                eq(f.read(), b"precious", "existing file untouched")
            run("export", name, out, "--force")
            eq(list(np.load(out)), [1, -2, 3], "--force replaces the file")
            fails("export", name, os.path.join(d, "no", "such", "dir.npy"),
                  stderr_has="No such file")
            fails("export", name, "", stderr_has="empty file name")
            fails("export", name, "shm://x", stderr_has="unknown name scheme")
            check(not os.path.exists("shm:"), "no relative file 'shm:' made")
            # overwriting the array's own file is safe (new inode)
            src = os.path.join(d, "self.npy")
            np.save(src, np.arange(5.0))
            run("export", "file://" + src, src, "-f")
            eq(list(np.load(src)), [0, 1, 2, 3, 4], "export onto its source")
            eq(sorted(os.listdir(d)), ["out.npy", "self.npy"],
               "no temporary files left")
    finally:
        names.cleanup()


def file_mode(path):
    st = os.lstat(path)
    check(stat.S_ISREG(st.st_mode), "%s is not a regular file" % path)
    return stat.S_IMODE(st.st_mode)


@case
def case_export_refuses_special_files():
    """export (with or without --force) replaces only a regular file. rename()
    over a FIFO, a device, a socket or a symbolic link would replace it with
    a regular file (as root, `export x /dev/null --force` replaced
    /dev/null). Every kind is made inside a temporary directory: the real
    /dev/null is never at risk, even if the fix regresses."""
    names = Names()
    try:
        name = names("sp")
        run("create", name, "3", "f8")
        with tempfile.TemporaryDirectory() as d:
            j = lambda *p: os.path.join(d, *p)
            os.mkfifo(j("fifo"))
            with open(j("reg"), "wb") as f:
                f.write(b"precious")
            os.mkdir(j("sub"))
            os.symlink(j("fifo"), j("to_fifo"))
            os.symlink(j("reg"), j("to_reg"))
            os.symlink(j("sub"), j("to_sub"))
            os.symlink(j("nowhere"), j("dangling"))
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(j("sock"))
            targets = [("fifo", stat.S_ISFIFO, "a FIFO"),
                       ("sub", stat.S_ISDIR, "a directory"),
                       ("sock", stat.S_ISSOCK, "a socket"),
                       ("to_fifo", stat.S_ISLNK, "a symbolic link"),
                       ("to_reg", stat.S_ISLNK, "a symbolic link"),
                       ("to_sub", stat.S_ISLNK, "a symbolic link"),
                       ("dangling", stat.S_ISLNK, "a symbolic link")]
            if os.geteuid() == 0:  # a char device like /dev/null (1, 3)
                os.mknod(j("null"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
                os.symlink(j("null"), j("to_null"))
                targets += [("null", stat.S_ISCHR, "a character device"),
                            ("to_null", stat.S_ISLNK, "a symbolic link")]
            for target, is_kind, kind in targets:
                for force in (["--force"], ["-f"], []):
                    fails("export", name, j(target), *force,
                          stderr_has=[j(target), "is " + kind,
                                      "not a regular file", "refusing"])
                    check(is_kind(os.lstat(j(target)).st_mode),
                          "%s is still %s" % (target, kind))
                    # file:// names go through the same check
                    fails("export", name, "file://" + j(target), *force,
                          stderr_has=[j(target), "is " + kind])
            sock.close()
            check(stat.S_ISFIFO(os.stat(j("fifo")).st_mode), "FIFO kept")
            check(stat.S_ISCHR(os.stat(j("null")).st_mode)
                  if os.geteuid() == 0 else True, "device node kept")
            with open(j("reg"), "rb") as f:
                eq(f.read(), b"precious", "a link's target is untouched")
            eq(os.listdir(j("sub")), [], "nothing written in the directory")
            check(not os.path.lexists(j("nowhere")),
                  "a dangling link's target is not created")
            fails("export", name, j("sub") + "/", "--force",
                  stderr_has=[j("sub") + "/", "not a file name"])
            eq([f for f in os.listdir(d) if ".tmp-" in f], [],
               "refused exports leave no temporary file")
            # a regular file is still replaced with --force, through a
            # directory given by a relative path too
            run("export", name, j("reg"), "--force")
            eq(list(np.load(j("reg"))), [0, 0, 0], "--force on a file")
            p = subprocess.run([CLI, "export", name, "rel.npy"], cwd=d,
                               capture_output=True, timeout=60)
            eq(p.returncode, 0, "export to a relative path: %r" % p.stderr)
            eq(list(np.load(j("rel.npy"))), [0, 0, 0], "relative export")
    finally:
        names.cleanup()


@case
def case_export_keeps_mode():
    """The exported file gets the array's permission bits, whatever the
    umask: a 0600 array must not become a world-readable file (it was 0666
    minus the umask, so 0644 under umask 022)."""
    names = Names()
    old = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as d:
            k = 0
            for umask in (0o022, 0o077, 0o000):
                os.umask(umask)
                for mode in (0o600, 0o640, 0o644, 0o604, 0o400, 0o660):
                    k += 1
                    name = names("km%d" % k)
                    run("create", name, "4", "<i4", "--mode", "%o" % mode)
                    eq(stat.S_IMODE(os.stat(os.path.join(SHM, name)).st_mode),
                       mode, "created mode")
                    what = "mode %04o under umask %03o" % (mode, umask)
                    out = os.path.join(d, "new%d.npy" % k)
                    run("export", name, out)
                    eq(file_mode(out), mode, "new file, " + what)
                    # replacing an existing, more open file
                    old_file = os.path.join(d, "old%d.npy" % k)
                    with open(old_file, "wb") as f:
                        f.write(b"x")
                    os.chmod(old_file, 0o666)
                    run("export", name, old_file, "--force")
                    eq(file_mode(old_file), mode, "replaced file, " + what)
                    eq(list(np.load(old_file)), [0, 0, 0, 0], "data")
            # a file:// source: its bits, and its setuid bit dropped
            os.umask(0o022)
            src = os.path.join(d, "src.npy")
            np.save(src, np.arange(3))
            for mode in (0o640, 0o4750, 0o2700):
                os.chmod(src, mode)
                out = os.path.join(d, "from_file.npy")
                run("export", "file://" + src, out, "--force")
                eq(file_mode(out), mode & 0o777, "export of a %04o file" % mode)
    finally:
        os.umask(old)
        names.cleanup()


# ------------------------------------------------- hostile names, --owner

def runb(*args, cwd=None):
    """Runs the CLI; returns (rc, stdout, stderr) as bytes."""
    argv = [CLI] + [os.fsencode(a) if isinstance(a, str) else a for a in args]
    p = subprocess.run(argv, capture_output=True, timeout=120, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def terminal_safe(data, what):
    """Checks that bytes shown on a terminal are valid UTF-8 and hold no
    control character but the newline that ends each line: no C0, no DEL,
    no C1 (neither U+0080..U+009F nor raw bytes 80..9F), no bidi control."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssertionError("%s: not valid UTF-8 (%s): %r" % (what, e, data))
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or
           0x7f <= ord(c) <= 0x9f or c in "\u200e\u200f\u2028\u2029" or
           0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
    check(not bad, "%s: control characters %r in %r" % (what, bad, data))
    return text


# (the bytes of a hostile name, how human output must show them)
HOSTILE = [
    (b"esc\x1b[2J\x1b[31mred", r"esc\x1b[2J\x1b[31mred"),
    (b"osc\x1b]0;title\x07", r"osc\x1b]0;title\x07"),
    (b"csi8\xc2\x9b31m", r"csi8\u009b31m"),          # U+009B as UTF-8
    (b"csiraw\x9b31m", r"csiraw\x9b31m"),           # raw byte 9B
    (b"c1\xc2\x80\xc2\x9f", r"c1\u0080\u009f"),
    (b"bel\x07bel", r"bel\x07bel"),
    (b"del\x7fdel", r"del\x7fdel"),
    (b"nl\nfake line", r"nl\nfake line"),
    (b"cr\rtab\t", r"cr\rtab\t"),
    (b"back\\x1b", r"back\\x1b"),                   # a real backslash
    (b"rlo\xe2\x80\xaegpj.exe", r"rlo\u202egpj.exe"),
    (b"ok-\xc3\xa9t\xc3\xa9", "ok-\u00e9t\u00e9"),  # plain UTF-8 stays
]


@case
def case_hostile_names():
    """Names holding ESC, CSI (as UTF-8 C2 9B and as the raw byte 9B), BEL,
    DEL, newlines... are escaped in every piece of human output (list,
    info, every error message that echoes a name) and kept exact in
    --json."""
    names = Names()
    try:
        made = []
        with tempfile.TemporaryDirectory() as d:
            good = os.path.join(d, "good.npy")
            np.save(good, np.zeros(2))
            for i, (raw, shown) in enumerate(HOSTILE):
                prefix = names("h%d_" % i)
                n = os.fsencode(prefix) + raw
                names.made.append(n)
                want = prefix + shown
                run("create", n, "2", "f8")
                made.append((n, want))
                # info: the name line, shown escaped, and 16 lines in all (the name does not break lines)
                rc, out, err = runb("info", n)
                eq((rc, err), (0, b""), "info of %r" % raw)
                text = terminal_safe(out, "info of %r" % raw)
                eq(text.splitlines()[0], "name:         " + want,
                   "info name line")
                eq(len(text.splitlines()), 16, "info line count")
                # --json: the exact bytes, with JSON escapes only
                rc, out, _ = runb("info", "--json", n)
                eq(os.fsencode(json.loads(terminal_safe(out, "info --json"))
                               ["name"]), n, "info --json keeps the name")
                # dump prints only values
                rc, out, _ = runb("dump", n)
                eq(out, b"[0. 0.]\n", "dump")
                # every error that names it
                missing = n + b"_missing"
                errors = [
                    (["info", missing], "No such file"),
                    (["info", "--json", missing], "No such file"),
                    (["dump", missing], "No such file"),
                    (["export", missing, os.path.join(d, "x.npy")],
                     "No such file"),
                    (["delete", missing], "No such file"),
                    (["create", n, "3", "f8"], "exists"),
                    (["create", missing, "3", "q9"], "unsupported dtype"),
                    (["import", good, n], "exists"),
                ]
                for args, msg in errors:
                    rc, out, err = runb(*args)
                    what = "%s error for %r" % (args[0], raw)
                    eq((rc, out), (1, b""), what)
                    text = terminal_safe(err, what)
                    check(msg in text, "%s: %r lacks %r" % (what, text, msg))
                    check(text.count("\n") == 1 and text.endswith("\n"),
                          "%s: one line: %r" % (what, text))
                    check(prefix + shown in text or
                          (prefix + shown + "_missing") in text,
                          "%s: %r does not show %r" % (what, text, want))
                # paths with control characters: export, import, list DIR
                p = os.path.join(os.fsencode(d), b"f" + raw + b".npy")
                os.mkfifo(p)
                shown_p = d + "/f" + shown + ".npy"
                for args, msg in [(["export", n, p, "--force"], "a FIFO"),
                                  (["import", p + b"x", names("imp")],
                                   "No such file"),
                                  (["list", p + b"dir"], "No such file")]:
                    rc, out, err = runb(*args)
                    text = terminal_safe(err, "%s %r" % (args[0], raw))
                    check(rc == 1 and shown_p in text and msg in text,
                          "%s of %r: %d %r" % (args[0], raw, rc, text))
                os.unlink(p)
                # words of the command line echoed in usage errors
                for args, msg in [([n], "unknown command"),
                                  (["help", n], "unknown command"),
                                  (["info", b"--" + raw], "unknown option"),
                                  (["dump", n, "--precision", raw],
                                   "precision"),
                                  (["create", names("s"), raw, "f8"],
                                   "shape")]:
                    rc, out, err = runb(*args)
                    text = terminal_safe(err, "%s %r" % (args[0], raw))
                    check(rc in (1, 2) and msg in text and shown[:4] in text,
                          "%s of %r: %d %r" % (args[0], raw, rc, text))
            # list: one row per array, each name escaped, columns aligned
            rc, out, _ = runb("list")
            text = terminal_safe(out, "list")
            rows = [l for l in text.splitlines() if l.startswith(names.tag)]
            eq(len(rows), len(made), "list: one line per array")
            header = text.splitlines()[0]
            for n, want in made:
                row = [r for r in rows if r.startswith(want + " ")]
                eq(len(row), 1, "list row of %r" % want)
                eq(row[0].index("<f8"), header.index("DTYPE"),
                   "list column of %r" % want)
            rc, out, _ = runb("list", "--json")
            got = sorted(os.fsencode(e["name"]) for e in
                         json.loads(terminal_safe(out, "list --json"))
                         if e["name"].startswith(names.tag))
            eq(got, sorted(n for n, _ in made), "list --json keeps the names")
            # a directory of files with such names
            for i, (raw, shown) in enumerate(HOSTILE):
                with open(os.path.join(os.fsencode(d),
                                       b"%d" % i + raw + b".npy"), "wb") as f:
                    np.save(f, np.zeros(1))
            rc, out, _ = runb("list", d)
            text = terminal_safe(out, "list DIR")
            for i, (raw, shown) in enumerate(HOSTILE):
                check("file://%s/%d%s.npy" % (d, i, shown) in text,
                      "list DIR shows %r: %r" % (shown, text))
    finally:
        names.cleanup()


@case
def case_owner():
    """--owner (the caller) and --owner=USER refuse an array that USER does
    not own, in every command that reads one (info, dump, export, import;
    notify and wait in case_sync);
    without it, arrays of other users are read as before. As root, a
    segment chown-ed to 65534 stands for one planted by another user."""
    names = Names()
    me = os.geteuid()
    other = 65534 if me != 65534 else 65533
    try:
        with tempfile.TemporaryDirectory() as d:
            mine = names("mine")
            run("create", mine, "3", "i2")
            shm_load(mine, "r+")[:] = [1, 2, 3]
            src = os.path.join(d, "src.npy")
            np.save(src, np.arange(3, dtype="<i2"))
            out = os.path.join(d, "out.npy")
            # the caller's own arrays pass, whatever the spelling
            for opt in ("--owner", "--owner=%d" % me,
                        "--owner=" + pwd.getpwuid(me).pw_name):
                _, text, _ = run("info", opt, mine)
                check(text.startswith("name:         " + mine), "info " + opt)
                eq(json.loads(run("info", "--json", mine, opt)[1])["uid"], me,
                   "info --json " + opt)
                eq(run("dump", mine, opt)[1], "[1 2 3]\n", "dump " + opt)
                run("export", mine, out, "--force", opt)
                eq(list(np.load(out)), [1, 2, 3], "export " + opt)
                imp = names("imp%d" % len(names.made))
                run("import", src, imp, opt)
                eq(list(shm_load(imp)), [0, 1, 2], "import " + opt)
            # expecting another user: refused, nothing read or written
            os.unlink(out)
            msg = ["owned by uid %d" % me, "expected uid %d" % other]
            opt = "--owner=%d" % other
            fails("info", mine, opt, stderr_has=[mine] + msg)
            fails("info", "--json", mine, opt, stderr_has=[mine] + msg)
            fails("dump", mine, opt, stderr_has=[mine] + msg)
            fails("export", mine, out, opt, stderr_has=[mine] + msg)
            check(not os.path.exists(out), "a refused export writes nothing")
            refused = names("refused")
            fails("import", src, refused, opt, stderr_has=[src] + msg)
            check(not os.path.exists(os.path.join(SHM, refused)),
                  "a refused import creates nothing")
            # bad values
            for bad, err in [("", "no such user"),
                             ("no_such_user_sa_test", "no such user"),
                             ("-1", "no such user"),
                             ("4294967295", "from 0 to 4294967294"),
                             ("99999999999999999999", "from 0 to 4294967294"),
                             ("12abc", "from 0 to 4294967294")]:
                fails("info", mine, "--owner=" + bad,
                      stderr_has=["owner '%s'" % bad, err])
            # the value is only ever --owner=USER: "--owner 0 NAME" is two
            # positionals
            fails("info", "--owner", "0", mine, code=2,
                  stderr_has="unexpected argument")
            for c in ("info", "dump", "export", "import"):
                check("--owner[=USER]" in run(c, "--help")[1],
                      "help of %s documents --owner" % c)
            if me != 0:
                print("note: not root, the chown part is skipped")
                return
            # a segment and a file "planted" by uid 65534
            planted = names("planted")
            run("create", planted, "2", "f4")
            os.chown(os.path.join(SHM, planted), other, -1)
            pfile = os.path.join(d, "planted.npy")
            np.save(pfile, np.ones(2))
            os.chown(pfile, other, -1)
            msg = ["owned by uid %d" % other, "expected uid 0"]
            for opt in ("--owner", "--owner=0", "--owner=root"):
                fails("info", planted, opt, stderr_has=[planted] + msg)
                fails("dump", planted, opt, stderr_has=[planted] + msg)
                fails("export", planted, out, opt, stderr_has=[planted] + msg)
                check(not os.path.exists(out), "nothing exported")
                fails("export", "file://" + pfile, out, opt,
                      stderr_has=[pfile] + msg)
                fails("import", pfile, refused, opt, stderr_has=[pfile] + msg)
                check(not os.path.exists(os.path.join(SHM, refused)),
                      "nothing imported")
            # off by default; and --owner=65534 accepts them
            for opt in ([], ["--owner=%d" % other]):
                eq(json.loads(run("info", "-j", planted, *opt)[1])["uid"],
                   other, "info of the planted segment")
                eq(run("dump", planted, *opt)[1], "[0. 0.]\n", "dump")
                run("export", planted, out, "--force", *opt)
                imp = names("imp%d" % len(names.made))
                run("import", pfile, imp, *opt)
    finally:
        names.cleanup()


# ------------------------------------------------------------------ dump

def dump_cases():
    """(label, array, dump options, numpy print options)."""
    big = sys.maxsize
    f = np.array
    yield "int 2d", np.arange(12).reshape(3, 4), [], {}
    yield "negative ints", f([[-1, 2, 10], [300, -4000, 5]], "<i2"), [], {}
    yield "uint64 max", f([0, 2**64 - 1, 7], "<u8"), [], {}
    yield "int64 min", f([-2**63, 2**63 - 1], ">i8"), [], {}
    yield "int8", f([-128, 127, 0], "i1"), [], {}
    yield "bool", f([[True, False], [True, True]]), [], {}
    yield "bool all true", f([True, True, True]), [], {}
    yield "wrap 1d", np.arange(30), [], {}
    yield "wrap 2d", np.arange(60).reshape(2, 30) * 1000, [], {}
    yield "3d", np.arange(24).reshape(2, 3, 4), [], {}
    yield "4d", np.arange(48).reshape(2, 2, 3, 4), [], {}
    yield "summary 1d", np.arange(2000), [], {}
    yield "summary 2d", np.arange(10000).reshape(100, 100), [], {}
    yield "summary 3d", np.arange(2000).reshape(10, 10, 20), [], {}
    yield "summary F", np.asfortranarray(np.arange(3000).reshape(30, 100)), [], {}
    yield "summary floats", np.linspace(0, 1, 1001), [], {}
    yield "full", np.arange(1500) % 7, ["--full"], {"threshold": big}
    yield "1001 edge", np.arange(1001), [], {}
    yield "1000 no summary", np.arange(1000), [], {}
    yield "floats", f([1.0, 2.5, -3.25, 0.1]), [], {}
    yield "float integral", f([1.0, 2.0, 10.0]), [], {}
    yield "float precision", f([0.1, 0.30000000000000004, 2 / 3]), [], {}
    yield "float exact", f([0.1, 0.30000000000000004, 2 / 3]), ["--exact"], \
        {"floatmode": "unique"}
    yield "float precision 3", f([3.14159, 2.71828, 1.0]), ["--precision", "3"], \
        {"precision": 3}
    yield "float small", f([1e-5, 1.5e-5, 0.1]), [], {}
    yield "float big", f([1e8, 1.0]), [], {}
    yield "float 1e7", f([1e7, 100000.0]), [], {}
    yield "float ratio", f([1.0, 1001.0]), [], {}
    yield "float huge exponent", f([1e-300, 1e300, -1.5e200]), [], {}
    yield "nan inf", f([1.0, np.nan, -np.inf]), [], {}
    yield "nan inf only", f([np.nan, np.inf]), [], {}
    yield "neg inf only", f([np.nan, -np.inf]), [], {}
    yield "nan exp", f([np.nan, 1e-10, 3.0]), [], {}
    yield "zeros", np.zeros((2, 3)), [], {}
    yield "negative zero", f([-0.0, 1.5]), [], {}
    yield "float32", f([0.1, 1 / 3, 100.5], "<f4"), [], {}
    yield "float32 exact", f([0.1, 1 / 3, 1e-3], "<f4"), ["--exact"], \
        {"floatmode": "unique"}
    yield "float32 big", f([1e6, 2.0], ">f4"), [], {}
    yield "float16", f([0.1, 1000.0, -2.5], "<f2"), [], {}
    yield "float16 small", f([0.1, 0.5, 65504], ">f2"), [], {}
    yield "float16 exact", f([0.1, 0.2, 0.7], "<f2"), ["--exact"], \
        {"floatmode": "unique"}
    yield "random normal", np.random.default_rng(1).standard_normal((4, 5)), [], {}
    yield "random wide", np.random.default_rng(2).standard_normal(40) * 1e3, [], {}
    yield "random exact", np.random.default_rng(3).standard_normal((3, 7)), \
        ["--exact"], {"floatmode": "unique"}
    yield "complex", f([1 + 2j, 3.5 - 4j, -1j]), [], {}
    yield "complex nan", f([1 + 2j, complex(np.nan, -3.5)]), [], {}
    yield "complex exp", f([1e-7 + 1j, 2 + 3e9j], "<c8"), [], {}
    yield "complex big endian", f([[1 + 1j, 2 - 2j], [0.5j, -3]], ">c16"), [], {}
    yield "F order", np.asfortranarray(np.arange(12).reshape(3, 4)), [], {}
    yield "F order 3d", np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)), [], {}
    yield "big endian ints", np.arange(6, dtype=">i4").reshape(2, 3), [], {}
    yield "empty", np.zeros((0,)), [], {}
    yield "empty 2d", np.zeros((2, 0), "i4"), [], {}
    yield "one", f([5]), [], {}
    yield "linewidth", np.arange(20), ["--linewidth", "30"], {"linewidth": 30}
    for v, t in [(5, "<i4"), (-7, ">i8"), (True, "?"), (1.5, "<f8"),
                 (1.0, "<f8"), (1e-5, "<f8"), (1e16, "<f8"), (0.1, "<f4"),
                 (1e6, "<f4"), (0.1, "<f2"), (1 + 2j, "<c16"), (2j, "<c8"),
                 (complex(-0.0, 2), "<c16"), (np.nan, "<f8")]:
        yield "scalar %r %s" % (v, t), np.array(v, dtype=t), [], {}


@case
def case_dump_matches_numpy():
    """dump prints exactly what numpy's print(a) prints."""
    names = Names()
    try:
        with tempfile.TemporaryDirectory() as d:
            for k, (label, arr, opts, popts) in enumerate(dump_cases()):
                p = os.path.join(d, "d%d.npy" % k)
                np.save(p, arr)
                name = names("dump%d" % k)
                run("import", p, name)
                with np.printoptions(**popts):
                    want = str(arr) + "\n"
                _, got, _ = run("dump", name, *opts)
                eq(got, want, "dump of %s" % label)
                os.unlink(os.path.join(SHM, name))
    finally:
        names.cleanup()


@case
def case_dump_sees_writes():
    """Values another process writes (numpy through its own mapping) are
    what dump prints, converted from big-endian and float16."""
    names = Names()
    try:
        for dtype, values in [(">f8", [1.5, -2.25, 1e300]),
                              ("<f2", [0.5, -65504.0, 0.0009765625]),
                              (">i4", [-2147483648, 2147483647, 0]),
                              ("<c8", [1 + 2j, -0.5j, 3])]:
            name = names("w" + dtype.strip("<>"))
            run("create", name, "3", dtype)
            m = shm_load(name, "r+")
            m[:] = values
            m.flush()
            _, out, _ = run("dump", "--exact", name)
            with np.printoptions(floatmode="unique"):
                eq(out, str(np.array(values, dtype=dtype)) + "\n",
                   "dump of values written by numpy, " + dtype)
            del m
    finally:
        names.cleanup()


@case
def case_dump_errors():
    names = Names()
    try:
        missing = names("gone")
        fails("dump", missing, stderr_has=[missing, "No such file"])
        foreign = names("foreign")
        with open(os.path.join(SHM, foreign), "wb") as f:
            f.write(b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}     \n")
        fails("dump", foreign, stderr_has=foreign)
        name = names("ok")
        run("create", name, "3", "f8")
        for bad in ("-1", "x", "18", ""):
            fails("dump", name, "--precision=" + bad,
                  stderr_has="precision '%s'" % bad)
        # a write error on stdout is an error, not a silent success
        if os.path.exists("/dev/full"):
            with open("/dev/full", "w") as full:
                p = subprocess.run([CLI, "dump", name], stdout=full,
                                   stderr=subprocess.PIPE, timeout=60)
            eq(p.returncode, 1, "dump > /dev/full exit code")
            check(b"error writing" in p.stderr, "dump > /dev/full message")
    finally:
        names.cleanup()


@case
def case_other_dtypes():
    """Arrays of the dtypes only Python maps (structured, bytes, unicode,
    datetime, longdouble): info and list describe them, import and export
    copy them exactly, dump refuses them with a message naming the dtype."""
    names = Names()
    arrays = {
        "struct": np.array([(1.5, (2, 3), ("ab", b"x"))] * 3, dtype=[
            ("x", "<f8"), ("y", ">i4", (2,)), ("s", [("u", "<U2"), ("b", "S1")])]),
        "bytes": np.array([b"ab", b"cde"], dtype="S4"),
        "unicode": np.array([["\u00e9t\u00e9", "x"]], dtype=">U3"),
        "datetime": np.array(["2026-11-30T12:00"], dtype="<M8[ns]"),
        "timedelta": np.array([1, 2], dtype="<m8[s]"),
        "longdouble": np.array([1.25, -2], dtype=np.longdouble),
    }
    try:
        with tempfile.TemporaryDirectory() as d:
            for what, want in arrays.items():
                src = os.path.join(d, what + ".npy")
                out = os.path.join(d, what + "-out.npy")
                np.save(src, want)
                name = names(what)
                run("import", src, name)
                got = shm_load(name)
                eq(got.dtype, want.dtype, "import dtype " + what)
                check((got == want).all(), "import values " + what)
                _, text, _ = run("info", "--json", name)
                eq(json.loads(text)["dtype"], np.lib.format.dtype_to_descr(
                    want.dtype) if want.dtype.names is None else
                   str(want.dtype.descr), "info descr " + what)
                _, text, _ = run("list")
                check(any(line.startswith(name) for line in text.splitlines()),
                      "list shows " + what)
                run("export", name, out)
                back = np.load(out)
                eq(back.dtype, want.dtype, "export dtype " + what)
                check((back == want).all(), "export values " + what)
                fails("dump", name, stderr_has=(name, "Python maps every dtype"))
    finally:
        names.cleanup()


@case
def case_sa3_segments():
    """Segments that SharedArray 3.x made (data, then its binary trailer):
    info names the format, dump prints the values, delete removes them."""
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(here, "..", "fixtures", "sa3")
    names = Names()
    try:
        done = 0
        for f in sorted(os.listdir(fixtures)):
            if not f.endswith(".sa3") or "f8" not in f:
                continue
            name = names("sa3_%d" % done)
            with open(os.path.join(fixtures, f), "rb") as src, \
                    open(os.path.join(SHM, name), "wb") as dst:
                dst.write(src.read())
            _, out, _ = run("info", "--json", name)
            got = json.loads(out)
            check(got["format"].startswith("SharedArray 3.x (numpy "),
                  "info format of %s: %r" % (f, got["format"]))
            eq(got["format_version"], None, "format_version of " + f)
            _, text, _ = run("info", name)
            check("format:       SharedArray 3.x" in text, "info text " + f)
            run("dump", name)
            run("delete", name)
            check(not os.path.exists(os.path.join(SHM, name)), "deleted " + f)
            done += 1
        check(done >= 2, "found float64 3.x fixtures (%d)" % done)
    finally:
        names.cleanup()


def trailer_word(name, field):
    """A u32 of the synchronisation trailer (docs/format.md section 10),
    read from the file: 28 is the waiter count."""
    if name.startswith("file://"):
        path = name[len("file://"):]
        a = np.load(path, mmap_mode="r")
    else:
        path = os.path.join(SHM, name)
        a = shm_load(name)
    off = (a.offset + a.nbytes + 63) // 64 * 64
    with open(path, "rb") as f:
        f.seek(off + field)
        return int.from_bytes(f.read(4), sys.byteorder)


def until_waiters(name, n):
    """Until n waiters are registered (asleep, or about to be): a word of
    the segment, not a timing."""
    for _ in range(2000000):
        if trailer_word(name, 28) == n:
            return
        os.sched_yield()
    raise AssertionError("%s: never %d waiters" % (name, n))


@case
def case_sync():
    """notify, wait and the generation in info."""
    import signal
    names = Names()
    try:
        name = names("sync")
        run("create", name, "4", "f8")
        _, out, _ = run("info", name)
        check("generation:   0" in out, "info text: %r" % out)
        # wait without --since: the next notify after it started
        p = subprocess.Popen([CLI, "wait", name, "--timeout", "60"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        until_waiters(name, 1)
        shm_load(name, "r+")[:] = 7  # the data, then the notify
        run("notify", name)
        out, err = p.communicate(timeout=60)
        eq((p.returncode, out), (0, b"1\n"), "wait woken by notify " + repr(err))
        eq(trailer_word(name, 28), 0, "the waiter deregistered")
        _, out, _ = run("info", "--json", name)
        eq(json.loads(out)["generation"], 1, "generation in info --json")
        eq(json.loads(out)["sync"], True, "sync in info --json")
        # --since: at once when the generation has moved on
        _, out, _ = run("wait", name, "--since", "0")
        eq(out, "1\n", "wait --since 0")
        run("notify", "shm://" + name)
        _, out, _ = run("wait", "-s", "1", "-t", "5", name)
        eq(out, "2\n", "wait -s 1")
        # a timeout: exit status 3, nothing on stdout
        fails("wait", name, "--timeout", "0.1", code=3,
              stderr_has=[name, "timed out"])
        fails("wait", name, "--since", "2", "--timeout", "0", code=3,
              stderr_has="timed out")
        fails("wait", name, "--timeout", "1.5", code=3, stderr_has="1.5 s")
        # Ctrl-C: exit 130 promptly, deregistered
        p = subprocess.Popen([CLI, "wait", name], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        until_waiters(name, 1)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        eq((p.returncode, out), (130, b""), "wait interrupted " + repr(err))
        eq(trailer_word(name, 28), 0, "the interrupted waiter deregistered")
        # --owner: refused unless that user owns the array
        run("notify", "--owner", name)
        _, out, _ = run("wait", "--owner", name, "--since", "0")
        other = "1" if os.geteuid() != 1 else "2"
        fails("notify", "--owner=" + other, name, stderr_has="owned by")
        fails("wait", "--owner=" + other, name, stderr_has="owned by")
        # bad command lines
        fails("wait", name, "--since", "-1", code=2, stderr_has="--since")
        fails("wait", name, "--timeout", "soon", code=2, stderr_has="--timeout")
        fails("wait", name, "--timeout", "-1", code=2, stderr_has="--timeout")
        fails("notify", code=2, stderr_has="missing")
        fails("notify", names("nope"), stderr_has="No such file")
        # arrays without a trailer: numpy's files
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "np.npy")
            np.save(f, np.arange(3))
            for args in (["notify", "file://" + f],
                         ["wait", "file://" + f, "--timeout", "1"]):
                fails(*args, stderr_has=["np.npy", "no synchronisation"])
            _, out, _ = run("info", "--json", "file://" + f)
            got = json.loads(out)
            eq((got["sync"], got["generation"]), (False, None),
               "info of a numpy file")
            _, out, _ = run("info", "file://" + f)
            check("generation:   none" in out, "info text: %r" % out)
        # numpy still reads a segment with a trailer, with and without mmap
        path = os.path.join(SHM, name)
        eq(np.load(path).tolist(), [7.0] * 4, "np.load")
        eq(np.load(path, mmap_mode="r").tolist(), [7.0] * 4, "np.load mmap")
    finally:
        names.cleanup()


def set_trailer_word(name, field, value):
    """Write a u32 of the trailer (32 is the lock word: a live thread id
    there makes the lock held by that thread)."""
    path = os.path.join(SHM, name)
    a = shm_load(name)
    off = (a.offset + a.nbytes + 63) // 64 * 64
    with open(path, "r+b") as f:
        f.seek(off + field)
        f.write(int(value).to_bytes(4, sys.byteorder))


@case
def case_copy_under_lock():
    """dump and export read under the array's lock, with --timeout."""
    names = Names()
    try:
        name = names("locked")
        run("create", name, "3", "i4")
        shm_load(name, "r+")[:] = [1, 2, 3]
        eq(run("dump", name, "--timeout", "0")[1], "[1 2 3]\n", "free lock")
        set_trailer_word(name, 32, os.getpid())  # held by this live thread
        fails("dump", name, "--timeout", "0.2", code=3,
              stderr_has=[name, "still held after 0.2 s"])
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out.npy")
            fails("export", name, out, "--timeout", "0.2", code=3,
                  stderr_has="still held")
            eq(os.listdir(d), [], "no file, no temp file left")
            set_trailer_word(name, 32, 0)  # released
            run("export", name, out)
            eq(np.load(out).tolist(), [1, 2, 3], "export after release")
        for bad in ("-1", "0x10", "nan", "soon"):
            fails("dump", name, "--timeout", bad, code=2, stderr_has="--timeout")
        eq(run("dump", name, "--timeout", "inf")[1], "[1 2 3]\n", "inf")
    finally:
        names.cleanup()


@case
def case_provenance():
    """Who made an array, who maps it, stale, list --stale, delete --stale.
    delete --stale runs only on a private directory: in /dev/shm it would
    remove other tests' arrays, which are stale while nobody maps them."""
    import datetime
    names = Names()
    try:
        with tempfile.TemporaryDirectory() as d:
            name, held, other = (os.path.join(d, x + ".npy")
                                 for x in ("prov", "held", "other"))
            url = lambda p: "file://" + p  # noqa: E731
            t0 = datetime.datetime.now(datetime.timezone.utc)
            run("create", url(name), "4", "f8")
            run("create", url(held), "2", "i4")
            got = json.loads(run("info", "--json", url(name))[1])
            # the creator was the CLI process of `create`, which has exited
            check(isinstance(got["creator_pid"], int) and
                  got["creator_pid"] != os.getpid(), "creator_pid %r" % got)
            eq(got["creator_alive"], False, "creator_alive")
            created = datetime.datetime.strptime(
                got["created"][:19], "%Y-%m-%dT%H:%M:%S").replace(
                tzinfo=datetime.timezone.utc)
            check(got["created"].endswith("Z") and len(got["created"]) == 27
                  and abs((created - t0).total_seconds()) < 60,
                  "created %r" % got)
            eq(got["created"][20:26], "%06d" % (got["created_ns"] // 1000 %
                                                 1000000), "created_ns")
            eq((got["holders"], got["stale"]), ([], True), "nobody maps it")
            check(isinstance(got["holders_incomplete"], bool), "incomplete")
            # this process maps one: a holder, not stale; a waiting CLI too
            m = np.load(held, mmap_mode="r+")
            p = subprocess.Popen([CLI, "wait", url(held), "--timeout", "60"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            until_waiters(url(held), 1)
            got = json.loads(run("info", "--json", url(held))[1])
            eq(sorted(got["holders"]), sorted([os.getpid(), p.pid]), "holders")
            eq(got["stale"], False, "held: not stale")
            _, text, _ = run("info", url(held))
            check("holders:      2 (pid " in text and "stale:        no" in text,
                  "info text: %r" % text)
            got = json.loads(run("info", "--json", "--no-holders", url(held))[1])
            eq((got["holders"], got["stale"]), (None, None), "--no-holders")
            # list: the table's columns, --stale, --json
            _, table, _ = run("list", d)
            check("CREATOR" in table and "HOLDERS" in table, "list header")
            stale = [r["name"] for r in
                     json.loads(run("list", "--stale", "--json", d)[1])]
            eq(stale, [url(name)], "list --stale")
            check(url(name) in run("list", "--stale", d)[1], "list --stale text")
            fails("list", "--stale", "--no-holders", stderr_has="--stale")
            # delete --stale: the stale one goes, the held one stays
            _, out, _ = run("delete", "--stale", d)
            eq(out, "removed %s\n" % url(name), "delete --stale says")
            check(not os.path.exists(name) and os.path.exists(held),
                  "stale removed, held kept")
            # the holders let go: stale now, and removed
            run("notify", url(held))
            p.communicate(timeout=60)
            del m
            run("create", url(other), "1", "u1")
            # a numpy file records no creator: never stale, never removed
            f = os.path.join(d, "np.npy")
            np.save(f, np.arange(3))
            got = json.loads(run("info", "--json", url(f))[1])
            eq((got["creator_pid"], got["creator_alive"], got["created"],
                got["created_ns"], got["stale"], got["holders"]),
               (None, None, None, None, None, []), "numpy file")
            _, out, _ = run("delete", "--stale", d)
            eq(sorted(out.splitlines()), sorted(["removed " + url(held),
                                                 "removed " + url(other)]),
               "delete --stale once released")
            check(os.path.exists(f), "a numpy file is never removed")
            eq(run("delete", "--stale", d)[1], "no stale arrays\n", "nothing")
        # /dev/shm: list --stale only reads
        shm = names("shm")
        run("create", shm, "1", "f8")
        check(shm in [r["name"] for r in
                      json.loads(run("list", "--stale", "--json")[1])],
              "list --stale in /dev/shm")
        fails("delete", "--stale", "--force", code=2, stderr_has="--stale")
        fails("delete", code=2, stderr_has="missing arguments")
    finally:
        names.cleanup()


# ------------------------------------------------------------------ main

def main(argv):
    global CLI
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) != 3 or argv[2] not in CASES:
        sys.stderr.write(__doc__)
        return 2
    if np is None:
        print("SKIP: numpy is not importable by %s" % sys.executable)
        return 77
    CLI = os.path.abspath(argv[1])
    CASES[argv[2]]()
    print("ok: cli.%s" % argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
