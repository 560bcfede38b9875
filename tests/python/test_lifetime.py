# Lifetime: the array's base object owns the mapping. It is unmapped when the
# last view dies and never before; delete() never invalidates live arrays;
# nothing leaks (mappings or file descriptors) over thousands of cycles.
import gc
import pickle

import numpy as np
import pytest

import SharedArray as sa
from conftest import mappings_of, open_fds, shm_path


def test_unmapped_when_array_dies(name):
    path = shm_path(name)
    a = sa.create(name, 100)
    assert len(mappings_of(path)) == 1
    b = sa.attach(name)
    assert len(mappings_of(path)) == 2
    del a
    assert len(mappings_of(path)) == 1
    del b
    assert mappings_of(path) == []


def test_slice_outlives_parent(name):
    path = shm_path(name)
    a = sa.create(name, (10, 10), "int32")
    a[...] = np.arange(100).reshape(10, 10)
    s = a[5:, ::2]
    del a
    gc.collect()
    assert len(mappings_of(path)) == 1, "the slice must keep the mapping"
    assert s[0, 1] == 52 and s[4, 4] == 98
    s[0, 0] = -1
    assert sa.attach(name)[5, 0] == -1
    del s
    assert mappings_of(path) == []


@pytest.mark.parametrize("derive", [
    lambda a: a.T, lambda a: a.reshape(-1), lambda a: a.view("u1"),
    lambda a: a[..., None], lambda a: np.asarray(a), lambda a: a.ravel(),
    lambda a: memoryview(a), lambda a: np.frombuffer(memoryview(a), "i4"),
    lambda a: a[1][2:],
])
def test_derived_views_keep_the_mapping(name, derive):
    path = shm_path(name)
    a = sa.create(name, (4, 4), "int32")
    a[1, 3] = 7
    v = derive(a)
    del a
    assert len(mappings_of(path)) == 1
    assert 7 in np.asarray(v).view("int32").ravel()
    del v
    assert mappings_of(path) == []


def test_copies_do_not_keep_the_mapping(name):
    a = sa.create(name, 8)
    a[:] = 2.0
    c = a.copy()
    p = pickle.loads(pickle.dumps(a))
    del a
    assert mappings_of(shm_path(name)) == []
    assert (c == 2.0).all() and (p == 2.0).all()


def test_reference_cycle_collected_by_gc(name):
    path = shm_path(name)
    a = sa.create(name, 16)
    holder = {"array": a[2:]}
    holder["self"] = holder  # a cycle: only gc can free it
    del a
    gc.collect()
    assert len(mappings_of(path)) == 1
    del holder
    assert len(mappings_of(path)) == 1, "a cycle is freed by gc, not before"
    gc.collect()
    assert mappings_of(path) == []


def test_delete_keeps_live_arrays_valid(name):
    path = shm_path(name)
    a = sa.create(name, 1000, "float32")
    a[:] = 3.25
    b = sa.attach(name)
    sa.delete(name)
    with pytest.raises(FileNotFoundError):
        sa.attach(name)
    # Both arrays still share the (now nameless) memory.
    assert (b == 3.25).all()
    b[999] = 1.0
    assert a[999] == 1.0
    lines = mappings_of(path)
    assert len(lines) == 2 and all(line.rstrip().endswith("(deleted)")
                                   for line in lines)
    # The name is free again; a new array under it is distinct memory.
    c = sa.create(name, 1000, "float32")
    assert c[999] == 0 and a[999] == 1.0
    del a, b, c
    assert mappings_of(path) == []


def test_file_array_lifetime(names, tmp_path):
    f = names.file()
    path = f.removeprefix("file://")
    a = sa.create(f, 10)
    v = a[::2]
    del a
    assert len(mappings_of(path)) == 1
    del v
    assert mappings_of(path) == []


def test_no_fd_or_mapping_leaks_over_many_cycles(names):
    name = names.shm("leak")
    path = shm_path(name)
    sa.attach  # warm up imports before counting
    fds = open_fds()
    for i in range(3000):
        a = sa.create(name, (4, 4), "int16")
        a[0, 0] = i
        b = sa.attach(name, ro=bool(i & 1))
        assert b[0, 0] == i
        del a, b
        sa.delete(name)
    assert open_fds() == fds
    assert mappings_of(path) == []


def test_no_fd_leaks_on_errors(names, tmp_path):
    name = names.shm("err")
    with open(shm_path(name), "wb") as fh:
        fh.write(b"garbage" * 100)
    missing = names.shm("missing")
    fds = open_fds()
    for _ in range(2000):
        for call in (lambda: sa.attach(name), lambda: sa.attach(missing),
                     lambda: sa.delete(name), lambda: sa.create(name, 1),
                     lambda: sa.attach(f"file://{tmp_path}")):
            with pytest.raises((OSError, ValueError)):
                call()
    assert open_fds() == fds
    assert mappings_of(shm_path(name)) == []
