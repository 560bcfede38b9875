# Copyright (c) 2026 The SharedArray developers. MIT License.
"""cells.py -- the Python column of the parity table (tests/parity/table.txt).

Run with the SharedArray package importable (PYTHONPATH=<build>/bindings/
python): every row is exercised for real and answered by one line, "ok ID
SPELLING" or "fail ID MESSAGE" (see parity.py). Each row cleans up what it
made, even when it fails.
"""
import errno
import os
import shutil
import sys
import tempfile
import traceback

import numpy as np

import SharedArray as sa

NAME = "sa-parity-py-%d" % os.getpid()
DIR = tempfile.mkdtemp(prefix="sa-parity-py-")
ROWS = []


def row(rid, spelling):
    def register(fn):
        ROWS.append((rid, spelling, fn))
        return fn
    return register


def rss_kib(array):
    """Resident KiB of the mapping holding array's data (/proc/self/smaps
    "Rss"): what the page tables map now."""
    addr, inside = array.ctypes.data, False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split(" ", 1)[0]
            if "-" in head and not line.startswith(" ") and ":" not in head:
                lo, hi = (int(x, 16) for x in head.split("-"))
                inside = lo <= addr < hi
            elif inside and line.startswith("Rss:"):
                return int(line.split()[1])
    return -1


def raises(exc, fn, *args, **kw):
    try:
        fn(*args, **kw)
    except exc as e:
        return e
    raise AssertionError("%s(...) did not raise %s" % (fn.__name__,
                                                      exc.__name__))


@row("create", "sa.create(name, shape, dtype)")
def _():
    a = sa.create(NAME, (3, 4), "f8")
    assert a.shape == (3, 4) and a.dtype == np.float64
    a[1, 1] = 42.5
    assert sa.attach(NAME)[1, 1] == 42.5
    raises(FileExistsError, sa.create, NAME, 3, "f8")


@row("create_order", "sa.create(name, shape, dtype, order='F')")
def _():
    a = sa.create(NAME, (2, 3), "i4", order="F")
    assert a.flags.f_contiguous and sa.info(NAME).order == "F"
    a[1, 0] = 7  # column-major: element (1, 0) is the second in memory
    assert np.frombuffer(a.base, np.int32)[1] == 7


@row("create_mode", "sa.create(name, shape, dtype, mode=0o644)")
def _():
    sa.create(NAME, 4, "u1", mode=0o644)
    assert sa.info(NAME).mode == 0o644


@row("create_lazy", "sa.create(name, shape, dtype, lazy=True)")
def _():
    sa.create(NAME, 1 << 20, "f8", lazy=True)  # 8 MiB, nothing reserved
    assert os.stat("/dev/shm/" + NAME).st_blocks < 2048


@row("create_populate", "sa.create(name, shape, dtype, populate=True)")
def _():
    a = sa.create(NAME, 1 << 18, "f8", populate=True)
    assert rss_kib(a) >= 2048  # all 2 MiB mapped, none touched


@row("create_file", "sa.create('file://PATH', shape, dtype)")
def _():
    path = os.path.join(DIR, "a.npy")
    a = sa.create("file://" + path, 5, "i2")
    a[:] = np.arange(5)
    sa.msync(a, sa.MS_SYNC)
    assert (np.load(path) == np.arange(5)).all()
    sa.delete("file://" + path)
    assert not os.path.exists(path)


@row("attach", "sa.attach(name)")
def _():
    a = sa.create(NAME, 8, "i8")
    b = sa.attach(NAME)
    b[3] = 99
    assert a[3] == 99 and b.base is not a.base


@row("attach_ro", "sa.attach(name, ro=True)")
def _():
    sa.create(NAME, 8, "f4")[2] = 1.5
    b = sa.attach(NAME, ro=True)
    assert b[2] == 1.5 and not b.flags.writeable
    try:
        b[2] = 0
    except ValueError:
        pass
    else:
        raise AssertionError("a read-only array took a write")
    raises(ValueError, b.setflags, write=True)


@row("attach_populate", "sa.attach(name, populate=True)")
def _():
    a = sa.create(NAME, 1 << 18, "f8")
    assert rss_kib(a) < 2048  # a plain create maps lazily
    b = sa.attach(NAME, populate=True)
    assert rss_kib(b) >= 2048


@row("attach_owner", "sa.attach(name, owner=uid)")
def _():
    sa.create(NAME, 2, "f4")
    sa.attach(NAME, owner=os.geteuid())
    sa.attach(NAME, owner=True)  # the caller's euid
    e = raises(PermissionError, sa.attach, NAME, owner=os.geteuid() + 1)
    assert e.filename == NAME


@row("delete", "sa.delete(name)")
def _():
    a = sa.create(NAME, 3, "f8")
    a[0] = 5
    sa.delete(NAME)
    assert not os.path.exists("/dev/shm/" + NAME)
    a[1] = 6  # the mapping stays valid
    assert a[0] == 5 and a[1] == 6
    raises(FileNotFoundError, sa.delete, NAME)


@row("delete_force", "sa.delete(name, force=True)")
def _():
    with open("/dev/shm/" + NAME, "wb") as f:
        f.write(b"not an array")
    raises(sa.InvalidArrayError, sa.delete, NAME)
    assert os.path.exists("/dev/shm/" + NAME)
    sa.delete(NAME, force=True)
    assert not os.path.exists("/dev/shm/" + NAME)


@row("info", "sa.info(name)")
def _():
    sa.create(NAME, (2, 3, 4), "u2", mode=0o640)
    i = sa.info(NAME)
    assert i.name == NAME.encode() and i.dtype is np.uint16
    assert i.descr == "<u2" and i.np_dtype == np.dtype("<u2")
    assert i.shape == i.dims == (2, 3, 4) and i.order == "C"
    assert i.nbytes == 48 and i.size >= 48 and i.mode == 0o640
    assert i.uid == os.geteuid()


@row("list", "sa.list()")
def _():
    sa.create(NAME, 1, "f8")
    assert NAME.encode() in [r.name for r in sa.list()]
    sa.delete(NAME)
    assert NAME.encode() not in [r.name for r in sa.list()]


@row("list_dir", "sa.list('file://DIR')")
def _():
    np.save(os.path.join(DIR, "b.npy"), np.zeros((2, 2), ">i4"))
    recs = sa.list("file://" + DIR)
    want = ("file://" + os.path.join(DIR, "b.npy")).encode()
    assert [(r.name, r.descr, r.shape) for r in recs] == \
        [(want, ">i4", (2, 2))], recs
    os.unlink(os.path.join(DIR, "b.npy"))


@row("msync", "sa.msync(a, sa.MS_SYNC)")
def _():
    a = sa.create("file://" + os.path.join(DIR, "m.npy"), 4, "f8")
    a[:] = 1
    sa.msync(a, sa.MS_SYNC)
    sa.msync(a[1:], sa.MS_ASYNC | sa.MS_INVALIDATE)  # any view of it
    e = raises(OSError, sa.msync, a, sa.MS_ASYNC | sa.MS_SYNC)
    assert e.errno == errno.EINVAL
    os.unlink(os.path.join(DIR, "m.npy"))


@row("mlock", "sa.mlock(a), sa.munlock(a)")
def _():
    a = sa.create(NAME, 16, "f8")
    try:
        sa.mlock(a)
    except OSError as e:  # past RLIMIT_MEMLOCK
        assert e.errno in (errno.ENOMEM, errno.EPERM), e
    sa.munlock(a)


@row("error_name", "exception classes, e.errno, str(e)")
def _():
    e = raises(FileNotFoundError, sa.attach, NAME + "-none")
    assert e.errno == errno.ENOENT and e.filename == NAME + "-none"
    e = raises(ValueError, sa.create, NAME, 2, "O")
    assert "unsupported dtype" in str(e)
    with open("/dev/shm/" + NAME, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
    e = raises(sa.InvalidArrayError, sa.attach, NAME)
    assert isinstance(e, ValueError) and e.errno == errno.EINVAL


@row("version", "sa.__version__")
def _():
    v = sa.__version__
    assert v == sa._sharedarray._version() and len(v.split(".")) == 3, v
    assert all(p.isdigit() for p in v.split(".")), v


def fork(body):
    """Run body() in a forked child that exits with its result (0 when it
    returns, 1 when it raises); returns (pid, read end of a pipe the child
    may write to through the fd passed to body)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code = 1
        try:
            body(w)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def reap(pid):
    """The child's exit status (as os.waitstatus_to_exitcode gives it)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@row("lock", "with sa.lock(a, timeout=None):")
def _():
    a = sa.create(NAME, 4, "i8")

    def child(w):  # takes the lock, says so, holds it until told
        b = sa.attach(NAME)
        with sa.lock(b):
            os.write(w, b"L")
            sa.wait(b, 0, timeout=30)  # the parent's notify
            b[:] = 5
    pid, r = fork(child)
    try:
        assert os.read(r, 1) == b"L"
        raises(TimeoutError, sa.lock, a, timeout=0)  # another process has it
        sa.notify(a)
        with sa.lock(a, timeout=30) as held:  # once the child let go
            assert (a == 5).all() and not held.owner_died
    finally:
        os.close(r)
        assert reap(pid) == 0


@row("lock_owner_died", "sa.lock(a).owner_died, sa.OwnerDiedWarning")
def _():
    import warnings
    a = sa.create(NAME, 1, "u1")

    def child(w):
        held_array = sa.attach(NAME)  # kept: freeing it would unlock
        sa.lock(held_array)
        os.write(w, b"L")
        os.read(os.open("/dev/null", os.O_RDONLY), 1)  # returns b""
        signal_self_kill()
    pid, r = fork(child)
    try:
        assert os.read(r, 1) == b"L"
    finally:
        os.close(r)
    assert reap(pid) == -9  # SIGKILL, holding the lock
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with sa.lock(a, timeout=30) as held:
            assert held.owner_died
    assert [w.category for w in caught] == [sa.OwnerDiedWarning]
    with sa.lock(a, timeout=0) as held:  # told once
        assert not held.owner_died


def signal_self_kill():
    import signal
    os.kill(os.getpid(), signal.SIGKILL)


@row("notify", "sa.notify(a)")
def _():
    a = sa.create(NAME, 3, "f8")

    def child(w):  # a waiter in another process
        b = sa.attach(NAME, ro=True)
        os.write(w, b"%d" % sa.generation(b))
        g = sa.wait(b, 0, timeout=30)
        os.write(w, b" %d %g" % (g, b[2]))
    pid, r = fork(child)
    try:
        assert os.read(r, 1) == b"0"
        a[2] = 2.5
        sa.notify(a)
        assert os.read(r, 64) == b" 1 2.5"
    finally:
        os.close(r)
        assert reap(pid) == 0
    assert sa.generation(a) == 1


@row("wait", "sa.wait(a, since, timeout=None)")
def _():
    a = sa.create(NAME, 1, "u1")
    raises(TimeoutError, sa.wait, a, 0, timeout=0.05)

    def child(w):
        sa.notify(sa.attach(NAME))
    pid, r = fork(child)
    os.close(r)
    assert sa.wait(a, 0, timeout=30) == 1  # woken by the child's notify
    assert reap(pid) == 0
    assert sa.wait(a, 0) == 1  # differs already: at once


@row("generation", "sa.generation(a)")
def _():
    a = sa.create(NAME, 2, "i4")
    assert sa.generation(a) == 0
    for _ in range(3):
        sa.notify(a[1:])  # any view
    assert sa.generation(sa.attach(NAME)) == 3
    assert sa.info(NAME).generation == 3
    np.save(os.path.join(DIR, "p.npy"), np.zeros(2))
    e = raises(ValueError, sa.generation,
               sa.attach("file://" + os.path.join(DIR, "p.npy")))
    assert "no synchronisation trailer" in str(e)
    os.unlink(os.path.join(DIR, "p.npy"))


@row("snapshot", "sa.snapshot(a)")
def _():
    a = sa.create(NAME, 1 << 15, "i8")

    def child(w):  # rewrites the whole array under the lock
        b = sa.attach(NAME)
        for i in range(1, 400):
            with sa.lock(b):
                b[:] = i
        os.write(w, b"D")
    pid, r = fork(child)
    try:
        seen = set()
        while True:
            s = sa.snapshot(a)
            assert (s == s[0]).all(), "a torn snapshot"
            seen.add(int(s[0]))
            if s[0] == 399:
                break
        assert os.read(r, 1) == b"D"
    finally:
        os.close(r)
        assert reap(pid) == 0
    assert s.base is None and not np.shares_memory(s, a)


@row("provenance", "sa.info(name).creator_pid, .created")
def _():
    import datetime

    def child(w):
        sa.create(NAME, 1, "f4")
        os.write(w, b"%d" % os.getpid())
    pid, r = fork(child)
    try:
        assert int(os.read(r, 32)) == pid
    finally:
        os.close(r)
        assert reap(pid) == 0
    i = sa.info(NAME)
    assert i.creator_pid == pid and i.creator_alive is False
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - i.created).total_seconds()) < 60, i.created
    assert [r.creator_pid for r in sa.list() if r.name == NAME.encode()] \
        == [pid]


@row("holders", "sa.info(name).holders")
def _():
    sa.create(NAME, 1, "f4")  # not kept: nobody maps it
    assert sa.info(NAME).holders == ()
    go_r, go_w = os.pipe()

    def child(w):
        os.close(go_w)
        b = sa.attach(NAME)
        os.write(w, b"A")
        os.read(go_r, 1)  # b"" once the parent closes its end
        del b
    pid, r = fork(child)
    os.close(go_r)
    try:
        assert os.read(r, 1) == b"A"
        assert sa.info(NAME).holders == (pid,)
        assert [x.holders for x in sa.list() if x.name == NAME.encode()] \
            == [(pid,)]
    finally:
        os.close(go_w)
        os.close(r)
        assert reap(pid) == 0
    assert sa.info(NAME).holders == ()


def cleanup():
    for n in (NAME,):
        try:
            sa.delete(n, force=True)
        except FileNotFoundError:
            pass


def main():
    failed = 0
    for rid, spelling, fn in ROWS:
        try:
            fn()
            print("ok %s %s" % (rid, spelling))
        except Exception as e:  # noqa: BLE001 -- one row must not hide others
            failed += 1
            where = traceback.extract_tb(e.__traceback__)[-1].lineno
            msg = ("line %d: %s: %s" % (where, type(e).__name__, e))
            print("fail %s %s" % (rid, " ".join(msg.split())))
        finally:
            cleanup()
    shutil.rmtree(DIR, ignore_errors=True)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
