# create / attach / delete / list, every dtype and both orders, read-only
# attach, msync / mlock / munlock, and the API surface (docstrings, stubs).
import inspect
import os

import numpy as np
import pytest

import SharedArray as sa
from conftest import mappings_of, shm_path

# Every element type the format holds, in both byte orders where it matters.
DTYPES = ["?", "i1", "u1", "<i2", "<i4", "<i8", "<u2", "<u4", "<u8",
          "<f2", "<f4", "<f8", "<c8", "<c16",
          ">i2", ">i4", ">i8", ">u2", ">u4", ">u8",
          ">f2", ">f4", ">f8", ">c8", ">c16"]


def pattern(shape, dtype):
    """Distinct, exactly representable values for every element."""
    n = int(np.prod(shape))
    vals = np.arange(1, n + 1) % 100
    if np.dtype(dtype).kind == "b":
        vals = vals % 2
    out = vals.astype(dtype)
    if np.dtype(dtype).kind == "c":
        out = out + 1j * out[::-1]
    return out.reshape(shape)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_and_order(name, dtype, order):
    shape = (3, 4, 5)
    a = sa.create(name, shape, dtype=dtype, order=order)
    assert isinstance(a, np.ndarray) and type(a) is np.ndarray
    assert a.shape == shape and a.dtype == np.dtype(dtype)
    assert a.flags.writeable
    assert a.flags.f_contiguous if order == "F" else a.flags.c_contiguous
    assert not a.any(), "create must zero the array"
    a[...] = pattern(shape, dtype)

    b = sa.attach(name)
    assert b.dtype == np.dtype(dtype) and b.dtype.str == np.dtype(dtype).str
    assert b.shape == shape
    assert b.flags.f_contiguous if order == "F" else b.flags.c_contiguous
    np.testing.assert_array_equal(b, pattern(shape, dtype))
    # The same memory, not a copy.
    b[2, 3, 4] = 0
    assert a[2, 3, 4] == 0
    # The segment is a .npy file holding the same values.
    c = np.load(shm_path(name))
    assert c.dtype == np.dtype(dtype) and c.shape == shape
    assert bool(c.flags.f_contiguous) == (order == "F") or c.ndim < 2
    np.testing.assert_array_equal(c, b)


@pytest.mark.parametrize("dtype, expect", [
    (float, "<f8"), (int, np.dtype(int).str), (bool, "|b1"),
    (complex, "<c16"), (np.float32, "<f4"), ("uint16", "<u2"),
    ("float16", "<f2"), (np.dtype(">i8"), ">i8"), ("b", "|i1"),
])
def test_dtype_spellings(name, dtype, expect):
    a = sa.create(name, 2, dtype)
    assert a.dtype.str == expect
    assert sa.attach(name).dtype.str == expect


def test_default_dtype_is_float64(name):
    assert sa.create(name, 3).dtype == np.float64


@pytest.mark.parametrize("shape, expect", [
    (5, (5,)), ((5,), (5,)), ((2, 3), (2, 3)), ([2, 3], (2, 3)),
    (np.int64(4), (4,)), ((np.int32(2), 3), (2, 3)), ((), ()),
    (0, (0,)), ((3, 0, 2), (3, 0, 2)), ((1,) * 32, (1,) * 32),
])
def test_shapes(name, shape, expect):
    a = sa.create(name, shape)
    assert a.shape == expect
    b = sa.attach(name)
    assert b.shape == expect
    if b.size:
        a.flat[-1] = 3.5
        assert b.flat[-1] == 3.5


def test_zero_dim(name):
    a = sa.create(name, (), "int16")
    a[()] = -7
    assert sa.attach(name)[()] == -7


def test_prefixes_name_the_same_array(name, names):
    a = sa.create("shm://" + name, 4, "int32")
    a[1] = 11
    assert sa.attach(name)[1] == 11
    assert sa.attach("shm://" + name)[1] == 11
    assert os.path.exists(shm_path(name))
    f = names.file()
    b = sa.create(f, (2, 2), "uint8")
    b[1, 1] = 9
    assert sa.attach(f)[1, 1] == 9
    assert np.load(f.removeprefix("file://"))[1, 1] == 9
    sa.delete(f)
    assert not os.path.exists(f.removeprefix("file://"))


def test_mode(name):
    sa.create(name, 1, mode=0o640)
    assert os.stat(shm_path(name)).st_mode & 0o777 == 0o640
    other = name + "-default"
    sa.create(other, 1)
    try:
        assert os.stat(shm_path(other)).st_mode & 0o777 == 0o600
    finally:
        sa.delete(other)


def test_delete_removes_the_name(name):
    sa.create(name, 1)
    sa.delete(name)
    assert not os.path.exists(shm_path(name))
    with pytest.raises(FileNotFoundError):
        sa.attach(name)


# ------------------------------------------------------------------ list()

def test_list_contents(names):
    a_name, b_name = names.shm("la"), names.shm("lb")
    sa.create(a_name, (2, 3), "int32")
    sa.create(b_name, 7, ">f4", order="F", mode=0o640)
    listed = sa.list()
    assert type(listed) is tuple  # as SharedArray 3.x returns
    recs = {r.name: r for r in listed}
    assert a_name.encode() in recs and b_name.encode() in recs
    r = recs[a_name.encode()]
    assert isinstance(r, sa.ArrayDesc) and sa.ListElement is sa.ArrayDesc
    assert len(r) == 3
    name, dtype, dims = r  # the seed's and 3.x's record shape
    assert (name, dtype, dims) == (a_name.encode(), np.int32, (2, 3))
    assert r.dtype is np.int32 and r.np_dtype == np.dtype("int32")
    assert r.dims == r.shape == (2, 3)
    assert r.order == "C" and r.nbytes == 24 and r.descr == "<i4"
    assert r.mode == 0o600 and r.uid == os.geteuid()
    assert r.size == os.stat(shm_path(a_name)).st_size
    r = recs[b_name.encode()]
    # dtype is the scalar type, as in 3.x; the byte order is in np_dtype
    assert r.dtype is np.float32 and r.np_dtype == np.dtype(">f4")
    assert r.descr == ">f4" and r.dims == (7,) and r.order == "F"
    assert r.nbytes == 28 and r.mode == 0o640
    with pytest.raises(AttributeError):
        r.order = "C"
    assert repr(r) == (f"ArrayDesc(name={b_name.encode()!r}, "
                       f"dtype=<class 'numpy.float32'>, dims=(7,))")
    sa.delete(a_name)
    assert a_name.encode() not in {r.name for r in sa.list()}


@pytest.mark.parametrize("dtype, scalar", [
    ("<f8", np.float64), (">f8", np.float64), ("<f2", np.float16),
    (">f2", np.float16), ("|b1", np.bool_), ("<c8", np.complex64),
    (">u2", np.uint16), ("|i1", np.int8), (">i8", np.int64),
])
def test_list_dtype_is_the_scalar_type(name, dtype, scalar):
    # 3.x gives PyArray_TypeObjectFromType(typenum): the scalar type, whatever
    # the byte order. The dtype with its byte order is np_dtype.
    sa.create(name, 2, dtype)
    (r,) = [r for r in sa.list() if r.name == name.encode()]
    assert r.dtype is scalar
    assert r.np_dtype == np.dtype(dtype) and r.descr == np.dtype(dtype).str


def test_list_records_pickle(names):
    import pickle
    n = names.shm("pk")
    sa.create(n, (3, 2), ">i4", order="F")
    (r,) = [r for r in sa.list() if r.name == n.encode()]
    back = pickle.loads(pickle.dumps(r))
    assert type(back) is sa.ArrayDesc and back == r
    for field in ("name", "dtype", "dims", "shape", "order", "nbytes",
                  "descr", "np_dtype", "size", "mode", "uid"):
        assert getattr(back, field) == getattr(r, field), field


def test_info(names):
    n = names.shm("info")
    a = sa.create("shm://" + n, (4, 5), ">u2", order="F", mode=0o640)
    r = sa.info("shm://" + n)
    assert isinstance(r, sa.ArrayDesc)
    name, dtype, dims = r
    assert (name, dtype, dims) == (n.encode(), np.uint16, (4, 5))
    assert r.np_dtype == np.dtype(">u2") and r.descr == ">u2"
    assert r.order == "F" and r.nbytes == a.nbytes == 40
    assert r.mode == 0o640 and r.uid == os.geteuid()
    assert r.size == os.stat(shm_path(n)).st_size >= 40
    assert sa.info(n) == r  # a plain name and shm:// are the same array
    f = names.file()
    sa.create(f, 3, "f4")
    r = sa.info(f)
    assert r.name == f.encode() and r.dtype is np.float32 and r.dims == (3,)
    with pytest.raises(FileNotFoundError):
        sa.info(n + "-missing")


def test_list_skips_foreign_files(name):
    with open(shm_path(name), "wb") as f:
        f.write(b"not an array at all")
    assert name.encode() not in {r.name for r in sa.list()}
    os.unlink(shm_path(name))


def test_list_directory(names, tmp_path):
    f = names.file()
    sa.create(f, (4,), "u2")
    np.save(tmp_path / "plain.npy", np.arange(6, dtype="<i8").reshape(2, 3))
    (tmp_path / "junk.npy").write_bytes(b"junk")
    recs = {r.name: r for r in sa.list(f"file://{tmp_path}")}
    plain = f"file://{tmp_path}/plain.npy".encode()
    assert set(recs) == {f.encode(), plain}  # names are bytes, as for shm
    assert recs[plain].dims == (2, 3) and recs[plain].dtype is np.int64
    assert recs[f.encode()].np_dtype == np.dtype("<u2")


# ---------------------------------------------------------------- ro=True

def test_readonly_attach_refuses_writes(name):
    a = sa.create(name, 10, "int64")
    a[3] = 33
    r = sa.attach(name, ro=True)
    assert r[3] == 33
    assert not r.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        r[0] = 1
    with pytest.raises(ValueError):
        r.flags.writeable = True
    with pytest.raises(ValueError):  # views inherit the protection
        r[2:5].fill(1)
    with pytest.raises((TypeError, BufferError)):
        memoryview(r.base).cast("B")[0] = 1
    assert not r.any() or r[0] == 0
    # The memory itself is mapped without PROT_WRITE.
    perms = {line.split()[1] for line in mappings_of(shm_path(name))}
    assert "r--s" in perms and "rw-s" in perms  # r from attach, a writable
    del a
    # r's data only (its synchronisation trailer, a page past the data, is
    # mapped writable on its own when the segment's mode allows it)
    addr = r.ctypes.data
    perms = {line.split()[1] for line in mappings_of(shm_path(name))
             if int(line.split("-")[0], 16) <= addr <
             int(line.split()[0].split("-")[1], 16)}
    assert perms == {"r--s"}
    # A writer still sees changes through the read-only view.
    w = sa.attach(name)
    w[0] = 5
    assert r[0] == 5


def test_readwrite_array_can_be_made_writeable_again(name):
    a = sa.create(name, 3)
    a.flags.writeable = False
    with pytest.raises(ValueError):
        a[0] = 1
    a.flags.writeable = True
    a[0] = 1
    assert sa.attach(name)[0] == 1


def test_ro_accepts_truthy_values(name):
    sa.create(name, 3)
    assert not sa.attach(name, 1).flags.writeable
    assert sa.attach(name, ro=0).flags.writeable


# ------------------------------------------------ msync / mlock / munlock

def test_msync_file_array(names):
    f = names.file()
    a = sa.create(f, (64, 64), "<f4")
    a[...] = 1.5
    assert sa.msync(a, sa.MS_SYNC) is None
    assert sa.msync(a[3:, 2], sa.MS_ASYNC | sa.MS_INVALIDATE) is None
    assert sa.msync(a.T, sa.MS_SYNC) is None
    with open(f.removeprefix("file://"), "rb") as fh:
        data = fh.read()
    assert data[:6] == b"\x93NUMPY"
    back = np.frombuffer(data[4096:4096 + 64 * 64 * 4], "<f4")  # the data
    assert (back == 1.5).all()
    with pytest.raises(OSError) as e:
        sa.msync(a, 0x7000)  # no such flags: EINVAL from the kernel
    assert e.value.errno == 22 and e.value.filename == f


def test_msync_constants():
    # The system's values (Linux), the same in every language binding.
    assert (sa.MS_ASYNC, sa.MS_INVALIDATE, sa.MS_SYNC) == (1, 2, 4)


def test_mlock_munlock(name):
    a = sa.create(name, 1024, "u1")
    sa.mlock(a)
    sa.mlock(a[10:20])
    if "libasan" in os.environ.get("LD_PRELOAD", ""):
        sa.munlock(a)
        pytest.skip("AddressSanitizer turns mlock into a no-op")
    with open("/proc/self/status") as f:
        locked = [line for line in f if line.startswith("VmLck")]
    assert locked and int(locked[0].split()[1]) >= 4
    sa.munlock(a)
    with open("/proc/self/status") as f:
        locked = [line for line in f if line.startswith("VmLck")]
    assert int(locked[0].split()[1]) == 0


def test_memory_functions_find_the_mapping_through_views(name):
    a = sa.create(name, (8, 8), "f8")
    for view in (a, a[2:], a.T, a.reshape(64)[::3], a.view("u1"),
                 np.asarray(a), memoryview(a), np.asarray(memoryview(a))):
        sa.msync(view, sa.MS_SYNC)
        sa.munlock(view)


def test_memory_functions_reject_other_objects():
    for fn in (lambda x: sa.msync(x, sa.MS_SYNC), sa.mlock, sa.munlock):
        with pytest.raises(ValueError, match="not a SharedArray"):
            fn(np.zeros(3))
        with pytest.raises(TypeError):
            fn([1, 2, 3])


# ------------------------------------------------------------ API surface

PUBLIC = ["create", "attach", "delete", "list", "info", "msync", "mlock",
          "munlock", "ArrayDesc", "InvalidArrayError", "share_by_name",
          "ByValueWarning"]


def test_every_function_has_a_docstring():
    for fname in PUBLIC + ["ListElement"]:
        doc = getattr(sa, fname).__doc__
        assert doc and len(doc.strip()) > 40, fname
    assert sa.__doc__


def test_stub_and_marker_are_shipped():
    pkg = os.path.dirname(sa.__file__)
    assert os.path.exists(os.path.join(pkg, "py.typed"))
    stub = open(os.path.join(pkg, "__init__.pyi")).read()
    for fname in PUBLIC + ["MS_ASYNC", "MS_SYNC", "MS_INVALIDATE"]:
        assert fname in stub


def test_seed_signatures():
    # Keyword names of the seed API (and its later releases) still work.
    assert list(inspect.signature(sa.create).parameters)[:3] == [
        "name", "shape", "dtype"]
    assert sa.__all__ and set(PUBLIC) <= set(sa.__all__)


def test_keywords(name):
    a = sa.create(name=name, shape=(2,), dtype="i4", order="F", mode=0o600)
    b = sa.attach(name=name, ro=False)
    a[0] = 4
    assert b[0] == 4
    sa.delete(name=name)


def rss_kib(array):
    """Resident KiB of the mapping holding array's data (smaps "Rss")."""
    addr, inside = array.ctypes.data, False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split(" ", 1)[0]
            if "-" in head and ":" not in head:
                lo, hi = (int(x, 16) for x in head.split("-"))
                inside = lo <= addr < hi
            elif inside and line.startswith("Rss:"):
                return int(line.split()[1])
    return -1


def test_attach_populate_and_its_keywords(name):
    # populate=True maps every page at attach; a plain attach maps lazily
    a = sa.create(name, 1 << 18, "f8")  # 2 MiB
    assert rss_kib(sa.attach(name)) < 2048
    b = sa.attach(name, populate=True)
    assert rss_kib(b) >= 2048 and b.flags.writeable
    c = sa.attach(name, populate=True, ro=True, owner=None)
    assert rss_kib(c) >= 2048 and not c.flags.writeable
    assert not sa.attach(name, True).flags.writeable  # 3.x: attach(name, ro)
    a[7] = 2.5
    assert b[7] == c[7] == 2.5
    with pytest.raises(TypeError):
        sa.attach(name, nope=True)
    with pytest.raises(TypeError):
        sa.attach()
    with pytest.raises(TypeError):
        sa.attach(name, False, None, False, 1)
    with pytest.raises(TypeError, match="name must be str"):
        sa.attach(3, populate=True)


def test_lazy_and_populate(name):
    # default: every page reserved at create; lazy: only the header page;
    # populate: reserved and mapped. All three read as zeros and are shared.
    a = sa.create(name, (256, 1024), "f8")
    reserved = os.stat(shm_path(name)).st_blocks * 512
    assert reserved >= a.nbytes
    del a
    sa.delete(name)
    a = sa.create(name, (256, 1024), "f8", lazy=True)
    assert os.stat(shm_path(name)).st_blocks * 512 <= 8192
    a[-1, -1] = 3.0
    assert sa.attach(name)[-1, -1] == 3.0 and a.sum() == 3.0
    del a
    sa.delete(name)
    a = sa.create(name, (256, 1024), "f8", populate=True)
    assert os.stat(shm_path(name)).st_blocks * 512 >= a.nbytes
    assert not a.any()
    with pytest.raises(TypeError):
        sa.create(name, 3, "f8", "C", 0o600, True)  # lazy is keyword-only
