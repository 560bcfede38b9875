#!/usr/bin/env python3
"""Run the client scenarios of test_client_3x.py against SharedArray 3.2.4
from PyPI and against ours, and report which scenarios agree.

    python tests/python/peer_3x.py --ours build/bindings/python \\
        [--root DIR] [--out table.md]

It makes two virtual environments under --root (default: a folder in the
system's temporary directory; never inside the source tree), one with
numpy<2 and one with numpy>=2, and installs SharedArray 3.2.4 in each from
its source distribution, built against that environment's numpy:

    pip install --no-cache-dir --no-build-isolation \\
        --no-binary SharedArray SharedArray==3.2.4

(--no-build-isolation, because pip would otherwise build it against the
newest numpy, so that the numpy<2 environment would not hold the numpy-1
build whose segments end with a 32-dimension trailer; --no-cache-dir,
because pip would otherwise reuse the wheel it built for the other
environment). The environments are kept and reused while they work.

The same scenario file then runs four times: 3.2.4 under numpy 1.x and 2.x,
and ours (the package in --ours, put first on PYTHONPATH) under the same two
numpys. A scenario agrees when it passes on all four. Tests of an intended
difference assert each side's own behaviour and record why they differ; the
table shows that reason and what each side did.

Exit status: 0 when every scenario agrees or differs as intended, 1 when one
does not, 77 (ctest's skip) when the environments cannot be made because
PyPI is out of reach, or SA_PEER_3X=0 is set.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "test_client_3x.py")
PEER = "SharedArray==3.2.4"
FLAVOURS = [("np1", "numpy<2"), ("np2", "numpy>=2")]
SKIP = 77


class Offline(Exception):
    """PyPI could not be reached (or pip failed to fetch a package)."""


def run(cmd, **kw):
    """Run cmd; return (exit code, combined output)."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    return p.returncode, p.stdout


def venv_python(root, tag):
    return os.path.join(root, "venv-" + tag, "bin", "python")


def probe(py, pythonpath=None):
    """(numpy version, SharedArray location) as py imports them, or None."""
    env = clean_env(pythonpath)
    code, out = run([py, "-c", "import numpy, SharedArray; "
                     "print(numpy.__version__, SharedArray.__file__)"],
                    env=env)
    return out.split() if code == 0 else None


def clean_env(pythonpath=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "LD_PRELOAD")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def make_venv(root, tag, spec, base_python):
    """The venv with 3.2.4 built against spec; reused if it still works."""
    py = venv_python(root, tag)
    marker = os.path.join(root, "venv-" + tag, ".sa-peer-ready")
    if os.path.exists(marker) and probe(py):
        with open(marker) as f:
            if f.read() == spec + " " + PEER:
                return py
    print(f"peer_3x: making {os.path.dirname(os.path.dirname(py))} "
          f"({spec}, {PEER})", flush=True)
    code, out = run([base_python, "-m", "venv", "--clear",
                     os.path.join(root, "venv-" + tag)])
    if code:
        raise RuntimeError("python -m venv failed:\n" + out)
    pip = [py, "-m", "pip", "--disable-pip-version-check", "-q"]
    code, out = run(pip + ["install", spec, "pytest", "setuptools", "wheel"],
                    env=clean_env())
    if code:
        raise Offline(out)
    code, out = run(pip + ["install", "--no-cache-dir",
                           "--no-build-isolation", "--no-binary",
                           "SharedArray", PEER], env=clean_env())
    if code:
        if "Could not find" in out or "connection" in out.lower() or \
                "No matching distribution" in out:
            raise Offline(out)
        raise RuntimeError(f"building {PEER} failed:\n{out}")
    if not probe(py):
        raise RuntimeError(f"{PEER} does not import in {py}")
    with open(marker, "w") as f:
        f.write(spec + " " + PEER)
    return py


def run_scenarios(py, label, root, pythonpath=None):
    """Run the scenario file; return {test: (outcome, properties)}."""
    xml = os.path.join(root, f"junit-{label}.xml")
    if os.path.exists(xml):
        os.unlink(xml)
    cmd = [py, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "--noconftest", "--rootdir", root,
           "--basetemp", os.path.join(root, "tmp-" + label),
           "--junitxml", xml, "-o", "junit_family=xunit1", SCENARIOS]
    code, out = run(cmd, env=clean_env(pythonpath), cwd=root)
    results = {}
    if not os.path.exists(xml):
        print(out)
        raise RuntimeError(f"{label}: pytest wrote no report")
    for case in ET.parse(xml).getroot().iter("testcase"):
        outcome = "pass"
        if case.find("skipped") is not None:
            outcome = "skip"
        elif case.find("failure") is not None or \
                case.find("error") is not None:
            outcome = "FAIL"
        props = {p.get("name"): p.get("value")
                 for p in case.iter("property")}
        results[case.get("name")] = (outcome, props)
    if code not in (0, 1):
        print(out)
    elif code == 1:  # show the failures
        print(f"---- {label}: failures\n{out}")
    return results


def pattern(test):
    return test.removeprefix("test_").split("[")[0]


def table(columns, runs):
    """The markdown table and whether every scenario agrees (or differs as
    intended). Parametrized tests are one row."""
    rows = collections.OrderedDict()
    for label in columns:
        for test, (outcome, props) in runs[label].items():
            rows.setdefault(pattern(test), {}).setdefault(label, []).append(
                (outcome, props))
    head = "| pattern | " + " | ".join(columns) + " | verdict |"
    lines = [head, "|" + "---|" * (len(columns) + 2)]
    ok = True
    for name, per in rows.items():
        cells, reason, all_pass = [], None, True
        for label in columns:
            got = per.get(label, [])
            outcomes = [o for o, _ in got]
            if not got:
                cell, all_pass = "missing", False
            elif all(o == "pass" for o in outcomes):
                cell = "pass" if len(got) == 1 else f"pass ({len(got)})"
            elif all(o in ("pass", "skip") for o in outcomes):
                cell = "skip" if "pass" not in outcomes else "pass/skip"
            else:
                cell = f"FAIL ({outcomes.count('FAIL')}/{len(got)})"
                all_pass = False
            observed = [p.get("observed") for _, p in got if p.get("observed")]
            if observed:
                cell += ": " + ", ".join(observed)
            reason = reason or next((p.get("intended_difference")
                                     for _, p in got
                                     if p.get("intended_difference")), None)
            cells.append(cell)
        if not all_pass:
            verdict, ok = "**DISAGREE**", False
        elif reason:
            verdict = "intended difference: " + reason
        else:
            verdict = "same"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    return "\n".join(lines), ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", required=True,
                    help="folder holding our SharedArray package")
    ap.add_argument("--root", default=os.path.join(tempfile.gettempdir(),
                                                   "sa-peer-3x"),
                    help="where the venvs and reports go")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter the venvs are made from")
    ap.add_argument("--out", help="also write the table to this file")
    args = ap.parse_args()
    if os.environ.get("SA_PEER_3X") == "0":
        print("SKIP: SA_PEER_3X=0")
        return SKIP
    root = os.path.abspath(args.root)
    source = os.path.dirname(os.path.dirname(HERE))
    inside = os.path.relpath(root, source)
    if not inside.startswith("..") and not inside.startswith("build"):
        sys.exit("peer_3x: put --root outside the source tree, or in a "
                 "build folder (it is never committed)")
    os.makedirs(root, exist_ok=True)
    ours = os.path.abspath(args.ours)

    venvs = {}
    try:
        for tag, spec in FLAVOURS:
            venvs[tag] = make_venv(root, tag, spec, args.python)
    except Offline as e:
        print(f"SKIP: cannot install {PEER} from PyPI (offline?)\n"
              + str(e)[-2000:])
        return SKIP

    runs, columns = {}, []
    for who in ("3.2.4", "ours"):
        for tag, _ in FLAVOURS:
            py = venvs[tag]
            path = ours if who == "ours" else None
            found = probe(py, path)
            if found is None:
                sys.exit(f"peer_3x: SharedArray does not import for {who} "
                         f"in {py}")
            numpy_version, where = found
            if (who == "ours") != where.startswith(ours):
                sys.exit(f"peer_3x: {who} run imports {where}")
            label = f"{who}, numpy {numpy_version}"
            columns.append(label)
            print(f"peer_3x: running the scenarios: {label}", flush=True)
            runs[label] = run_scenarios(py, f"{who}-{tag}", root, path)

    text, ok = table(columns, runs)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print("peer_3x: every scenario agrees or differs as intended" if ok else
          "peer_3x: some scenarios DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
