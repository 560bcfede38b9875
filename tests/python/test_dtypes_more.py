# Every dtype numpy.save writes, except object: structured (nested, with
# sub-array fields, packed or aligned, with titles), bytes, unicode, void,
# datetime64, timedelta64 and longdouble. Each must round-trip exactly with
# numpy.save / numpy.load both ways, in both byte orders, and cross
# processes; list() and info() describe them.
import multiprocessing as mp
import os

import numpy as np
import pytest

import SharedArray as sa
from conftest import shm_path

DTYPES = {
    "nested": np.dtype([("x", "<f8"), ("y", ">i4", (2,)),
                        ("s", [("u", "<U2"), ("b", "S3")])]),
    "aligned": np.dtype([("a", "u1"), ("b", "<f8"), ("c", "<i2")], align=True),
    "titles": np.dtype([(("a title", "n"), "<i2"), ("m", ">M8[ms]")]),
    "subarray": np.dtype([("img", "u1", (4, 3)), ("t", "<f4")]),
    "bytes": np.dtype("S5"),
    "unicode_le": np.dtype("<U3"),
    "unicode_be": np.dtype(">U3"),
    "void": np.dtype("V6"),
    "datetime": np.dtype("<M8[ns]"),
    "datetime_be": np.dtype(">M8[D]"),
    "timedelta": np.dtype("<m8[10s]"),
    "longdouble": np.dtype(np.longdouble),
    "clongdouble": np.dtype(np.clongdouble),
}


def sample(dt, shape=(2, 3)):
    """Deterministic, non-zero contents of dtype dt."""
    n = int(np.prod(shape))
    raw = (np.arange(n * dt.itemsize, dtype=np.uint64) * 37 % 251 + 1)
    a = np.frombuffer(raw.astype(np.uint8).tobytes(), dtype=dt).reshape(shape)
    if dt.kind in "fc":  # avoid NaN payloads, which compare unequal
        a = np.arange(n, dtype=dt).reshape(shape) * 1.5
    if dt.names is not None:  # padding bytes are not copied: keep them 0
        clean = np.zeros(shape, dt)
        clean[...] = a
        a = clean
    if dt.kind == "U":
        a = np.array(["ab", "\u00e9t\u00e9", "x", "", "zz", "q"][:n],
                     dtype=dt).reshape(shape)
    return a


def data_bytes(x):
    """x's bytes, with a structured dtype's padding (not data) zeroed."""
    if x.dtype.names is None:
        return x.tobytes()
    clean = np.zeros(x.shape, x.dtype)
    clean[...] = x  # copies the fields only
    return clean.tobytes()


def same(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    assert data_bytes(a) == data_bytes(b)


@pytest.mark.parametrize("kind", sorted(DTYPES))
@pytest.mark.parametrize("order", ["C", "F"])
def test_round_trip_with_numpy(names, tmp_path, kind, order):
    dt = DTYPES[kind]
    want = np.asarray(sample(dt), order=order)
    # ours -> numpy.load
    name = names.shm(kind)
    a = sa.create(name, want.shape, dt, order=order)
    a[...] = want
    same(np.load(shm_path(name)), want)
    got = np.load(shm_path(name), mmap_mode="r")
    same(got, want)
    assert got.flags.f_contiguous == (order == "F" and want.ndim > 1) or \
        got.flags.c_contiguous
    # numpy.save -> ours, through file://
    path = tmp_path / f"{kind}.npy"
    np.save(path, want)
    b = sa.attach(f"file://{path}")
    same(b, want)
    b.flat[0] = want.flat[-1]  # write-through
    assert np.load(path)[np.unravel_index(0, want.shape)] == want.flat[-1]
    rec = sa.info(name)
    assert rec.np_dtype == dt and rec.dtype is dt.type
    assert [r for r in sa.list() if r.name == name.encode()][0].dims == (2, 3)


def test_subarray_dtype_adds_dims(name):
    a = sa.create(name, 4, ("f8", (2, 3)))
    assert a.shape == (4, 2, 3) and a.dtype == np.float64
    assert a.shape == np.zeros(4, ("f8", (2, 3))).shape


def test_object_and_unrepresentable_are_refused(name):
    for dt in (object, [("a", "f8"), ("o", object)]):
        with pytest.raises(ValueError, match="object"):
            sa.create(name, 3, dt)
    with pytest.raises(ValueError, match="out-of-order"):
        sa.create(name, 3, {"names": ["b", "a"], "formats": ["f8", "u1"],
                            "offsets": [8, 0]})
    assert not os.path.exists(shm_path(name))


def _fill_row(args):
    name, i = args
    a = sa.attach(name)
    a[i]["x"] = i * 1.5
    a[i]["y"] = (i, -i)
    a[i]["s"]["u"] = str(i)
    return a.dtype.descr == DTYPES["nested"].descr


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_structured_through_a_process_pool(name, method):
    a = sa.create(name, 6, DTYPES["nested"])
    with mp.get_context(method).Pool(2) as pool:
        assert all(pool.map(_fill_row, [(name, i) for i in range(6)]))
    assert list(a["x"]) == [i * 1.5 for i in range(6)]
    assert a["y"][5].tolist() == [5, -5]
    assert a["s"]["u"][4] == "4"


def test_other_languages_refuse_by_dtype(name):
    # The core maps these only for bindings that ask (Python does); others
    # get SA_EDTYPE naming the dtype, which the CLI shows.
    import shutil
    import subprocess
    cli = os.environ.get("SA_CLI") or shutil.which("sharedarray")
    sa.create(name, 2, "S4")
    if cli is None:
        pytest.skip("the sharedarray tool is not on PATH (set SA_CLI)")
    p = subprocess.run([cli, "dump", name], capture_output=True, text=True)
    assert p.returncode == 1 and "|S4" in p.stderr, p.stderr


def test_latin1_field_names_from_numpy(tmp_path):
    # numpy writes a .npy 1.0 header (latin-1) for names such as these
    path = tmp_path / "latin.npy"
    want = np.zeros(2, [("\u00e9", "<i4"), ("temp_\u00b0C", "<f8")])
    want["temp_\u00b0C"] = [1.5, -2]
    np.save(path, want)
    got = sa.attach(f"file://{path}")
    same(got, want)


def _plant(name, descr):
    """A segment whose header numpy would refuse, left by a hostile user."""
    head = ("{'descr': %s, 'fortran_order': False, 'shape': (2,), }"
            % descr).encode()
    head += b" " * (118 - len(head)) + b"\n"
    with open(shm_path(name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(head).to_bytes(2, "little") +
                head + bytes(64))


@pytest.mark.parametrize("descr", [
    "[(('a', 'a'), '<i4')]",                   # a title that is its name
    "[(('b', 'a'), '<i4'), ('b', '<f8')]",     # a title used as a name
    "[('a', '<i4'), ('a', '<f8')]",            # a name used twice
])
def test_planted_headers_numpy_refuses(names, descr):
    name = names.shm("plant")
    _plant(name, descr)
    with pytest.raises(sa.InvalidArrayError):
        sa.attach(name)
    assert name.encode() not in [r.name for r in sa.list()]  # list() works
    os.unlink(shm_path(name))
