#!/usr/bin/env python3
"""xlang_py.py -- the Python-side writers and readers of the conformance
matrix (run by xlang.py, see there for the spec and report formats).

    xlang_py.py write-python SPEC OUT       create with SharedArray, fill
    xlang_py.py read-python  SPEC OUT       attach with SharedArray (ro)
    xlang_py.py read-numpy   SPEC OUT       np.load('/dev/shm/NAME', mmap_mode='r'),
                                            and without mmap_mode (the same)
    xlang_py.py write-cli    SPEC OUT CLI   np.save a file, `CLI import` it
    xlang_py.py read-cli     SPEC OUT CLI   `CLI info --json` + `CLI dump --exact --full`

A writer reports each array it could not make on stdout and exits 1; a
reader records the failure in its report and carries on with the others.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np


def parse_spec(path):
    """[(name, descr, order, shape, values in logical C order)]"""
    out = []
    with open(path) as f:
        for line in f:
            t = line.split()
            name, descr, order, ndim = t[0], t[1], t[2], int(t[3])
            shape = tuple(int(x) for x in t[4:4 + ndim])
            raw = t[4 + ndim:]
            kind = descr[1]
            if kind == "b":
                vals = [x == "1" for x in raw]
            elif kind in "iu":
                vals = [int(x) for x in raw]
            elif kind == "f":
                vals = [float(x) for x in raw]
            else:
                vals = [complex(float(raw[i]), float(raw[i + 1]))
                        for i in range(0, len(raw), 2)]
            out.append((name, descr, order, shape, vals))
    return out


def logical(descr, shape, vals):
    """The values as an ndarray of the logical shape (C order in memory)."""
    return np.array(vals, dtype=descr).reshape(shape)


def json_values(a):
    """a's values in logical C order as JSON-ready Python values."""
    out = []
    for v in np.asarray(a).ravel(order="C").tolist():
        out.append([v.real, v.imag] if isinstance(v, complex) else v)
    return out


def numpy_record(name, a):
    order = None
    if a.ndim >= 2:
        order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    return {"name": name, "descr": a.dtype.str, "order": order,
            "shape": list(a.shape), "values": json_values(a)}


# ---------------------------------------------------------------- writers
def write_python(spec, _out):
    import SharedArray as sa
    bad = 0
    for name, descr, order, shape, vals in spec:
        try:
            a = sa.create(name, shape, dtype=descr, order=order)
            a[...] = logical(descr, shape, vals)
            del a
        except Exception as e:  # report and go on with the others
            print("write-python %s (%s %s %s): %s: %s"
                  % (name, descr, order, shape, type(e).__name__, e))
            bad += 1
    return 1 if bad else 0


def write_cli(spec, _out, cli):
    bad = 0
    with tempfile.TemporaryDirectory(prefix="sa-xlang-cli-") as tmp:
        for name, descr, order, shape, vals in spec:
            a = logical(descr, shape, vals)
            if order == "F" and a.ndim >= 2:   # (asfortranarray makes 0-d 1-d)
                a = np.asfortranarray(a)
            path = os.path.join(tmp, name + ".npy")
            np.save(path, a)
            p = subprocess.run([cli, "import", path, name],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                print("write-cli %s: import exited %d: %s"
                      % (name, p.returncode, p.stdout.decode().strip()))
                bad += 1
            os.unlink(path)
    return 1 if bad else 0


# ---------------------------------------------------------------- readers
def read_each(spec, out, read_one):
    records = []
    for name, *_ in spec:
        try:
            records.append(read_one(name))
        except Exception as e:  # record and go on with the others
            records.append({"name": name,
                            "error": "%s: %s" % (type(e).__name__, e)})
    with open(out, "w") as f:
        json.dump({"arrays": records}, f)
    return 0


def read_python(spec, out):
    import SharedArray as sa
    return read_each(spec, out,
                     lambda name: numpy_record(name, sa.attach(name, ro=True)))


def read_numpy(spec, out):
    """np.load with mmap_mode='r' and without: the same array, although the
    segment ends with its synchronisation trailer (docs/format.md 10)."""
    def one(name):
        path = "/dev/shm/" + name
        mapped, loaded = np.load(path, mmap_mode="r"), np.load(path)
        if (mapped.dtype.str, mapped.shape, mapped.tobytes("A")) != \
                (loaded.dtype.str, loaded.shape, loaded.tobytes("A")):
            raise ValueError("np.load with and without mmap_mode differ")
        if os.path.getsize(path) < mapped.offset + mapped.nbytes + 128:
            raise ValueError("no synchronisation trailer after the data")
        return numpy_record(name, mapped)
    return read_each(spec, out, one)


# A number as `dump --exact` prints it: 1.5, -3., 1.e+300, 7, nan, inf.
_NUM = r"[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|nan|inf)"
_COMPLEX = re.compile(r"(%s)\s*([+-]\s*(?:\d+\.?\d*(?:e[+-]?\d+)?|nan|inf))j"
                      % _NUM)


def parse_dump(text, descr):
    """The values of `sharedarray dump` output, in the printed (logical C)
    order. --exact prints the shortest digits that read back exactly into
    the array's own dtype (numpy's repr), so float16/float32 digits are
    parsed into that dtype."""
    kind = descr[1]
    body = text.replace("[", " ").replace("]", " ")
    if kind == "c":
        part = np.float32 if descr[2:] == "8" else np.float64
        return [[float(part(m.group(1))),
                 float(part(m.group(2).replace(" ", "")))]
                for m in _COMPLEX.finditer(body)]
    toks = body.split()
    if kind == "b":
        conv = {"True": True, "False": False}
        return [conv[t] for t in toks]
    if kind in "iu":
        return [int(t) for t in toks]
    real = np.dtype(descr).type
    return [float(real(t)) for t in toks]


def read_cli(spec, out, cli):
    def run(*args):
        p = subprocess.run([cli] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(args),
                               p.returncode, p.stderr.decode().strip()))
        return p.stdout.decode()

    def one(name):
        info = json.loads(run("info", "--json", name))
        values = parse_dump(run("dump", "--exact", "--full", name),
                            info["dtype"])
        return {"name": name, "descr": info["dtype"], "order": info["order"],
                "shape": info["shape"], "values": values}
    return read_each(spec, out, one)


ROLES = {"write-python": write_python, "read-python": read_python,
         "read-numpy": read_numpy, "write-cli": write_cli,
         "read-cli": read_cli}

if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ROLES:
        sys.exit("usage: xlang_py.py {%s} SPEC OUT [CLI]" % ",".join(ROLES))
    sys.exit(ROLES[sys.argv[1]](parse_spec(sys.argv[2]), *sys.argv[3:]))
