# What makes the package a drop-in for SharedArray 3.x, checked on ours
# alone (tests/python/test_client_3x.py runs client-style scenarios on both):
# InvalidArrayError, the base object's methods and attributes, info(),
# delete(force=), the hint of a refused attach, and numpy shapes.
import errno
import os
import pickle

import numpy as np
import pytest

import SharedArray as sa
from conftest import shm_path

BAD_NAMES = [
    ("", errno.EINVAL), ("shm://", errno.EINVAL), ("a/b", errno.EINVAL),
    ("shm://a/b", errno.EINVAL), ("ftp://x", errno.EINVAL),
    (".", errno.EINVAL), ("..", errno.EINVAL), ("file://", errno.EINVAL),
    ("x" * 256, errno.ENAMETOOLONG), ("x" * 5000, errno.ENAMETOOLONG),
]


def test_invalid_array_error_is_both():
    E = sa.InvalidArrayError
    assert issubclass(E, ValueError) and issubclass(E, OSError)
    assert E.__module__ == "SharedArray" and "InvalidArrayError" in sa.__all__
    assert "ValueError" in E.__doc__ and "OSError" in E.__doc__
    e = E(errno.EINVAL, "empty name", "")
    assert (e.errno, e.strerror, e.filename) == (errno.EINVAL, "empty name", "")
    # exceptions cross process pools pickled
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is E and back.errno == errno.EINVAL


@pytest.mark.parametrize("bad, err", BAD_NAMES)
def test_bad_names_raise_invalid_array_error(bad, err):
    calls = {"attach": lambda: sa.attach(bad),
             "attach ro": lambda: sa.attach(bad, ro=True),
             "create": lambda: sa.create(bad, 1),
             "delete": lambda: sa.delete(bad),
             "delete force": lambda: sa.delete(bad, force=True),
             "info": lambda: sa.info(bad)}
    for what, call in calls.items():
        with pytest.raises(sa.InvalidArrayError) as e:
            call()
        assert isinstance(e.value, ValueError), what
        assert isinstance(e.value, OSError), what
        assert e.value.errno == err, what
        assert e.value.filename == bad, what


def test_bad_where_of_list():
    with pytest.raises(OSError) as e:
        sa.list("ftp://x")
    assert type(e.value) is sa.InvalidArrayError
    assert e.value.errno == errno.EINVAL and e.value.filename == "ftp://x"


def test_nul_in_name():
    with pytest.raises(OSError) as e:
        sa.attach("a\0b")
    assert type(e.value) is sa.InvalidArrayError and "NUL" in str(e.value)


@pytest.mark.parametrize("data", [
    b"", b"not an array, not at all" * 20,
    b"\x93NUMPY\x01\x00" + b"\x76\x00" + b"{'descr': 'junk'" + b" " * 120,
])
def test_not_an_array(name, data):
    with open(shm_path(name), "wb") as f:
        f.write(data)
    for call in (lambda: sa.attach(name), lambda: sa.attach(name, ro=True),
                 lambda: sa.info(name), lambda: sa.delete(name)):
        with pytest.raises(OSError) as e:
            call()
        assert type(e.value) is sa.InvalidArrayError
        assert e.value.errno == errno.EINVAL and e.value.filename == name
    assert os.path.exists(shm_path(name))  # delete refused it
    with pytest.raises(sa.InvalidArrayError) as e:
        sa.delete(name)
    assert "force=True" in str(e.value)  # and says how to remove it anyway
    assert "use force)" not in str(e.value)
    sa.delete(name, force=True)
    assert not os.path.exists(shm_path(name))


def test_delete_force_keywords(name):
    sa.create(name, 2)
    sa.delete(name=name, force=False)
    assert not os.path.exists(shm_path(name))
    with pytest.raises(FileNotFoundError):
        sa.delete(name, True)


@pytest.mark.parametrize("call", [
    lambda n: sa.create(n, 3, "no-such-dtype"),
    lambda n: sa.create(n, (2, -1)),
    lambda n: sa.create(n, 3, order="X"),
    lambda n: sa.create(n, (1,) * 65),
])
def test_bad_create_inputs_stay_plain_value_errors(name, call):
    # 3.x raised TypeError or ValueError for these, never OSError: code that
    # catches OSError around create (e.g. "already exists") must not swallow
    # them.
    with pytest.raises(ValueError) as e:
        call(name)
    assert not isinstance(e.value, OSError)
    assert not os.path.exists(shm_path(name))


# --------------------------------------------------------- the base object

def test_base_object_methods(names):
    f = names.file()
    a = sa.create(f, (16, 16), "<f4")
    a[...] = 2.5
    assert a.base.msync(sa.MS_SYNC) is None
    assert a.base.msync(flags=sa.MS_ASYNC | sa.MS_INVALIDATE) is None
    with open(f.removeprefix("file://"), "rb") as fh:
        data = fh.read()[4096:4096 + 16 * 16 * 4]  # the data, not the trailer
        assert (np.frombuffer(data, "<f4") == 2.5).all()
    with pytest.raises(OSError) as e:
        a.base.msync(0x7000)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        a.base.msync()
    n = names.shm()
    b = sa.create(n, 4096, "u1")
    assert b.base.mlock() is None
    if "libasan" not in os.environ.get("LD_PRELOAD", ""):
        with open("/proc/self/status") as fh:
            locked = [line for line in fh if line.startswith("VmLck")]
        assert int(locked[0].split()[1]) >= 4
    assert b.base.munlock() is None
    with pytest.raises(TypeError):
        b.base.mlock(1)


def test_base_object_attributes(names):
    n = names.shm()
    a = sa.create("shm://" + n, (3, 5), ">i8")
    base = a.base
    assert base.name == "shm://" + n  # as given, a str (3.x: the same)
    assert isinstance(base.addr, int) and base.addr == a.ctypes.data
    assert base.size == a.nbytes == 120  # [addr, addr+size) is the data
    b = sa.attach(n.encode(), ro=True)
    assert b.base.name == n and b.base.addr == b.ctypes.data
    assert b.base.addr != base.addr  # another mapping of the same segment
    for attr in ("name", "addr", "size"):
        with pytest.raises(AttributeError):
            setattr(base, attr, 1)
    # the base keeps the mapping alive on its own
    del a, b
    base.mlock()
    base.munlock()
    assert memoryview(base).nbytes == 120


def test_base_of_a_file_array(names):
    f = names.file()
    a = sa.create(f, 10)
    assert a.base.name == f and a.base.size == 80
    assert sa.attach(f).base.name == f


# ----------------------------------------------------------------- shapes

@pytest.mark.parametrize("shape, expect", [
    (np.array([2, 3]), (2, 3)), (np.array(4), (4,)),
    ((np.int32(2), np.uint64(3)), (2, 3)), (np.int64(5), (5,)),
    (np.array([], dtype=int), ()), (np.array([2, 3], dtype=np.uint8), (2, 3)),
    ([np.int16(1), 2, np.uint32(3)], (1, 2, 3)),
])
def test_numpy_shapes(name, shape, expect):
    assert sa.create(name, shape).shape == expect
    assert sa.attach(name).shape == expect


@pytest.mark.parametrize("shape", [
    np.array([[2, 3]]), [2.0], np.float64(2), np.array([2.0]), (2, -1),
])
def test_numpy_shapes_refused(name, shape):
    with pytest.raises((ValueError, TypeError)):
        sa.create(name, shape)
    assert not os.path.exists(shm_path(name))


# -------------------------------------------------------------- permissions

def _as_nobody(fn):
    """Run fn() in a forked child with uid/gid 65534; return its exit code
    (10 when privileges cannot be dropped)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            try:
                os.setgid(65534)
                os.setuid(65534)
            except OSError:
                code = 10
                raise
            code = fn()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status), status
    return os.WEXITSTATUS(status)


def test_refused_attach_says_how_to_share(name):
    sa.create(name, 4)  # 0600 by default
    if os.geteuid() != 0:
        os.chmod(shm_path(name), 0)
        with pytest.raises(PermissionError) as e:
            sa.attach(name)
        assert "mode=0o640" in str(e.value) and "0o666" in str(e.value)
        assert e.value.filename == name and e.value.errno == errno.EACCES
        return

    def child():
        for call in (lambda: sa.attach(name), lambda: sa.attach(name, ro=True),
                     lambda: sa.info(name)):
            try:
                call()
                return 2
            except PermissionError as e:
                text = str(e)
                if not ("mode=0o640" in text and "0o666" in text and
                        e.filename == name and e.errno == errno.EACCES):
                    return 3
        return 0
    code = _as_nobody(child)
    if code == 10:
        pytest.skip("cannot drop privileges to test permissions")
    assert code == 0


def test_mode_shares_with_other_users(name):
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")
    a = sa.create(name, 4, "i4", mode=0o666)
    a[:] = [1, 2, 3, 4]

    def child():
        b = sa.attach(name)
        b[0] = 10 * b[3]
        return 0
    code = _as_nobody(child)
    if code == 10:
        pytest.skip("cannot drop privileges to test permissions")
    assert code == 0 and a[0] == 40


def test_bad_dtype_is_a_typeerror_as_in_3x():
    """3.x let numpy's TypeError through for a dtype numpy does not know;
    ours raises DtypeError, which is both that TypeError and a ValueError,
    and creates nothing."""
    import SharedArray as sa
    name = "sa-compat-dtype-%d" % os.getpid()
    for catch in (TypeError, ValueError, sa.DtypeError):
        with pytest.raises(catch, match="unsupported dtype 'xyz'"):
            sa.create(name, 3, "xyz")
    with pytest.raises(TypeError, match="object"):
        sa.create(name, 3, object)
    assert not os.path.exists("/dev/shm/" + name)
