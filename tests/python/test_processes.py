# Sharing across processes with both multiprocessing start methods, fork and
# spawn: a child writes and the parent sees it, and the reverse. Children
# are synchronised through pipes and process exit, never by sleeping.
import multiprocessing as mp
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import SharedArray as sa
import sa_children

METHODS = ["fork", "spawn"]
TIMEOUT = 60  # seconds; a hung child fails the test instead of the suite


def run(ctx, target, *args):
    p = ctx.Process(target=target, args=args)
    p.start()
    p.join(TIMEOUT)
    if p.is_alive():
        p.kill()
        p.join()
        pytest.fail(f"child {target.__name__} hung")
    return p.exitcode


@pytest.mark.parametrize("method", METHODS)
def test_child_writes_parent_sees(name, method):
    ctx = mp.get_context(method)
    a = sa.create(name, (16, 3), "int64")
    assert run(ctx, sa_children.write_then_exit, name, 42) == 0
    assert (a == 42).all()


@pytest.mark.parametrize("method", METHODS)
def test_parent_writes_child_sees(name, method):
    ctx = mp.get_context(method)
    a = sa.create(name, 100, "float32", order="F")
    a[:] = 2.5
    assert run(ctx, sa_children.check_then_write, name, 2.5, -1.0) == 0
    assert (a == -1.0).all()


@pytest.mark.parametrize("method", METHODS)
def test_ping_pong_over_a_pipe(name, method):
    ctx = mp.get_context(method)
    a = sa.create(name, 2, "int32")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=sa_children.ping_pong, args=(name, child, 50))
    p.start()
    child.close()
    try:
        for i in range(50):
            a[0] = i
            parent.send("go")
            assert parent.poll(TIMEOUT), "child did not answer"
            assert parent.recv() == "ok"
            assert a[1] == -i
    finally:
        p.join(TIMEOUT)
        if p.is_alive():
            p.kill()
    assert p.exitcode == 0


@pytest.mark.parametrize("method", METHODS)
def test_array_created_in_child_outlives_it(name, method):
    ctx = mp.get_context(method)
    parent, child = ctx.Pipe()
    p = ctx.Process(target=sa_children.create_and_report,
                    args=(name, (3, 4), ">u2", "F", child))
    p.start()
    child.close()
    assert parent.poll(TIMEOUT)
    shape, descr = parent.recv()
    b = sa.attach(name)
    parent.send("bye")
    p.join(TIMEOUT)
    assert p.exitcode == 0
    assert (shape, descr) == ((3, 4), ">u2") == (b.shape, b.dtype.str)
    assert b.flags.f_contiguous
    np.testing.assert_array_equal(b, np.arange(12).reshape(3, 4))


@pytest.mark.parametrize("method", METHODS)
def test_readonly_in_child(name, method):
    sa.create(name, 4)
    assert run(mp.get_context(method), sa_children.readonly_write, name) == 0


def test_array_inherited_across_fork(name):
    a = sa.create(name, 8, "uint8")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child writes through its inherited copy of a
        code = 1
        try:
            os.close(r)
            a[:] = 200
            del a  # unmapping in the child leaves the parent's mapping alone
            os.write(w, b"x")
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    assert os.read(r, 1) == b"x"
    os.close(r)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert (a == 200).all()


def test_plain_subprocess_sees_writes(name):
    a = sa.create(name, (2, 2), "complex64")
    a[1, 1] = 3 + 4j
    code = (f"import SharedArray as sa; b = sa.attach({name!r}); "
            f"assert b[1, 1] == 3 + 4j; b[0, 0] = 1j")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=TIMEOUT)
    assert a[0, 0] == 1j


def test_child_killed_mid_use_leaves_array_usable(name):
    a = sa.create(name, 4)
    code = (f"import os, signal, SharedArray as sa; b = sa.attach({name!r});"
            f"b[:] = 9; os.kill(os.getpid(), signal.SIGKILL)")
    p = subprocess.run([sys.executable, "-c", code], timeout=TIMEOUT)
    assert p.returncode == -signal.SIGKILL
    assert (a == 9).all() and (sa.attach(name) == 9).all()


def test_create_race_has_one_winner(name):
    """Several processes create one name at once: exactly one succeeds, the
    others get FileExistsError, and the winner's array is complete."""
    nproc = 6
    r, w = os.pipe()  # the start line: children block until w is closed
    pids = []
    for k in range(nproc):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(w)
                os.read(r, 1)  # returns b"" once the parent closes w
                try:
                    a = sa.create(name, 1000, "int32")
                    a[:] = k + 1
                    code = 0
                except FileExistsError:
                    code = 17
            finally:
                os._exit(code)
        pids.append(pid)
    os.close(r)
    os.close(w)  # go
    codes = []
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status), status
        codes.append(os.WEXITSTATUS(status))
    assert sorted(codes) == [0] + [17] * (nproc - 1), codes
    winner = codes.index(0) + 1
    assert (sa.attach(name) == winner).all()
