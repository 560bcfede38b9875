# Issue 17: shared arrays travel by name through multiprocessing (spawn and
# forkserver Process arguments, Queue, Pipe, Pool), concurrent.futures and
# joblib's loky backend. Children never sleep to synchronise: they report
# through queues, return values or their exit, and the parent asserts what
# they saw and wrote.
import gc
import multiprocessing as mp
import os
import pickle
import subprocess
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.reduction import ForkingPickler

import numpy as np
import pytest

import by_name_children as kids
import SharedArray as sa
from conftest import mappings_of, open_fds, shm_path

SPAWN = mp.get_context("spawn")
METHODS = ["spawn", "forkserver"]


def fp_roundtrip(a):
    """What a multiprocessing receiver gets, in this process."""
    return ForkingPickler.loads(ForkingPickler.dumps(a))


def is_mapped(a):
    return kids.mapped(a)


@pytest.fixture(autouse=True)
def by_name_on():
    before = sa.share_by_name(True)
    yield
    sa.share_by_name(before)


@pytest.fixture(scope="module")
def pool():
    with SPAWN.Pool(2) as p:
        yield p


# ------------------------------------------------------------ in process


def test_reduces_to_name_not_bytes(name):
    a = sa.create(name, (1000,), "f8")
    data = bytes(ForkingPickler.dumps(a))
    assert len(data) < 1000 and name.encode() in data
    b = fp_roundtrip(a[10:20])
    assert is_mapped(b) and b.shape == (10,)
    b[:] = 3
    assert (a[10:20] == 3).all() and a[:10].sum() == 0 and a[20:].sum() == 0


def test_exact_views(name):
    a = sa.create(name, (6, 8), "<i4")
    a[...] = np.arange(48).reshape(6, 8)
    for v in (a, a[1:4], a.T, a[::-1], a[::-2, ::-3], a[:, 5], a[2, 3:1:-1],
              a[np.newaxis, 1:, ::2], a[4, 4, ...], a.view("u1")[1:, 3:17]):
        w = fp_roundtrip(v)
        assert is_mapped(w)
        assert w.shape == v.shape and w.strides == v.strides
        assert w.dtype == v.dtype
        assert (w == v).all()
        assert w.__array_interface__["data"][0] != v.__array_interface__[
            "data"][0]  # another mapping of the same memory
        w[...] = 7
        assert (v == 7).all()
        a[...] = np.arange(48).reshape(6, 8)


def test_dtypes_and_orders(names):
    for dtype, order in (("f4", "F"), (">f8", "C"), ("c16", "F"),
                         ([("x", "<f8"), ("n", "<i4", (2,))], "C"),
                         ("U3", "C"), ("datetime64[ns]", "C")):
        name = names.shm()
        a = sa.create(name, (3, 4), dtype, order=order)
        b = fp_roundtrip(a[:, 1:])
        assert is_mapped(b) and b.dtype == a.dtype
        assert b.strides == a[:, 1:].strides
        b[0, 0] = a[2, 3]  # zero; then the other way
        a[2, 3] = np.ones((), a.dtype)
        assert b[2, 2] == a[2, 3]


def test_file_arrays(names):
    name = names.file()
    a = sa.create(name, (5,), "u2")
    b = fp_roundtrip(a[1:])
    b[0] = 9
    assert a[1] == 9


def test_plain_pickle_is_by_value(name):
    a = sa.create(name, (1000,), "f8")
    a[:] = 2
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(a[::2], protocol=proto)
        assert name.encode() not in data and len(data) > 4000
        b = pickle.loads(data)
        assert not is_mapped(b) and (b == 2).all()
        b[:] = 5
        assert (a == 2).all()


def test_other_arrays_reduce_as_numpy_does():
    x = np.arange(12.0).reshape(3, 4)
    for v in (x, x.T, x[::-1], np.zeros(0), np.array(3)):
        assert bytes(ForkingPickler.dumps(v)) == pickle.dumps(
            v, protocol=pickle.DEFAULT_PROTOCOL)
        assert (fp_roundtrip(v) == v).all()
    # a subclass keeps its own reduction
    m = np.ma.masked_array([1, 2], mask=[0, 1])
    assert type(fp_roundtrip(m)) is np.ma.MaskedArray


def test_empty_views_by_value(name):
    a = sa.create(name, (4,), "f8")
    b = fp_roundtrip(a[2:2])
    assert b.shape == (0,) and not is_mapped(b)


def test_readonly_stays_readonly(name):
    a = sa.create(name, (4,), "f8")
    r = sa.attach(name, ro=True)
    b = fp_roundtrip(r[1:])
    assert not b.flags.writeable
    with pytest.raises(ValueError):
        b.flags.writeable = True  # the mapping itself is read-only
    v = a[1:]
    v.flags.writeable = False
    c = fp_roundtrip(v)
    assert not c.flags.writeable and is_mapped(c)
    assert fp_roundtrip(a).flags.writeable


def test_mappings_released_and_no_fd_leak(name):
    path = shm_path(name)
    a = sa.create(name, (1 << 16,), "u1")
    assert len(mappings_of(path)) == 1
    fds = open_fds()
    views = [fp_roundtrip(a[i::7]) for i in range(7)]
    assert len(mappings_of(path)) == 8
    assert open_fds() == fds
    for v in views:
        v[0] = 1
    del views, v
    gc.collect()
    assert len(mappings_of(path)) == 1
    assert open_fds() == fds
    for i in range(200):
        ForkingPickler.dumps(a[i:])
    assert open_fds() == fds and len(mappings_of(path)) == 1


def test_deleted_name_warns_and_copies(name):
    a = sa.create(name, (8,), "f8")
    sa.delete(name)
    with pytest.warns(sa.ByValueWarning, match="gone.*by value"):
        data = ForkingPickler.dumps(a)
    b = ForkingPickler.loads(data)
    assert not is_mapped(b)
    # the warning can be made an error: no silent copy
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.ByValueWarning)
        with pytest.raises(sa.ByValueWarning):
            ForkingPickler.dumps(a[1:])
    # opted out: a copy, silently
    sa.share_by_name(False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not is_mapped(fp_roundtrip(a))


def test_deleted_after_pickling_refuses(name):
    a = sa.create(name, (8,), "f8")
    data = ForkingPickler.dumps(a)
    sa.delete(name)
    with pytest.raises(FileNotFoundError, match="gone"):
        ForkingPickler.loads(data)


def test_recreated_name_other_shape_refused(name):
    path = shm_path(name)
    a = sa.create(name, (8,), "f8")
    a[:] = 1
    data = ForkingPickler.dumps(a[2:])
    sa.delete(name)
    other = sa.create(name, (3, 3), "i2")
    fds = open_fds()
    with pytest.raises(FileNotFoundError, match="another segment"):
        ForkingPickler.loads(data)
    assert open_fds() == fds
    assert len(mappings_of(path)) == 2  # a's and other's, nothing more
    # sent now, a goes by value (with a warning), never as the new array
    with pytest.warns(sa.ByValueWarning, match="another segment"):
        b = fp_roundtrip(a[2:])
    assert not is_mapped(b) and b.shape == (6,) and (b == 1).all()
    # and the new array goes by name, as itself
    c = fp_roundtrip(other)
    assert c.shape == (3, 3) and c.dtype == np.int16 and is_mapped(c)


def test_opt_out(name):
    a = sa.create(name, (4,), "f8")
    assert sa.share_by_name(False) is True
    assert sa.share_by_name() is False
    b = fp_roundtrip(a)
    assert not is_mapped(b)
    assert name.encode() not in bytes(ForkingPickler.dumps(a))
    sa.share_by_name(True)
    assert is_mapped(fp_roundtrip(a))


@pytest.mark.parametrize("value,expect", [("1", False), ("yes", False),
                                          ("0", True), ("", True)])
def test_opt_out_environment(value, expect):
    env = dict(os.environ, SHAREDARRAY_BY_VALUE=value)
    out = subprocess.run(
        [sys.executable, "-c", "import SharedArray as sa; "
         "print(sa.share_by_name())"], env=env, capture_output=True,
        text=True, check=True).stdout.strip()
    assert out == str(expect)


def test_environment_reaches_spawned_children(name, monkeypatch):
    monkeypatch.setenv("SHAREDARRAY_BY_VALUE", "1")
    with SPAWN.Pool(1) as p:
        assert p.apply(kids.opted_out) is False


# ------------------------------------------------------ across processes


@pytest.mark.parametrize("method", METHODS)
def test_child_writes_parent_sees(name, method):
    ctx = mp.get_context(method)
    a = sa.create(name, (4, 5), "f8")
    a[...] = np.arange(20).reshape(4, 5)
    q = ctx.Queue()
    p = ctx.Process(target=kids.fill, args=(a[1:3], 7.5, q))
    p.start()
    seen, mapped, writeable = q.get()
    p.join()
    assert p.exitcode == 0
    assert seen == np.arange(5, 15).reshape(2, 5).tolist()
    assert mapped and writeable
    assert (a[1:3] == 7.5).all()
    assert (a[0] == np.arange(5)).all() and (a[3] == np.arange(15, 20)).all()


def test_pool_map_over_slices(name, pool):
    a = sa.create(name, (8, 1000), "i8")
    a[...] = np.arange(8)[:, None]
    res = pool.map(kids.square_in_place, [a[i] for i in range(8)])
    assert res == [(float(1000 * i * i), True) for i in range(8)]
    assert (a == (np.arange(8) ** 2)[:, None]).all()
    # columns too (strided), and results that come back are views by name
    pool.map(kids.square_in_place, [a[:, j::4] for j in range(4)])
    assert (a == (np.arange(8) ** 4)[:, None]).all()


def test_pool_releases_mappings(name):
    path = shm_path(name)
    a = sa.create(name, (4096,), "u1")
    with SPAWN.Pool(1) as p:
        base_maps, base_fds = p.apply(kids.mappings_and_fds, (path,))
        assert base_maps == 0
        for k in range(1, 4):
            p.apply(kids.add, (a[k::3], k))
            # the task's arguments are gone: so is the worker's mapping
            assert p.apply(kids.mappings_and_fds, (path,)) == (0, base_fds)
    assert a[1] == 1 and a[2] == 2 and a[3] == 3 and a[0] == 0


def test_process_pool_executor(name):
    a = sa.create(name, (6, 4), "f4")
    a[...] = 2
    with ProcessPoolExecutor(2, mp_context=SPAWN) as ex:
        futs = [ex.submit(kids.square_in_place, a[:, j]) for j in range(4)]
        assert [f.result() for f in futs] == [(24.0, True)] * 4
        got = ex.submit(kids.describe, a.T[::-1]).result()
    assert (a == 4).all()
    assert got[0] == (a.T[::-1]).tolist() and got[4]
    assert got[1] == (4, 6) and got[2] == a.T[::-1].strides


def test_queue_round_trip(name):
    a = sa.create(name, (10,), "i4")
    qin, qout = SPAWN.Queue(), SPAWN.Queue()
    p = SPAWN.Process(target=kids.echo, args=(qin, qout))
    p.start()
    qin.put(a[2:8])
    back = qout.get()
    assert qout.get() is True
    p.join()
    assert p.exitcode == 0
    assert a.tolist() == [0, 0, 1, 1, 1, 1, 1, 1, 0, 0]
    assert is_mapped(back) and back.shape == (6,)
    back[0] = 42  # what came back is the same memory again
    assert a[2] == 42


def test_pipe(name):
    a = sa.create(name, (3,), "f8")
    parent, child = SPAWN.Pipe()
    child.send(a[::-1])
    b = parent.recv()
    b[0] = 1
    assert a[2] == 1


def test_negative_strides_in_child(name, pool):
    a = sa.create(name, (5, 7), "i2")
    a[...] = np.arange(35).reshape(5, 7)
    v = a[::-2, ::-3]
    got = pool.apply(kids.describe, (v,))
    assert got[0] == v.tolist() and got[2] == v.strides and got[4]
    pool.apply(kids.fill, (v, -1))
    expect = np.arange(35).reshape(5, 7)
    expect[::-2, ::-3] = -1
    assert (a == expect).all()


def test_readonly_in_worker(name, pool):
    a = sa.create(name, (4,), "f8")
    r = sa.attach(name, ro=True)
    assert pool.apply(kids.try_write, (r,)) == ("refused", False)
    v = a[1:]
    v.flags.writeable = False
    assert pool.apply(kids.try_write, (v,)) == ("refused", False)
    assert (a == 0).all()
    assert pool.apply(kids.try_write, (a[1:],)) == ("written", True)
    assert (a[1:] == 1).all()


def test_deleted_name_in_spawned_child(name):
    a = sa.create(name, (4,), "f8")
    sa.delete(name)  # the 3.x pattern: rely on the child inheriting it
    q = SPAWN.Queue()
    p = SPAWN.Process(target=kids.fill, args=(a, 3.0, q))
    with pytest.warns(sa.ByValueWarning):
        p.start()
    seen, mapped, _ = q.get()
    p.join()
    assert p.exitcode == 0 and seen == [0.0] * 4
    assert not mapped and (a == 0).all()  # a copy, and the user was told


def test_recreated_name_in_child(name, pool):
    a = sa.create(name, (4,), "f8")
    a[:] = 1
    sa.delete(name)
    other = sa.create(name, (2, 2, 2), "u1")
    with pytest.warns(sa.ByValueWarning, match="another segment"):
        got = pool.apply(kids.describe, (a,))
    assert got[0] == [1.0] * 4 and not got[4]  # a copy of a, not `other`
    got = pool.apply(kids.describe, (other,))
    assert got[1] == (2, 2, 2) and got[4]


def test_joblib(name):
    joblib = pytest.importorskip("joblib")
    # above joblib's max_nbytes (1 MB), which would copy it into a memmap
    a = sa.create(name, (4, 100_000), "f8")
    small = sa.create(name + "-s", (4, 3), "i4")
    try:
        res = joblib.Parallel(n_jobs=2, backend="loky")(
            joblib.delayed(kids.joblib_work)(x, i)
            for x in (a, small) for i in range(4))
        assert all(m for m, _ in res)
        assert (a[:, 0] == [1, 2, 3, 4]).all() and a[:, 1:].sum() == 0
        assert (small[:, 0] == [1, 2, 3, 4]).all()
        # a view, and the opt-out copies as joblib always did
        joblib.Parallel(n_jobs=2)(
            joblib.delayed(kids.fill)(a[i, ::-1000], 5.0) for i in range(4))
        assert (a[:, ::-1000] == 5).all()
        sa.share_by_name(False)
        res = joblib.Parallel(n_jobs=2)(
            joblib.delayed(kids.joblib_work)(small, i) for i in range(4))
        assert not any(m for m, _ in res)
    finally:
        sa.delete(name + "-s")
