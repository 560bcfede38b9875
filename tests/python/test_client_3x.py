# Client-style scenarios: code written the way real programs written for the
# PyPI SharedArray 3.x use it (data loaders under fork and spawn workers, a
# request/response server, an LED daemon, a dataset cache, a process-pool
# executor, an mlock'ing producer/consumer runtime, an image job, the PyPI
# README example).
#
# The file runs against whichever SharedArray is importable: ours (ctest
# python.client_3x) or SharedArray 3.2.4 itself (tests/python/peer_3x.py
# installs it in venvs under numpy 1.x and 2.x and runs this same file
# there, with --noconftest). So it uses no fixture from conftest.py and
# nothing that only ours has, except inside the tests of the intended
# differences, which assert each side's own behaviour and say so with
# record_property("intended_difference", why); peer_3x.py puts that in its
# table. Every other test asserts the same thing on both.
#
# Processes synchronise through pipes, queues and joins, never by sleeping.
import concurrent.futures
import errno
import itertools
import multiprocessing
import os
import pickle

import numpy as np
import pytest

import SharedArray as sa

# ours has a version; 3.x has none
IMPL = "ours" if hasattr(sa, "__version__") else "3.x"
_counter = itertools.count()


def fresh(tag):
    """A name no other test or process uses: sa3c-<tag>-<pid>-<n>."""
    return f"sa3c-{tag}-{os.getpid()}-{next(_counter)}"


@pytest.fixture
def prefix(request):
    """A unique name prefix; whatever is left under it is removed after."""
    p = fresh(request.node.name.removeprefix("test_")[:12])
    yield p
    for entry in os.listdir("/dev/shm"):
        if entry.startswith(p):
            os.unlink("/dev/shm/" + entry)


def shm_clear(prefix):
    """The cleanup function point-cloud data loaders ship: delete every
    array whose name starts with prefix, found through list()."""
    for x in sa.list():
        # bytes, as 3.x lists names (another suite may leave a name that is
        # not UTF-8 at the same time: careful client code survives that)
        name = x.name.decode(errors="surrogateescape")
        if name.startswith(prefix):
            sa.delete(name)


# ------------------------------------------------------------------------
# Data loaders: a Dataset that puts each sample in shared memory once (and
# skips the ones a previous run left), and workers that attach and copy.

def make_points(i):
    return np.random.default_rng(i).standard_normal((100 + i, 3)).astype(
        np.float32)


class PointCloudDataset:
    """Point-cloud loaders' pattern: samples cached as shm://PREFIX_i."""

    def __init__(self, prefix, n):
        self.prefix, self.n = prefix, n
        self.created = 0
        for i in range(n):
            if not os.path.exists(f"/dev/shm/{prefix}_{i}"):
                pts = make_points(i)
                x = sa.create(f"shm://{prefix}_{i}", pts.shape, dtype=pts.dtype)
                x[...] = pts
                self.created += 1

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        points = sa.attach(f"shm://{self.prefix}_{i}").copy()
        return points, i


_worker_dataset = None


def _init_worker(dataset):
    global _worker_dataset
    _worker_dataset = dataset


def _load(i):
    points, idx = _worker_dataset[i]
    return idx, points


def _run_loader(method, prefix):
    dataset = PointCloudDataset(prefix, 8)
    assert dataset.created == 8
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2, initializer=_init_worker, initargs=(dataset,)) as pool:
        batches = pool.map(_load, range(len(dataset)))
    for idx, points in batches:
        np.testing.assert_array_equal(points, make_points(idx))
    # a second run finds the samples in /dev/shm and creates none
    again = PointCloudDataset(prefix, 8)
    assert again.created == 0
    np.testing.assert_array_equal(again[3][0], make_points(3))
    shm_clear(prefix)
    assert not [e for e in os.listdir("/dev/shm") if e.startswith(prefix)]


def test_dataloader_fork(prefix):
    _run_loader("fork", prefix)


def test_dataloader_spawn(prefix):
    _run_loader("spawn", prefix)


# ------------------------------------------------------------------ list()

def test_shm_clear(prefix):
    for i in range(5):
        sa.create(f"shm://{prefix}_{i}", (i + 1, 2), dtype=np.int16)
    sa.create(f"shm://{prefix}x", 3)
    shm_clear(prefix + "_")
    left = sorted(e for e in os.listdir("/dev/shm") if e.startswith(prefix))
    assert left == [prefix + "x"]
    shm_clear(prefix)
    assert not os.path.exists(f"/dev/shm/{prefix}x")


def test_list_records(prefix):
    sig = sa.create(f"shm://{prefix}sig", (2, 3), dtype=np.int32)
    sig[1, 2] = 7
    listed = sa.list()
    assert type(listed) is tuple
    found = [x for x in listed if (prefix + "sig").encode() == x[0]]
    assert len(found) == 1
    x = found[0]
    assert type(x).__name__ == "ArrayDesc" and len(x) == 3
    name, dtype, dims = x
    assert name == x.name == (prefix + "sig").encode()
    assert dtype is x.dtype is np.int32
    assert dims == x.dims == (2, 3)
    assert repr(x) == (f"ArrayDesc(name={name!r}, "
                       f"dtype=<class 'numpy.int32'>, dims=(2, 3))")
    # a reader picks arrays by name and type, then attaches them
    for x in sa.list():
        if x.name.decode(errors="replace") == prefix + "sig" \
                and x.dtype is np.int32:
            assert sa.attach(x.name.decode())[1, 2] == 7
            break
    else:
        pytest.fail("not listed")
    sa.delete(prefix + "sig")
    assert (prefix + "sig").encode() not in [x[0] for x in sa.list()]


@pytest.mark.parametrize("dtype, scalar", [
    (np.float16, np.float16), (np.float64, np.float64), (np.uint8, np.uint8),
    (np.int64, np.int64), (np.complex64, np.complex64), (bool, np.bool_),
])
def test_list_dtype_types(prefix, dtype, scalar):
    sa.create(f"shm://{prefix}", 4, dtype=dtype)
    (x,) = [x for x in sa.list() if x.name == prefix.encode()]
    assert x.dtype is scalar
    sa.delete(prefix)


# --------------------------------------------------------- the base object

def _consumer(name, conn):
    sig = sa.attach(name, ro=True)
    conn.send(int(sig.sum()))


def test_base_mlock(prefix):
    # LiCoRICE's producer: create, mlock, fill; a consumer process reads
    out = sa.create(f"shm://{prefix}", (5000, 1), dtype=np.uint64)
    out.base.mlock()
    out[:, 0] = np.arange(5000, dtype=np.uint64)
    parent, child = multiprocessing.Pipe()
    p = multiprocessing.get_context("fork").Process(
        target=_consumer, args=(f"shm://{prefix}", child))
    p.start()
    assert parent.recv() == 5000 * 4999 // 2
    p.join()
    assert p.exitcode == 0
    out.base.munlock()
    sa.delete(f"shm://{prefix}")


def test_base_attributes(prefix, tmp_path):
    a = sa.create(f"shm://{prefix}", (10, 4), dtype=np.float64)
    assert a.base.name == f"shm://{prefix}"
    assert a.base.addr == a.ctypes.data
    assert a.base.size >= a.nbytes
    b = sa.attach(prefix)
    assert b.base.name == prefix
    sa.delete(b.base.name)
    f = sa.create(f"file://{tmp_path}/frame.dat", 256, dtype=np.uint8)
    f[:] = 9
    f.base.msync(sa.MS_SYNC)
    f.base.msync(sa.MS_ASYNC | sa.MS_INVALIDATE)
    assert f.base.name == f"file://{tmp_path}/frame.dat"


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("bad, err", [
    ("ftp://x", errno.EINVAL), ("a/b", errno.EINVAL), ("", errno.EINVAL),
    ("shm://", errno.EINVAL), ("shm://a/b", errno.EINVAL),
    (".", errno.EINVAL), ("y" * 256, errno.ENAMETOOLONG),
])
def test_bad_names_oserror(bad, err):
    try:
        sa.attach(bad)
    except OSError as e:
        assert e.errno == err
        assert e.filename == bad
    else:
        pytest.fail("attach accepted a bad name")
    with pytest.raises(OSError) as e:
        sa.delete(bad)
    assert e.value.errno == err
    with pytest.raises(OSError) as e:
        sa.attach(bad, ro=True)
    if bad != ".":  # 3.x opened /dev/shm read-only, then mmap said ENODEV
        assert e.value.errno == err
    if bad != ".":  # see test_create_dot
        with pytest.raises(OSError) as e:
            sa.create(bad, 3)
        assert e.value.errno == err


def test_not_an_array_oserror(prefix):
    with open(f"/dev/shm/{prefix}", "wb") as f:
        f.write(b"this is not an array" * 100)
    try:
        sa.attach(prefix)
    except OSError:
        pass
    else:
        pytest.fail("attached something that is not an array")
    with pytest.raises(OSError):
        sa.delete(prefix)
    assert os.path.exists(f"/dev/shm/{prefix}")  # delete refused it


def test_missing_and_existing(prefix):
    with pytest.raises(FileNotFoundError) as e:
        sa.attach(prefix)
    assert e.value.errno == errno.ENOENT and e.value.filename == prefix
    with pytest.raises(FileNotFoundError):
        sa.delete(prefix)
    sa.create(prefix, 3)
    with pytest.raises(FileExistsError) as e:
        sa.create(prefix, 3)
    assert e.value.filename == prefix
    sa.delete(prefix)


def test_readonly_attach(prefix):
    a = sa.create(prefix, 4, dtype=np.int32)
    a[:] = 5
    r = sa.attach(prefix, ro=True)
    assert not r.flags.writeable and (r == 5).all()
    with pytest.raises(ValueError):
        r[0] = 1
    sa.delete(prefix)


# -------------------------------------------------------- whole programs

def test_readme_example(prefix):
    # The PyPI README's example, with a unique name.
    a = sa.create(f"shm://{prefix}", 10)
    b = sa.attach(f"shm://{prefix}")
    a[0] = 42
    assert b[0] == 42
    del a
    assert b[0] == 42
    assert prefix.encode() in [x.name for x in sa.list()]
    sa.delete(prefix)
    assert b[0] == 42 and b.dtype == np.float64


def _led_daemon_open(name, n):
    """An LED-strip daemon: attach the strip's buffer, or make it."""
    try:
        leds = sa.attach(name)
    except OSError:
        leds = sa.create(name, (n, 3), dtype=np.uint8)
    return leds


def test_led_daemon(prefix):
    first = _led_daemon_open(f"shm://{prefix}", 60)
    first[10] = (255, 0, 128)
    second = _led_daemon_open(f"shm://{prefix}", 60)  # attaches this time
    assert tuple(second[10]) == (255, 0, 128) and second.shape == (60, 3)
    sa.delete(f"shm://{prefix}")


def _robot_server(req_name, resp_name, conn):
    req = sa.attach(req_name)
    resp = sa.attach(resp_name)
    while conn.recv() == "request":
        resp[:] = req @ np.diag([2.0, 3.0, 4.0])
        conn.send("response")


def test_request_response_server(prefix):
    req = sa.create(f"shm://{prefix}req", (4, 3))
    resp = sa.create(f"shm://{prefix}resp", (4, 3))
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=_robot_server,
        args=(f"shm://{prefix}req", f"shm://{prefix}resp", child))
    server.start()
    try:
        for i in range(5):
            req[:] = i + np.arange(12).reshape(4, 3)
            parent.send("request")
            assert parent.recv() == "response"
            np.testing.assert_array_equal(resp, req * [2.0, 3.0, 4.0])
    finally:
        parent.send("stop")
        server.join()
    assert server.exitcode == 0
    sa.delete(f"{prefix}req")
    sa.delete(f"{prefix}resp")


def _sum_rows(name, rows):
    data = sa.attach(name)
    return [float(data[r].sum()) for r in rows]


def test_dataset_cache(prefix, tmp_path):
    # MuseGAN's loading: a .npy dataset copied into shared memory once,
    # then attached by every worker.
    path = tmp_path / "train.npy"
    np.save(path, np.arange(4 * 96 * 84, dtype=np.float32).reshape(4, 96, 84))
    data = np.load(path)
    shared = sa.create(f"shm://{prefix}", data.shape, data.dtype)
    shared[:] = data
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        sums = pool.starmap(_sum_rows, [(f"shm://{prefix}", [0, 1]),
                                        (f"shm://{prefix}", [2, 3])])
    assert sum(sums, []) == [float(data[r].sum()) for r in range(4)]
    sa.delete(prefix)


def _shm_result(prefix, i):
    # npshmex's executor: the worker puts its result in shared memory and
    # returns only the name.
    name = f"{prefix}_{i}"
    out = sa.create(f"shm://{name}", (i + 1, 5), dtype=np.float64)
    out[:] = i
    return name


def test_process_pool_executor(prefix):
    with concurrent.futures.ProcessPoolExecutor(
            2, mp_context=multiprocessing.get_context("fork")) as ex:
        names = list(ex.map(_shm_result, [prefix] * 6, range(6)))
    for i, name in enumerate(names):
        result = sa.attach(f"shm://{name}").copy()
        sa.delete(f"shm://{name}")
        assert result.shape == (i + 1, 5) and (result == i).all()
    assert not [e for e in os.listdir("/dev/shm") if e.startswith(prefix)]


def _invert_rows(src, dst, rows):
    image = sa.attach(src, ro=True)
    out = sa.attach(dst)
    out[rows] = 255 - image[rows]


def test_image_job(prefix):
    image = sa.create(f"shm://{prefix}in", (64, 48, 3), dtype=np.uint8)
    image[:] = np.random.default_rng(1).integers(0, 256, image.shape)
    out = sa.create(f"shm://{prefix}out", image.shape, dtype=image.dtype)
    chunks = [slice(r, r + 16) for r in range(0, 64, 16)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.starmap(_invert_rows, [(f"shm://{prefix}in", f"shm://{prefix}out",
                                     c) for c in chunks])
    np.testing.assert_array_equal(out, 255 - image)
    sa.delete(f"{prefix}in")
    sa.delete(f"{prefix}out")


@pytest.mark.parametrize("shape, expect", [
    (np.array([2, 3]), (2, 3)), (np.array(4), (4,)), (np.int64(5), (5,)),
    ((np.int32(2), np.uint64(3)), (2, 3)), (np.array([], dtype=int), ()),
])
def test_numpy_shapes(prefix, shape, expect):
    a = sa.create(prefix, shape)
    assert a.shape == expect == sa.attach(prefix).shape
    sa.delete(prefix)


# ------------------------------------------------ intended differences
# Each asserts what its side does, and records why they differ.

def test_default_mode(prefix, record_property):
    record_property("intended_difference",
                    "new arrays are 0600 (owner only), not 0666 minus the "
                    "umask: safer; pass mode= to share")
    sa.create(prefix, 3)
    mode = os.stat(f"/dev/shm/{prefix}").st_mode & 0o777
    record_property("observed", oct(mode))
    umask = os.umask(0)
    os.umask(umask)
    assert mode == (0o666 & ~umask if IMPL == "3.x" else 0o600)
    sa.delete(prefix)


def test_other_user_attach(prefix, record_property):
    record_property("intended_difference",
                    "another user cannot open a default array; the "
                    "PermissionError says to pass a mode at create")
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")
    sa.create(prefix, 3)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out = []
        try:
            os.setgid(65534)
            os.setuid(65534)
            for ro in (True, False):
                try:
                    sa.attach(prefix, ro=ro)
                    out.append("ok")
                except PermissionError as e:
                    out.append("PermissionError"
                               + (" with hint" if "mode=" in str(e) else ""))
        finally:
            os.write(w, "|".join(out).encode())
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        seen = f.read()
    os.waitpid(pid, 0)
    record_property("observed", "ro: %s, rw: %s" % tuple(seen.split("|")))
    if IMPL == "3.x":  # 0644 by default: anyone reads, only the owner writes
        assert seen == "ok|PermissionError"
    else:
        assert seen == "PermissionError with hint|PermissionError with hint"
    sa.delete(prefix)


def test_big_endian_create(prefix, record_property):
    record_property("intended_difference",
                    "the byte order asked for is kept; 3.x drops it (and "
                    "list() reads the same scalar type on both)")
    a = sa.create(prefix, 3, dtype=">f8")
    a[:] = [1.5, 2.5, 3.5]
    b = sa.attach(prefix)
    record_property("observed", b.dtype.str)
    assert b.dtype.str == ("<f8" if IMPL == "3.x" else ">f8")
    assert list(b) == [1.5, 2.5, 3.5]
    (x,) = [x for x in sa.list() if x.name == prefix.encode()]
    assert x.dtype is np.float64
    sa.delete(prefix)


def test_base_size(prefix, record_property):
    record_property("intended_difference",
                    "base.size is the data (nbytes); 3.x also counted its "
                    "metadata trailer after the data")
    a = sa.create(prefix, 10)
    record_property("observed", str(a.base.size))
    if IMPL == "3.x":
        assert a.base.size > a.nbytes  # + the trailer (340 or 596 bytes)
    else:
        assert a.base.size == a.nbytes == 80
    sa.delete(prefix)


def test_pickle_list_record(prefix, record_property):
    record_property("intended_difference",
                    "records pickle (3.x's ArrayDesc is not importable)")
    sa.create(prefix, 3)
    (x,) = [x for x in sa.list() if x.name == prefix.encode()]
    try:
        back = pickle.loads(pickle.dumps(x))
        record_property("observed", "pickles")
        assert IMPL == "ours" and back == x
    except pickle.PicklingError:
        record_property("observed", "PicklingError")
        assert IMPL == "3.x"
    sa.delete(prefix)


def test_attach_numpy_npy_file(tmp_path, record_property):
    record_property("intended_difference",
                    "any .npy file attaches zero-copy (segments are .npy); "
                    "3.x only reads its own trailer format")
    np.save(tmp_path / "x.npy", np.arange(6.0))
    try:
        a = sa.attach(f"file://{tmp_path}/x.npy")
        record_property("observed", "attached")
        assert IMPL == "ours" and list(a) == list(np.arange(6.0))
    except OSError:
        record_property("observed", "OSError")
        assert IMPL == "3.x"


def test_create_dot(record_property):
    record_property("intended_difference",
                    "'.' is a bad name (EINVAL) for create too; 3.x's "
                    "shm_open found the /dev/shm directory (EEXIST)")
    with pytest.raises(OSError) as e:
        sa.create(".", 3)
    record_property("observed", errno.errorcode[e.value.errno])
    assert e.value.errno == (errno.EEXIST if IMPL == "3.x" else errno.EINVAL)


def test_not_an_array_errno(prefix, record_property):
    record_property("intended_difference",
                    "errno is EINVAL (and it is also a ValueError); 3.x "
                    "left errno None")
    with open(f"/dev/shm/{prefix}", "wb") as f:
        f.write(b"\0" * 4096)
    with pytest.raises(OSError) as e:
        sa.attach(prefix)
    record_property("observed", repr(e.value.errno))
    if IMPL == "3.x":
        assert e.value.errno is None and not isinstance(e.value, ValueError)
    else:
        assert e.value.errno == errno.EINVAL and isinstance(e.value,
                                                             ValueError)


def test_very_long_name_errno(record_property):
    record_property("intended_difference",
                    "ENAMETOOLONG for every name over 255 bytes; 3.x (glibc "
                    "shm_open) gave EINVAL past about 260")
    with pytest.raises(OSError) as e:
        sa.attach("y" * 300)
    record_property("observed", errno.errorcode[e.value.errno])
    assert e.value.errno == (errno.EINVAL if IMPL == "3.x"
                             else errno.ENAMETOOLONG)
