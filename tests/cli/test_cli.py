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
import secrets
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
        for mode in ("0x1", "999", "0", "1777", ""):
            fails("create", name, "3", "f8", "--mode", mode,
                  stderr_has="mode '%s'" % mode)
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
            "format_version": "1.0"}


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
        eq(got, expected_info(name, a, path), "info --json")
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
            eq((got["shape"], got["dtype"], got["format_version"]),
               ([2, 3], "<f8", "2.0"), "info of a numpy-written file")
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
                                       "BYTES", "MODE"], "header: %r" % lines[0])
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
            eq(got[n], expected_info(n, shm_load(n), os.path.join(SHM, n)),
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
        check("tab?here" in out and "new?line" in out,
              "list shows control characters as '?'")
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
            for bad in (np.array(["abc"]), np.zeros(2, dtype=[("a", "<i4")]),
                        np.array([1, 2], dtype="<m8[s]")):
                p = os.path.join(d, "bad.npy")
                np.save(p, bad)
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
            fails("import", good, names("m"), "--mode", "rw",
                  stderr_has="mode 'rw'")
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
    CLI = argv[1]
    CASES[argv[2]]()
    print("ok: cli.%s" % argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
