# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Share numpy arrays between processes -- and languages -- with no copy.

An array lives in a named POSIX shared-memory object ("NAME" or
"shm://NAME") or in a file ("file://PATH"), laid out exactly as a .npy file.
create() and attach() return ordinary numpy.ndarray objects whose memory *is*
that segment: a write in one process is seen at once by every other process
(Python, Lua, Octave, C or the `sharedarray` tool) that attached it.

    >>> import SharedArray as sa
    >>> a = sa.create("shm://demo", (2, 3), dtype="int32")
    >>> b = sa.attach("demo")          # e.g. in another process
    >>> a[0, 0] = 7; int(b[0, 0])
    7
    >>> sa.delete("demo")              # a and b stay valid until they die

The memory is unmapped when the last array, slice or view using it is gone;
delete() only removes the name.

Errors: FileNotFoundError, FileExistsError and PermissionError (with
.filename set); InvalidArrayError, which is both a ValueError and an OSError
(errno EINVAL), for a bad name or a segment that is not a valid array;
DtypeError, both a ValueError and a TypeError (SharedArray 3.x raised
TypeError, numpy's own error), for a dtype that cannot be shared; ValueError
for a bad shape, order or mode; and OSError with .errno for
other system errors (ENOSPC when /dev/shm is full).

Code written for SharedArray 3.x runs unchanged: list() returns a tuple of
ArrayDesc records (name as bytes, dtype as the numpy scalar type, dims), and
an array's base has msync(), mlock(), munlock(), name, addr and size. The
README's "Differences from SharedArray 3.x" lists what differs, and why.

Arrays travel by name to other processes: passed to a multiprocessing
Process (spawn or forkserver), sent through a Queue, a Pipe, a Pool or a
concurrent.futures.ProcessPoolExecutor, or to joblib's loky workers, a
shared array (or any view of it) is attached by the receiver, which then
sees and writes the same memory. Plain pickle.dumps() still copies. See
share_by_name() and SharedArray._by_name.

Every array that create() makes carries a lock and a generation counter,
shared by every process (and language) that attaches it:

    >>> with sa.lock(a):               # writers: under the lock
    ...     a[:] = 1
    >>> sa.notify(a)                   # generation + 1, every waiter woken
    >>> g = sa.wait(b, 0)              # elsewhere: the generation, once it is not 0
    >>> copy = sa.snapshot(b)          # a consistent private copy, under the lock

info() and list() records also say who created an array (creator_pid,
created, creator_alive), which processes map it now (holders,
holders_incomplete), and whether it is stale (stale: its creator gone and
nobody holding it).
"""
import ast as _ast
import functools as _functools
import operator as _operator

import numpy as _np

from . import _sharedarray

_CREATE_LAZY = _sharedarray.CREATE_LAZY
_CREATE_POPULATE = _sharedarray.CREATE_POPULATE
from ._sharedarray import (
    MS_ASYNC,
    MS_INVALIDATE,
    MS_SYNC,
    _delete,
    _msync,
    generation,
    info,
    mlock,
    munlock,
    notify,
    unlock,
)

from ._by_name import ByValueWarning, share_by_name

_TYPES = _sharedarray._types()
ArrayDesc = _TYPES["ArrayDesc"]
InvalidArrayError = _TYPES["InvalidArrayError"]
attach = _TYPES["attach"]
lock = _TYPES["lock"]
wait = _TYPES["wait"]
snapshot = _TYPES["snapshot"]
Lock = _TYPES["Lock"]
OwnerDiedWarning = _TYPES["OwnerDiedWarning"]
#: The name the records of list() had before they became ArrayDesc.
ListElement = ArrayDesc


class DtypeError(ValueError, TypeError):
    """A dtype that cannot be shared (unknown, object, or not describable
    in a .npy header). Both a ValueError and a TypeError: SharedArray 3.x
    let numpy's TypeError through, so `except TypeError` still catches it."""

__version__ = _sharedarray.VERSION
__all__ = [
    "create", "attach", "delete", "list", "info", "msync", "mlock",
    "munlock", "ArrayDesc", "InvalidArrayError", "DtypeError", "ListElement",
    "MS_ASYNC",
    "MS_SYNC", "MS_INVALIDATE", "share_by_name", "ByValueWarning",
    "lock", "unlock", "notify", "wait", "generation", "snapshot", "Lock",
    "OwnerDiedWarning",
]

_INT64_MAX = 2**63 - 1


def _shape_tuple(shape):
    """shape (an int or a sequence of ints) as a tuple of ints."""
    try:
        if isinstance(shape, bool):
            raise TypeError
        dims = (_operator.index(shape),)
    except TypeError:
        try:
            if any(isinstance(d, (bool, _np.bool_)) for d in shape):
                raise TypeError
            dims = tuple(_operator.index(d) for d in shape)
        except TypeError:
            raise ValueError(f"invalid shape {shape!r}: expected an int or "
                             f"a tuple of ints") from None
    for d in dims:
        if d < 0 or d > _INT64_MAX:
            raise ValueError(
                f"invalid shape {shape!r}: each dimension must be in "
                f"0..2**63-1")
    return dims


def _descr(dtype):
    """(descr, extra dims) of anything np.dtype() takes, or DtypeError.

    The descr is what numpy's .npy header holds: dt.str for a plain dtype
    ("<f8", "|S10", "<M8[ns]"), the list of fields as text for a structured
    one. A sub-array dtype such as ("f8", (2, 3)) adds its dims to the
    shape, as numpy.zeros(n, dtype) does."""
    try:
        dt = _np.dtype(dtype)
    except TypeError as exc:
        raise DtypeError(f"unsupported dtype {dtype!r}: {exc}") from None
    extra = ()
    if dt.subdtype is not None:
        dt, extra = dt.subdtype
    if dt.hasobject:
        raise DtypeError(f"unsupported dtype {dtype!r}: object arrays cannot "
                         f"be shared (they hold pointers into one process)")
    if dt.names is None:
        return dt.str, extra
    try:
        text = repr(_np.lib.format.dtype_to_descr(dt))
    except ValueError as exc:  # overlapping or out-of-order fields
        raise DtypeError(f"unsupported dtype {dtype!r}: {exc}") from None
    if _dtype_from_descr(text) != dt:
        raise DtypeError(f"unsupported dtype {dtype!r}: a .npy header cannot "
                         f"describe it exactly")
    return text, extra


@_functools.lru_cache(maxsize=256)
def _dtype_from_descr(text):
    """The numpy.dtype of a .npy descr ("<f8", "|S10", or a structured
    dtype's list of fields written as text), as numpy.load reads it."""
    if text.startswith("["):
        return _np.lib.format.descr_to_dtype(_ast.literal_eval(text))
    return _np.dtype(text)


# dtype spellings seen most often, resolved once (the core checks the rest)
_DESCR_CACHE = {d: _descr(d)[0] for d in (
    float, int, bool, complex, _np.float64, _np.float32, _np.float16,
    _np.int8, _np.int16, _np.int32, _np.int64, _np.uint8, _np.uint16,
    _np.uint32, _np.uint64, _np.bool_, _np.complex64, _np.complex128,
    "f8", "f4", "f2", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1",
    "c8", "c16", "float64", "float32", "float16", "int8", "int16", "int32",
    "int64", "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
    "complex128")}


def create(name, shape, dtype=float, order="C", mode=0o600, *, lazy=False,
           populate=False):
    """Create a new shared array and return it as a zero-filled ndarray.

    name:  "NAME" or "shm://NAME" (POSIX shared memory, /dev/shm/NAME on
           Linux) or "file://PATH" (a .npy file).
    shape: an int or a tuple of ints, as for numpy.zeros().
    dtype: anything numpy.dtype() takes (float, "int32", np.uint8, "<f4",
           "S10", "U8", "datetime64[ns]", np.longdouble, structured dtypes
           such as [("x", "f8"), ("n", "i4", (3,))], ...), in either byte
           order: every dtype numpy.save writes, except object dtypes
           (ValueError). A sub-array dtype adds its dims to the shape, as
           for numpy.zeros(). Lua, Octave and the CLI read only the numeric
           dtypes (bool, int, uint, float16/32/64, complex64/128); they
           refuse the others with an error naming the dtype.
    order: "C" (row-major) or "F" (column-major).
    mode:  permission bits of the new segment or file, 0 to 0o777 (0o600
           by default, and 0 also means that default): pass 0o640 to share
           the array with the group, 0o666 with everyone. Setuid, setgid
           and sticky bits (above 0o777) raise ValueError.
    lazy:  do not reserve the memory up front. Creating a big array that
           will be written sparsely is then O(1), but a full /dev/shm shows
           up as a SIGBUS when a page is first written, instead of as an
           OSError(ENOSPC) here. Off by default.
    populate: map every page at create, so that the first write runs at
           memory speed instead of taking a page fault per page. The time
           moves into create, which Ctrl-C can interrupt: the
           KeyboardInterrupt then leaves no segment behind. Off by default.

    The array's memory is the segment itself. The name stays until
    delete(name); the mapping stays until the last view of the array dies.
    Raises FileExistsError if name exists, InvalidArrayError (a ValueError
    and an OSError) for a bad name, ValueError for a bad shape, dtype, order
    or mode, and OSError (ENOSPC, ...) if the memory cannot be reserved.
    """
    extra = ()
    try:
        descr = _DESCR_CACHE[dtype]  # the common dtypes, without np.dtype()
    except (KeyError, TypeError):
        descr, extra = _descr(dtype)
    # one ASCII letter; the core checks which (C, F, c or f)
    if not isinstance(order, str) or len(order) != 1 or not order.isascii():
        raise ValueError(f"invalid order {order!r} (use 'C' or 'F')")
    if isinstance(mode, bool):
        raise ValueError(f"invalid mode {mode!r} (permission bits, e.g. 0o640)")
    mode = _operator.index(mode)
    if not 0 <= mode <= 0o7777:
        raise ValueError(f"invalid mode {mode!r} (permission bits, e.g. 0o640)")
    flags = (_CREATE_LAZY if lazy else 0) | (_CREATE_POPULATE if populate else 0)
    if type(shape) is int and 0 <= shape <= _INT64_MAX:
        dims = (shape,)
    else:
        dims = _shape_tuple(shape)
    return _sharedarray._create(name, dims + extra, descr, order, mode, flags)


def list(where=None):  # noqa: A001 -- the seed API's name
    """Return the shared arrays that exist, as a tuple of ArrayDesc records.

    Each record is, as in SharedArray 3.x, the sequence (name, dtype, dims):
    name is bytes (b"frame"), dtype the numpy scalar type (numpy.float64,
    numpy.int32, ...: without the byte order) and dims a tuple of ints. So
    `for name, dtype, dims in sa.list()`, `rec.name.decode()` and
    `rec.dtype is numpy.int32` work as they did. The attributes shape,
    order ("C" or "F"), nbytes, descr (".npy" descr, e.g. ">f8"), np_dtype
    (the numpy.dtype, byte order included), size, mode and uid say more;
    has_sync (whether it has a synchronisation trailer), generation,
    creator_pid, created (a datetime in UTC), created_ns, creator_alive,
    holders (the pids that map it now) and holders_incomplete (True when
    /proc hid some processes' maps), both read from /proc on first access,
    once for all the records of one call, and stale (True when the creator
    is gone and no process has it open or mapped; None when that cannot be
    told; computed on first access) tell its state and provenance. Without
    a synchronisation trailer (np.save files, segments of SharedArray 3.x)
    these are None, except has_sync, holders and holders_incomplete.

    where=None (or "shm://") lists POSIX shared memory (/dev/shm);
    where="file://DIR" lists the .npy files of DIR, named b"file://DIR/F".
    Objects that are not valid arrays are skipped.
    """
    return _sharedarray._list(where)


def delete(name, force=False):
    """Remove the array called name ("NAME", "shm://NAME" or "file://PATH").

    Arrays already attached stay valid; the memory is freed when the last
    one is gone. Raises FileNotFoundError if there is no such array.

    Refuses, with InvalidArrayError (a ValueError and an OSError), to remove
    anything that is not a SharedArray or .npy file, unless force is true.
    An array whose data was cut short, and what a creator that was killed
    mid-create left, are removed without force; an empty object needs it.
    """
    _delete(name, force)


def msync(array, flags):
    """Flush the memory of array (or of any view of it) to its backing
    store, as msync(2) does: flags is MS_ASYNC or MS_SYNC, optionally or-ed
    with MS_INVALIDATE. Mostly useful for file:// arrays."""
    _msync(array, flags)
