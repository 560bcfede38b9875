#!/usr/bin/env python3
"""xlang.py -- the cross-language conformance matrix of SharedArray.

One language writes arrays, another reads them, and the reader must see
exactly the writer's dtype, shape and values under the documented
conventions. Everything below comes from ONE table (WRITERS, READERS,
DTYPES, ORDERS, SHAPES); no language pair is written by hand.

    xlang.py --list --have c,python,lua,octave,cli,numpy
        print the pairs WRITER_to_READER that the available languages give
        (tests/cross/CMakeLists.txt registers one ctest test per line).
    xlang.py run WRITER READER [--c EXE] [--pythonpath DIR] [--lua EXE
             --lua-cpath DIR] [--octave EXE --octave-path DIR] [--cli EXE]
        run one pair: the writer runs ONCE and creates every dtype x order x
        shape array, then the reader runs ONCE, reads them all and writes
        JSON, which is compared here with the expected values. Every array
        is deleted at the end, even on failure.

The writer gets a spec file, one array per line:

    NAME DESCR ORDER NDIM D1 .. Dn V1 V2 ...

with the values in logical C order (numpy's a.ravel(order='C')): integers
in decimal, floats as Python's repr (exact), complex values as two tokens
(re im), booleans as 0/1. Readers take only the NAME of each line and write

    {"arrays": [{"name": N, "descr": "<i4", "order": "C" | null,
                 "shape": [..], "values": [..]}, ...]}

(values in logical C order; ints as JSON integers, floats as %.17g with a
'.' or exponent, complex as [re, im], booleans as true/false), or
{"name": N, "error": MESSAGE} for an array it could not read.

Values are chosen so that every dtype holds them exactly and byte-order,
width and sign bugs show: integers hash over the full width (64-bit ones
over 53 bits, so that Octave and JSON carry them exactly) and include the
extremes; floats mix signs, fractions and magnitudes (float64 up to
1e+-150, beyond float32); each array gets its own salt so that a reader
cannot pass by reading the wrong array.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pair_args

HERE = os.path.dirname(os.path.abspath(__file__))

# ------------------------------------------------------------------ the table
WRITERS = ["c", "python", "lua", "octave", "cli"]
READERS = ["c", "python", "lua", "octave", "cli", "numpy"]
DTYPES = ["|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8",
          "<f2", "<f4", "<f8", "<c8", "<c16",
          ">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8",
          ">c8", ">c16"]
ORDERS = ["C", "F"]
SHAPES = [(2, 3, 4), (5,), ()]

# What each language needs from the command line to run.
NEEDS = {"c": ["c"], "python": ["pythonpath"], "lua": ["lua", "lua_cpath"],
         "octave": ["octave", "octave_path"], "cli": ["cli"], "numpy": []}


# ------------------------------------------------------------- the values
def _float(kind_size, n, s):
    """A float exactly representable in float<kind_size*8>."""
    import numpy as np
    x = (n - 11.5 + s) / 7.0
    if kind_size == 2:        # float16: 11-bit significand, |x| < 65504
        return float(np.float16(x * 2.0 ** (n % 7 - 3)))
    if kind_size == 4:        # float32: magnitudes 1e-4 .. 1e4
        return float(np.float32(x * 10.0 ** (n % 9 - 4)))
    return x * 10.0 ** ((n % 11) * 30 - 150)   # float64: 1e-150 .. 1e150


def value(descr, n, s, nitems):
    """The canonical value of logical element n of array number s."""
    kind, size = descr[1], int(descr[2:])
    if kind == "b":
        return (n * 7 + s) % 3 != 1
    if kind in "iu":
        bits = min(8 * size, 53)
        span = 1 << bits
        lo = -(span >> 1) if kind == "i" else 0
        hi = lo + span - 1
        if size == 8:                    # the 53-bit extremes, exact in doubles
            lo, hi = (-(1 << 53), 1 << 53) if kind == "i" else (0, 1 << 53)
        if nitems > 2 and n == 0:
            return lo
        if nitems > 2 and n == 1:
            return hi
        h = (n * 0x9E3779B97F4A7C15 + s * 0x632BE59BD9B4E019 + 12345) % span
        return h + lo
    if kind == "f":
        return _float(size, n, s)
    half = size // 2
    return complex(_float(half, n, s), -_float(half, n + 5, s + 1))


def nitems_of(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def cases(tag):
    """Every array of one run: (name, descr, order, shape, values)."""
    out = []
    k = 0
    for shape in SHAPES:
        for order in ORDERS:
            for descr in DTYPES:
                nit = nitems_of(shape)
                vals = [value(descr, n, k, nit) for n in range(nit)]
                out.append(("%s-%03d" % (tag, k), descr, order, shape, vals))
                k += 1
    return out


def token(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, complex):
        return "%r %r" % (v.real, v.imag)
    return repr(v)


def write_spec(path, arrays):
    with open(path, "w") as f:
        for name, descr, order, shape, vals in arrays:
            f.write(" ".join([name, descr, order, str(len(shape))] +
                             [str(d) for d in shape] +
                             [token(v) for v in vals]) + "\n")


# ----------------------------------------------------------- comparison
def same(descr, want, got):
    """True when got (from JSON) is exactly want, with the right type."""
    kind = descr[1]
    if kind == "b":
        return isinstance(got, bool) and got == want
    if kind in "iu":
        return isinstance(got, int) and not isinstance(got, bool) and got == want
    if kind == "f":
        return isinstance(got, float) and got == want
    return (isinstance(got, list) and len(got) == 2
            and all(isinstance(x, float) for x in got)
            and complex(got[0], got[1]) == want)


def check(arrays, report, reader):
    """Compare a reader's report with the expected arrays; list the faults."""
    faults = []
    seen = {r.get("name"): r for r in report.get("arrays", [])}
    for name, descr, order, shape, vals in arrays:
        what = "%s (%s, order %s, shape %s)" % (name, descr, order, shape)
        r = seen.get(name)
        if r is None:
            faults.append("%s: not reported by the reader" % what)
            continue
        if "error" in r:
            faults.append("%s: reader failed: %s" % (what, r["error"]))
            continue
        if r.get("descr") != descr:
            faults.append("%s: dtype %r" % (what, r.get("descr")))
        if tuple(r.get("shape", ())) != shape:
            faults.append("%s: shape %r" % (what, r.get("shape")))
        # Only a >=2-d array has an order a reader can see.
        if len(shape) >= 2 and r.get("order") not in (None, order):
            faults.append("%s: order %r" % (what, r.get("order")))
        for key in [k for k in ("values", "values_np") if k in r]:
            got = r[key]
            if len(got) != len(vals):
                faults.append("%s: %s has %d items, not %d" %
                              (what, key, len(got), len(vals)))
                continue
            bad = [i for i, (w, g) in enumerate(zip(vals, got))
                   if not same(descr, w, g)]
            if bad:
                i = bad[0]
                faults.append("%s: %s differ at %d of %d logical indices, "
                              "first at %d: expected %r, read %r" %
                              (what, key, len(bad), len(vals), i,
                               vals[i], got[i]))
        if reader == "octave":
            # Octave's documented view: C order reversed, F order as is.
            want = list(reversed(shape)) if order == "C" else list(shape)
            want += [1] * (2 - len(want))
            if len(shape) < 2:
                want = [nitems_of(shape), 1]
            if r.get("octave_size") != want:
                faults.append("%s: size(h) in Octave is %r, expected %r" %
                              (what, r.get("octave_size"), want))
    return faults


# ----------------------------------------------------------- languages
def command(lang, role, spec, out, opt):
    """The command line and environment that run lang as role."""
    env = dict(os.environ)
    py = [sys.executable, os.path.join(HERE, "xlang_py.py")]
    if lang == "c":
        return [opt.c, role, spec, out], env
    if lang == "python":
        env["PYTHONPATH"] = opt.pythonpath + os.pathsep + env.get("PYTHONPATH", "")
        return py + [role + "-python", spec, out], env
    if lang == "numpy":
        return py + [role + "-numpy", spec, out], env
    if lang == "cli":
        return py + [role + "-cli", spec, out, opt.cli], env
    if lang == "lua":
        env["LUA_CPATH"] = os.path.join(opt.lua_cpath, "?.so") + ";;"
        return [opt.lua, os.path.join(HERE, "xlang.lua"), role, spec, out], env
    if lang == "octave":
        env["SA_OCTAVE_PATH"] = opt.octave_path
        return [opt.octave, "--no-gui", "--norc", "--no-history", "--quiet",
                os.path.join(HERE, "xlang_octave.m"), role, spec, out], env
    raise ValueError("unknown language %r" % lang)


def run_step(lang, role, spec, out, opt):
    cmd, env = command(lang, role, spec, out, opt)
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=240)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, "%s: %s" % (" ".join(cmd), e), time.monotonic() - t0
    dt = time.monotonic() - t0
    text = p.stdout.decode("utf-8", "replace").strip()
    return p.returncode, text, dt


def cleanup(arrays, tag):
    """Delete every array of this run: by name, then anything left with
    the run's prefix."""
    for name, *_ in arrays:
        try:
            os.unlink("/dev/shm/" + name)
        except FileNotFoundError:
            pass
    left = [f for f in os.listdir("/dev/shm") if f.startswith(tag)]
    for f in left:
        try:
            os.unlink("/dev/shm/" + f)
        except FileNotFoundError:
            pass
    return left


def run_pair(writer, reader, opt):
    tag = "xl%d-%s-%s" % (os.getpid(), writer, reader)
    arrays = cases(tag)
    tmp = tempfile.mkdtemp(prefix="sa-xlang-")
    spec = os.path.join(tmp, "spec.txt")
    wout = os.path.join(tmp, "writer.json")
    rout = os.path.join(tmp, "reader.json")
    faults = []
    try:
        write_spec(spec, arrays)
        rc, text, dtw = run_step(writer, "write", spec, wout, opt)
        if rc != 0:
            faults.append("writer %s exited %d:\n%s" % (writer, rc, text))
        rc, text, dtr = run_step(reader, "read", spec, rout, opt)
        if rc != 0:
            faults.append("reader %s exited %d:\n%s" % (reader, rc, text))
        try:
            with open(rout) as f:
                report = json.load(f)
        except (OSError, ValueError) as e:
            faults.append("reader %s gave no readable report: %s" % (reader, e))
            report = {}
        if report:
            faults += check(arrays, report, reader)
    finally:
        left = cleanup(arrays, tag)
        for f in (spec, wout, rout):
            if os.path.exists(f):
                os.unlink(f)
        os.rmdir(tmp)
    if left:
        faults.append("segments left behind that were never in the spec: %s"
                      % left)
    n = len(arrays)
    if faults:
        print("%s -> %s: FAILED (%d arrays)" % (writer, reader, n))
        for f in faults[:60]:
            print("  " + f)
        if len(faults) > 60:
            print("  ... and %d more" % (len(faults) - 60))
        return 1
    print("%s -> %s: %d arrays (%d dtypes x %d orders x %d shapes) exact; "
          "write %.2fs, read %.2fs" % (writer, reader, n, len(DTYPES),
                                       len(ORDERS), len(SHAPES), dtw, dtr))
    return 0


def pairs(have):
    return ["%s_to_%s" % (w, r) for w in WRITERS for r in READERS
            if w in have and r in have]


def main(argv):
    return pair_args.main(argv, __doc__, WRITERS, READERS, NEEDS, pairs,
                          ("WRITER", "READER"), run_pair)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
