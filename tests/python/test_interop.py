# numpy interop, both ways: a segment is a .npy file (np.load with mmap_mode
# opens it in place), and any .npy file numpy saves attaches zero-copy as
# file://PATH.
import numpy as np
import pytest

import SharedArray as sa
from conftest import shm_path


@pytest.mark.parametrize("order", ["C", "F"])
def test_np_load_mmap_on_a_segment(name, order):
    a = sa.create(name, (5, 7), "<i4", order=order)
    a[...] = np.arange(35).reshape(5, 7)
    m = np.load(shm_path(name), mmap_mode="r+")
    assert isinstance(m, np.memmap)
    assert m.shape == (5, 7) and m.dtype == np.dtype("<i4")
    assert bool(m.flags.f_contiguous) == (order == "F")
    np.testing.assert_array_equal(m, a)
    # The same memory in both directions.
    m[4, 6] = -5
    assert a[4, 6] == -5
    a[0, 0] = 99
    assert m[0, 0] == 99
    # numpy sees the data page-aligned, as docs/format.md promises.
    assert m.offset == 4096


@pytest.mark.parametrize("arr", [
    np.arange(12, dtype="<f8").reshape(3, 4),
    np.asfortranarray(np.arange(12, dtype="<i2").reshape(3, 4)),
    np.arange(6, dtype=">u4"),
    np.array([True, False, True]),
    np.array(2.5 + 1j, dtype="<c8"),
    np.zeros((0, 3), dtype="<f2"),
])
def test_np_save_then_attach_file(tmp_path, arr):
    path = tmp_path / "saved.npy"
    np.save(path, arr)
    b = sa.attach(f"file://{path}")
    assert b.dtype == arr.dtype and b.shape == arr.shape
    np.testing.assert_array_equal(b, arr)
    assert bool(b.flags.f_contiguous) == bool(arr.flags.f_contiguous) or \
        arr.ndim < 2
    if b.size:
        # Zero-copy: a write through b reaches the file numpy reads back.
        b.flat[0] = 1
        sa.msync(b, sa.MS_SYNC)
        assert np.load(path).flat[0] == 1
    r = sa.attach(f"file://{path}", ro=True)
    assert not r.flags.writeable
    np.testing.assert_array_equal(r, b)


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_header_versions(tmp_path, version):
    path = tmp_path / f"v{version[0]}.npy"
    m = np.lib.format.open_memmap(path, mode="w+", dtype="<u8",
                                  shape=(4, 2), version=version)
    m[...] = 7
    m.flush()
    del m
    b = sa.attach(f"file://{path}")
    assert b.shape == (4, 2) and (b == 7).all()


def test_unsupported_saved_dtype_is_refused(tmp_path):
    # object arrays hold pickled pointers: never attached (structured and
    # string arrays are, see test_dtypes_more.py)
    path = tmp_path / "obj.npy"
    np.save(path, np.array([None, "x"], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="object"):
        sa.attach(f"file://{path}")
    path = tmp_path / "rec.npy"
    np.save(path, np.zeros(3, dtype=[("a", "<f8"), ("o", "O")]),
            allow_pickle=True)
    with pytest.raises(ValueError, match="object"):
        sa.attach(f"file://{path}")


def test_created_file_is_a_npy_file(names):
    f = names.file()
    a = sa.create(f, (2, 3), ">f4", order="F")
    a[...] = [[1, 2, 3], [4, 5, 6]]
    sa.msync(a, sa.MS_SYNC)
    back = np.load(f.removeprefix("file://"))
    assert back.dtype.str == ">f4" and back.flags.f_contiguous
    np.testing.assert_array_equal(back, [[1, 2, 3], [4, 5, 6]])


def test_arrays_work_with_numpy_functions(name):
    a = sa.create(name, (100,), "f8")
    a[:] = np.linspace(0, 1, 100)
    b = sa.attach(name)
    assert np.isclose(b.sum(), 50.0)
    np.sqrt(b, out=b)
    assert np.isclose(a[25], np.sqrt(25 / 99))
    assert np.shares_memory(a[:10], a[5:])
    assert not np.shares_memory(a, b)  # two mappings of the same pages
