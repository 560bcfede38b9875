# Every error class: FileNotFoundError, FileExistsError, PermissionError
# (with .filename and .errno), ValueError for bad input or a corrupt segment,
# OSError with an errno for the rest -- and never a bare RuntimeError.
import errno
import os
import struct

import numpy as np
import pytest

import SharedArray as sa
from conftest import shm_path


def test_attach_missing(name):
    with pytest.raises(FileNotFoundError) as e:
        sa.attach(name)
    assert e.value.errno == errno.ENOENT
    assert e.value.filename == name
    assert name in str(e.value)


def test_attach_missing_file(tmp_path):
    target = f"file://{tmp_path}/missing.npy"
    with pytest.raises(FileNotFoundError) as e:
        sa.attach(target)
    assert e.value.filename == target


def test_delete_missing(name):
    with pytest.raises(FileNotFoundError) as e:
        sa.delete("shm://" + name)
    assert e.value.filename == "shm://" + name


def test_create_existing(name):
    a = sa.create(name, 4)
    a[0] = 1
    with pytest.raises(FileExistsError) as e:
        sa.create(name, 8, "int8")
    assert e.value.errno == errno.EEXIST and e.value.filename == name
    # The failed create left the existing array alone.
    b = sa.attach(name)
    assert b.shape == (4,) and b.dtype == np.float64 and b[0] == 1


def _expect_permission_error(target):
    with pytest.raises(PermissionError) as e:
        sa.attach(target)
    assert e.value.errno in (errno.EACCES, errno.EPERM)
    assert e.value.filename == target


def test_permission_denied(name):
    sa.create(name, 4, mode=0o600)
    if os.geteuid() != 0:
        os.chmod(shm_path(name), 0)
        _expect_permission_error(name)
        return
    # root bypasses permission bits: check as an unprivileged user, in a
    # forked child that reports through its exit status.
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            try:
                os.setgid(65534)
                os.setuid(65534)
            except OSError:
                code = 10  # no CAP_SETUID here (e.g. a rootless container)
                raise
            try:
                sa.attach(name)
                code = 2
            except PermissionError as e:
                code = 0 if (e.filename == name and
                             e.errno in (errno.EACCES, errno.EPERM)) else 3
            try:
                sa.attach(name, ro=True)
                code = 4
            except PermissionError:
                pass
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 10:
        pytest.skip("cannot drop privileges to test permissions")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status


@pytest.mark.parametrize("bad", [
    "", "shm://", "a/b", "shm://a/b", "ftp://x", "x" * 5000,
])
def test_bad_names(bad):
    for call in (lambda: sa.attach(bad), lambda: sa.delete(bad),
                 lambda: sa.create(bad, 1)):
        with pytest.raises(ValueError):
            call()


def test_name_type_and_nul():
    with pytest.raises(TypeError):
        sa.attach(42)
    with pytest.raises(ValueError, match="NUL"):
        sa.attach("a\0b")


@pytest.mark.parametrize("dtype", [
    # object arrays hold pointers; fields out of order have no .npy descr
    "O", [("a", "<f8"), ("o", "O")], "no-such-type", object,
    {"names": ["b", "a"], "formats": ["f8", "u1"], "offsets": [8, 0]},
])
def test_bad_dtype(name, dtype):
    with pytest.raises(ValueError) as e:
        sa.create(name, 3, dtype)
    assert not os.path.exists(shm_path(name))
    # The message names the dtype at fault.
    text = str(e.value)
    spelled = {str(dtype), np.dtype(dtype).str if dtype != "no-such-type"
               else "no-such-type", "object", "out-of-order"}
    assert "dtype" in text and any(s in text for s in spelled), text


@pytest.mark.parametrize("shape", [
    -1, (2, -3), 2.5, "ab", (2, None), (2**63,), (1,) * 65,
    (2**40, 2**40),  # the byte count overflows
])
def test_bad_shape(name, shape):
    with pytest.raises(ValueError):
        sa.create(name, shape)
    assert not os.path.exists(shm_path(name))


@pytest.mark.parametrize("order", ["X", "A", "K", "CF", None, 1])
def test_bad_order(name, order):
    with pytest.raises(ValueError):
        sa.create(name, 3, order=order)


def _write_segment(name, data):
    with open(shm_path(name), "wb") as f:
        f.write(data)


def _npy_header(descr="<f8", shape="(4,)", pad_to=128):
    d = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    d = d.ljust(pad_to - 10 - 1) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(d)) + d.encode()


@pytest.mark.parametrize("data", [
    b"",                                       # empty
    b"hello, this is not an array" * 10,       # bad magic
    _npy_header()[:40],                        # header cut short
    _npy_header() + b"\0" * 8,                 # data cut short (4 f8 = 32)
    _npy_header(descr="|O") + b"\0" * 32,      # unsupported dtype
    _npy_header(shape="(-4,)") + b"\0" * 32,   # bad shape
    _npy_header().replace(b"'descr'", b"'dexcr'") + b"\0" * 32,
    b"\x93NUMPY\x09\x00" + _npy_header()[8:] + b"\0" * 32,  # version 9
])
def test_corrupt_segment(name, data):
    _write_segment(name, data)
    with pytest.raises(ValueError) as e:
        sa.attach(name)
    assert name in str(e.value)
    with pytest.raises(ValueError):
        sa.attach(name, ro=True)
    # delete refuses to remove what is not an array (an empty object could
    # be anyone's), except an array whose header is valid but whose data was
    # cut short: it is still ours.
    if data != _npy_header() + b"\0" * 8:
        with pytest.raises(ValueError):
            sa.delete(name)
        assert os.path.exists(shm_path(name))
        os.unlink(shm_path(name))
    else:
        sa.delete(name)
        assert not os.path.exists(shm_path(name))


def test_no_space(name):
    # Far more than any /dev/shm holds: reserved up front, so the error comes
    # from create (ENOSPC), not as a SIGBUS later.
    with pytest.raises(OSError) as e:
        sa.create(name, 2**50, "u1")
    assert type(e.value) is OSError
    assert e.value.errno in (errno.ENOSPC, errno.EFBIG, errno.ENOMEM)
    assert e.value.filename == name
    assert not os.path.exists(shm_path(name))


def test_directory_is_not_an_array(tmp_path):
    with pytest.raises(OSError) as e:
        sa.attach(f"file://{tmp_path}")
    assert e.value.errno == errno.EISDIR


def test_missing_directory_for_file_create(tmp_path):
    target = f"file://{tmp_path}/no/such/dir/x.npy"
    with pytest.raises(FileNotFoundError) as e:
        sa.create(target, 3)
    assert e.value.filename == target


def test_list_bad_where():
    with pytest.raises(ValueError):
        sa.list("ftp://x")
    with pytest.raises(FileNotFoundError):
        sa.list("file:///no/such/directory/anywhere")


def test_never_runtime_error(name, tmp_path):
    """Each failure above is a specific class; none is a bare RuntimeError."""
    calls = [
        lambda: sa.attach(name), lambda: sa.delete(name),
        lambda: sa.create("", 1), lambda: sa.create(name, -1),
        lambda: sa.create(name, 1, "O"), lambda: sa.attach("a/b"),
        lambda: sa.msync(np.zeros(1), 4), lambda: sa.attach(f"file://{tmp_path}"),
    ]
    for call in calls:
        with pytest.raises(Exception) as e:
            call()
        assert type(e.value) is not RuntimeError
        assert isinstance(e.value, (OSError, ValueError, TypeError))


def test_memops_on_released_memoryview(name):
    a = sa.create(name, 10)
    m = memoryview(a.base)
    m.release()
    with pytest.raises(ValueError, match="released"):
        sa.mlock(m)
    v = memoryview(a)[2:5]  # a live memoryview finds the mapping
    sa.msync(v, sa.MS_SYNC)


def test_undecodable_names(name):
    raw = name.encode() + b"\xff"
    sa.create(raw, 3)
    try:
        listed = [r.name for r in sa.list()]
        assert raw in listed  # bytes, as SharedArray 3.x lists names
        assert sa.attach(raw).shape == (3,)  # and the listed name works back
        # str names decoded with surrogateescape round-trip too
        again = sa.attach(os.fsdecode(raw))
        assert again.shape == (3,)
        sa.delete(os.fsdecode(raw))
        assert not os.path.exists(shm_path(name) + "\udcff")
    finally:
        if os.path.exists(b"/dev/shm/" + raw):
            sa.delete(raw)
    with pytest.raises(ValueError) as e:
        sa.create(name.encode() + b"\xfe/y", 3)
    assert "inside an shm name" in str(e.value)


def test_list_error_names_the_directory():
    with pytest.raises(FileNotFoundError) as e:
        sa.list("file:///nonexistent-sa-dir")
    assert e.value.filename == "file:///nonexistent-sa-dir"


@pytest.mark.parametrize("mode", [-1, 0o10000, 2**40])
def test_mode_out_of_range(name, mode):
    with pytest.raises(ValueError, match="mode"):
        sa.create(name, 3, mode=mode)
    assert not os.path.exists(shm_path(name))


def test_lowercase_order_and_empty_overflow(name):
    a = sa.create(name, (2, 3), order="f")
    assert a.flags.f_contiguous and not a.flags.c_contiguous
    del a
    sa.delete(name)
    with pytest.raises(ValueError) as e:  # numpy refuses it too
        sa.create(name, (3, 0, 2**62))
    assert name in str(e.value)
    assert not os.path.exists(shm_path(name))


@pytest.mark.parametrize("shape", [True, (2, True), (np.bool_(True),)])
def test_bool_shapes_are_refused(name, shape):
    with pytest.raises(ValueError, match="shape"):  # numpy refuses them too
        sa.create(name, shape)
    with pytest.raises(ValueError, match="mode"):
        sa.create(name, 3, mode=True)
    assert not os.path.exists(shm_path(name))
