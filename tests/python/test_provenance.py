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
