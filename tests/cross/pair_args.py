# Copyright (c) 2026 The SharedArray developers. MIT License.
"""The command line shared by the pairwise cross-language drivers
(xlang.py: writer and reader; behave.py: agents A and B).

    DRIVER --list [--have LANG,LANG,...]
    DRIVER run FIRST SECOND --c ... --pythonpath ... --lua ... (as needed)
"""
import argparse

# Where each language's program or module is, as the drivers are told.
PATH_OPTIONS = ("c", "cli", "pythonpath", "lua", "lua_cpath", "octave",
                "octave_path")


def main(argv, doc, firsts, seconds, needs, pairs, roles, run_pair):
    """A driver's main: --list, or run_pair(first, second, opt)."""
    got = parse(argv, doc, firsts, seconds, needs, pairs, roles)
    if got is None:
        return 0
    opt, first, second = got
    return run_pair(first, second, opt)


def parse(argv, doc, firsts, seconds, needs, pairs, roles):
    """(opt, first, second) for "run FIRST SECOND", or None after printing
    the pairs for --list. firsts and seconds are the languages allowed in
    each role, needs maps a language to the options it needs, pairs(have)
    lists the pair names, roles names the two roles for messages."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--list", action="store_true",
                    help="print the pairs the available languages give")
    ap.add_argument("--have", default=",".join(needs),
                    help="comma-separated available languages (with --list)")
    ap.add_argument("pair", nargs="*", help="run %s %s" % roles)
    for k in PATH_OPTIONS:
        ap.add_argument("--" + k.replace("_", "-"), dest=k)
    opt = ap.parse_args(argv)
    if opt.list:
        print("\n".join(pairs(opt.have.split(","))))
        return None
    if len(opt.pair) != 3 or opt.pair[0] != "run":
        ap.error("expected: run %s %s (or --list)" % roles)
    first, second = opt.pair[1:]
    if first not in firsts or second not in seconds:
        ap.error("unknown language in %r %r (%s: %s; %s: %s)"
                 % (first, second, roles[0], ", ".join(firsts), roles[1],
                    ", ".join(seconds)))
    for lang in (first, second):
        for need in needs[lang]:
            if not getattr(opt, need):
                ap.error("%s needs --%s" % (lang, need.replace("_", "-")))
    return opt, first, second
