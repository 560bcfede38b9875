# Provenance and holders from Python (issue 16): info() and list() records
# carry creator_pid, created (and created_ns, creator_alive) and holders as
# attributes, outside the 3-tuple that SharedArray 3.x code unpacks.
# Children talk through pipes and their exits; nothing sleeps.
import datetime
import multiprocessing as mp
import os
import pickle
import signal

import numpy as np
import pytest

import SharedArray as sa

CTX = mp.get_context("fork")
LONG = 30


def child_attach(name, conn):
    """Attach name, say so, and keep it mapped until told to go."""
    a = sa.attach(name)
    conn.send(os.getpid())
    conn.recv()
    del a


def child_create(name, conn):
    """Create name and report our pid; exit when told (or be killed)."""
    sa.create(name, 3, "f4")
    conn.send(os.getpid())
    conn.recv()


def record(name, where=None):
    """The list() record of name."""
    recs = [r for r in sa.list(where) if r.name == name.encode()]
    assert len(recs) == 1, recs
    return recs[0]


def test_info_provenance(name):
    before = datetime.datetime.now(datetime.timezone.utc)
    a = sa.create(name, (2, 2), "i2")
    rec = sa.info(name)
    assert rec.creator_pid == os.getpid()
    assert isinstance(rec.created, datetime.datetime)
    assert rec.created.tzinfo == datetime.timezone.utc
    now = datetime.datetime.now(datetime.timezone.utc)
    slack = datetime.timedelta(seconds=5)
    assert before - slack <= rec.created <= now + slack
    assert rec.created_ns // 1000 == int(rec.created.timestamp() * 1e6) or \
        abs(rec.created_ns / 1e9 - rec.created.timestamp()) < 1e-5
    assert rec.creator_alive is True
    assert rec.generation == 0
    sa.notify(a)
    assert sa.info(name).generation == 1
    # 3.x's sequence is untouched
    n, dtype, dims = rec
    assert (n, dtype, dims) == (name.encode(), np.int16, (2, 2))
    assert len(rec) == 3


def test_list_provenance(name):
    a = sa.create(name, 1, "f8")
    rec = record(name)
    assert rec.creator_pid == os.getpid() and rec.creator_alive
    assert rec.created == sa.info(name).created
    assert os.getpid() in rec.holders
    n, dtype, dims = rec
    assert n == name.encode()
    del a


def test_creator_that_exits_and_one_killed(names):
    for how in ("exit", "kill"):
        name = names.shm()
        here, there = CTX.Pipe()
        p = CTX.Process(target=child_create, args=(name, there))
        p.start()
        pid = here.recv()
        rec = sa.info(name)
        assert rec.creator_pid == pid == p.pid and rec.creator_alive
        if how == "exit":
            here.send("go")
        else:
            p.kill()
        p.join(LONG)
        assert p.exitcode == (0 if how == "exit" else -signal.SIGKILL)
        rec = sa.info(name)
        assert rec.creator_pid == pid and rec.creator_alive is False
        assert rec.holders == ()  # nobody maps it now


def test_reused_pid_is_not_the_creator(name):
    # simulated through the start time: our own pid, another start time
    sa.create(name, 1, "u1")
    rec = sa.info(name)
    seq, extra = rec.__reduce__()[1]
    other = sa.ArrayDesc(seq, dict(extra, creator_start=rec.creator_start + 1))
    assert other.creator_pid == os.getpid()
    assert rec.creator_alive is True and other.creator_alive is False


def test_holders_come_and_go(name):
    a = sa.create(name, 4, "f8")
    assert sa.info(name).holders == (os.getpid(),)
    here, there = CTX.Pipe()
    p = CTX.Process(target=child_attach, args=(name, there))
    p.start()
    try:
        pid = here.recv()
        assert sa.info(name).holders == tuple(sorted((os.getpid(), pid)))
        assert pid in record(name).holders
    finally:
        here.send("go")
        p.join(LONG)
    assert p.exitcode == 0
    assert sa.info(name).holders == (os.getpid(),)
    del a
    assert sa.info(name).holders == ()


def test_holders_of_a_deleted_but_mapped_segment(name):
    a = sa.create(name, 4, "f8")
    rec = sa.info(name)  # holders not read yet
    sa.delete(name)
    assert rec.holders == (os.getpid(),)  # found by device and inode
    del a


def test_one_scan_per_call(names):
    # The records of one list() share one /proc scan, made when the first
    # record's holders are read: a process that attaches after that is not
    # in them, but is in a later call's.
    n1, n2 = names.shm(), names.shm()
    a1, a2 = sa.create(n1, 1, "u1"), sa.create(n2, 1, "u1")
    r1, r2 = record(n1), record(n2)  # two calls
    recs = {r.name: r for r in sa.list()}
    assert recs[n1.encode()].holders == (os.getpid(),)  # the scan, now
    here, there = CTX.Pipe()
    p = CTX.Process(target=child_attach, args=(n2, there))
    p.start()
    try:
        pid = here.recv()
        assert recs[n2.encode()].holders == (os.getpid(),)  # the same scan
        assert pid in r2.holders  # read for the first time: a later scan
        assert pid in sa.info(n2).holders
        # a fork's child inherits every mapping: n1's too
        assert r1.holders == tuple(sorted((os.getpid(), pid)))
    finally:
        here.send("go")
        p.join(LONG)
    del a1, a2


def test_pickled_records_keep_provenance(name):
    a = sa.create(name, 2, "f8")
    rec = sa.info(name)
    back = pickle.loads(pickle.dumps(rec))
    assert back == rec and tuple(back) == tuple(rec)
    assert back.holders == rec.holders == (os.getpid(),)
    assert back.created == rec.created and back.creator_pid == os.getpid()
    assert back.created_ns == rec.created_ns
    del a


def test_no_trailer_gives_none(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((2, 3)))
    rec = sa.info(f"file://{path}")
    assert rec.generation is None and rec.creator_pid is None
    assert rec.created is None and rec.created_ns is None
    assert rec.creator_alive is None and rec.creator_start is None
    assert rec.holders == ()
    a = sa.attach(f"file://{path}")
    assert record(f"file://{path}", f"file://{tmp_path}").holders == (os.getpid(),)
    del a


# ------------------------------------------ has_sync, stale, holders_incomplete
def child_open_only(name, conn):
    """Create name, unmap it, keep only a descriptor open: a holder that
    /proc/PID/maps does not show (the kernel's lease does)."""
    sa.create(name, 3, "f4")  # the array dies at once: nothing mapped
    fd = os.open("/dev/shm/" + name, os.O_RDONLY)
    conn.send(os.getpid())
    conn.recv()
    os.close(fd)


def test_has_sync_stale_and_holders_incomplete(names):
    mine = names.shm()
    a = sa.create(mine, 2, "i4")
    rec = sa.info(mine)
    assert rec.has_sync is True
    assert rec.holders_incomplete in (True, False)
    assert rec.stale is False  # its creator (we) runs
    del a
    assert sa.info(mine).stale is False  # unmapped, but the creator runs
    # a creator that exited, and nobody holds it: stale
    gone = names.shm()
    here, there = CTX.Pipe()
    p = CTX.Process(target=child_create, args=(gone, there))
    p.start()
    here.recv()
    assert sa.info(gone).stale is False  # its creator still runs
    here.send("go")
    p.join(LONG)
    assert p.exitcode == 0
    recs = {r.name: r for r in sa.list()}
    assert recs[gone.encode()].stale is True
    assert recs[gone.encode()].holders == ()
    assert sa.info(gone).stale is True
    # once attached it has a holder: not stale
    b = sa.attach(gone)
    rec = sa.info(gone)
    assert rec.stale is False and rec.holders == (os.getpid(),)
    del b


def test_stale_asks_the_kernel(name):
    # a holder that /proc's maps do not show (an open descriptor, no
    # mapping): holders is empty, but the lease says it is held
    here, there = CTX.Pipe()
    p = CTX.Process(target=child_open_only, args=(name, there))
    p.start()
    try:
        pid = here.recv()
        rec = sa.info(name)
        assert rec.creator_pid == pid and rec.holders == ()
        assert rec.creator_alive is True and rec.stale is False
    finally:
        here.send("go")
        p.join(LONG)
    assert p.exitcode == 0
    assert sa.info(name).stale is True  # creator gone, descriptor closed
    # the creator gone, a descriptor open here (no mapping): held
    fd = os.open("/dev/shm/" + name, os.O_RDONLY)
    try:
        rec = sa.info(name)
        assert rec.holders == () and rec.creator_alive is False
        assert rec.stale is False
    finally:
        os.close(fd)
    assert sa.info(name).stale is True


def test_stale_is_computed_on_first_access(name):
    # computed lazily, once: the record keeps its first answer
    a = sa.create(name, 1, "u1")
    rec = sa.info(name)
    seq, extra = rec.__reduce__()[1]
    assert type(extra["stale"]).__name__ == "_Pending"
    assert type(extra["holders_incomplete"]).__name__ == "_Pending"
    assert rec.stale is False and rec.stale is False
    del a


def test_no_trailer_stale_and_has_sync(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros(2))
    for rec in (sa.info(f"file://{path}"),
                record(f"file://{path}", f"file://{tmp_path}")):
        assert rec.has_sync is False and rec.stale is None
        assert rec.holders_incomplete in (True, False)
        assert rec.holders == ()


def test_pickled_records_keep_stale_and_has_sync(name, tmp_path):
    a = sa.create(name, 2, "f8")
    rec = sa.info(name)
    back = pickle.loads(pickle.dumps(rec))
    assert back.has_sync is True and back.stale is False
    assert back.holders_incomplete is rec.holders_incomplete
    del a
    path = tmp_path / "p.npy"
    np.save(path, np.zeros(2))
    back = pickle.loads(pickle.dumps(sa.info(f"file://{path}")))
    assert back.has_sync is False and back.stale is None
    assert back.holders_incomplete in (True, False)


def test_holders_incomplete_as_another_user(name):
    # an unprivileged process cannot read root's maps: holders_incomplete
    if os.geteuid() != 0:
        pytest.skip("needs root, to drop to another user")
    a = sa.create(name, 1, "u1", mode=0o644)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.setgid(65534)
            os.setuid(65534)
            rec = sa.info(name)
            # our own maps are readable, root's are not
            ok = rec.holders_incomplete is True and rec.has_sync is True
            os.write(w, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(w)
    got = os.read(r, 1)
    os.close(r)
    os.waitpid(pid, 0)
    assert got == b"1"
    del a
