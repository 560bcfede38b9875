# Copyright (c) 2026 The SharedArray developers. MIT License.
"""Shared arrays travel by name through multiprocessing, concurrent.futures
and joblib (issue 17).

On import, a reducer for numpy.ndarray is registered with
multiprocessing.reduction.ForkingPickler: the pickler that multiprocessing
uses for Process arguments under spawn and forkserver, Queue, Pipe, Pool and
concurrent.futures.ProcessPoolExecutor. An array whose memory lies inside a
SharedArray mapping (the array create() or attach() returned, or any slice,
view or transpose of it, negative strides included) is reduced to

    (name, device, inode, offset, shape, strides, dtype, read-only)

and the receiver attaches the segment and rebuilds the exact view over the
same memory: what either side writes, the other sees. The receiver attaches
only the segment with that device and inode (sa_attach_same, checked on the
opened descriptor): a name that was deleted and created again since is
refused with FileNotFoundError, never silently attached.

Any other ndarray reduces exactly as numpy's own reduction does, and plain
pickle.dumps() (to a file, a socket) is untouched: it pickles by value.

When the name is gone (deleted after create, a common SharedArray 3.x
pattern that relied on fork), the array is pickled by value, as before, with
a ByValueWarning: the receiver gets a copy whose writes the sender never
sees. Keep the name until the receivers have attached it (they keep their
mapping after a delete), or turn the warning into an error with the
warnings module.

With joblib installed, its loky backend (Parallel(n_jobs=...)) passes them
by name too: joblib's ndarray reducer, which would otherwise copy an array
into a temporary memmap file (or pickle a small one by value), is wrapped
when joblib._memmapping_reducer is imported.

share_by_name(False), or SHAREDARRAY_BY_VALUE=1 in the environment (read at
import, and inherited by spawned children), turns all this off: arrays are
pickled by value, silently, as SharedArray 3.x did.
"""
import importlib.machinery as _machinery
import multiprocessing.reduction as _mpr
import os as _os
import pickle as _pickle
import sys as _sys
import warnings as _warnings

import numpy as _np

from . import _sharedarray

_Mapping = _sharedarray._types()["Mapping"]
# multiprocessing pickles with the default protocol: numpy's own reduction
# for that protocol is what an ndarray that is not ours gets
_PROTOCOL = _pickle.DEFAULT_PROTOCOL


def _env_enabled():
    return _os.environ.get("SHAREDARRAY_BY_VALUE", "").strip() in ("", "0")


_enabled = _env_enabled()


class ByValueWarning(UserWarning):
    """A SharedArray array was pickled by value for another process because
    its name no longer refers to its segment: the receiver gets a copy."""


def share_by_name(enabled=None):
    """Turn passing arrays by name to other processes on or off.

    share_by_name(True) (the default, unless SHAREDARRAY_BY_VALUE=1 is set
    in the environment) makes shared arrays, and views of them, travel by
    name through multiprocessing (spawn/forkserver Process arguments, Queue,
    Pipe, Pool), concurrent.futures.ProcessPoolExecutor and joblib's loky
    backend: the receiver maps the same memory. share_by_name(False) pickles
    them by value, as SharedArray 3.x did: the receiver gets a copy.
    share_by_name() only reports. Returns the setting before the call. It
    applies to this process; set SHAREDARRAY_BY_VALUE=1 in the environment
    to turn it off in spawned children as well.
    """
    global _enabled
    before = _enabled
    if enabled is not None:
        _enabled = bool(enabled)
    return before


def _mapping_of(a):
    """The Mapping whose memory a (an ndarray) lies in, or None."""
    b = a.base
    while b is not None:
        if type(b) is _Mapping:
            return b
        if isinstance(b, _np.ndarray):
            b = b.base
        elif type(b) is memoryview:
            b = b.obj
        else:
            return None
    return None


def _by_name(a):
    """The by-name reduction of a, or None to pickle a by value."""
    if a.size == 0:
        return None  # no memory to share
    m = _mapping_of(a)
    if m is None:
        return None
    name, dev, ino, map_ro, addr, size, gone = _sharedarray._share_info(m)
    if gone is not None:
        _warnings.warn(
            f"SharedArray: {gone}: the array is pickled by value, so the "
            f"other process gets a copy and its writes are not seen here. "
            f"Keep the name until the receivers have attached it (they keep "
            f"their mapping after a delete), or call "
            f"SharedArray.share_by_name(False) to copy without this warning",
            ByValueWarning, stacklevel=3)
        return None
    start = a.__array_interface__["data"][0]
    lo = hi = start
    for n, st in zip(a.shape, a.strides):
        if st < 0:
            lo += (n - 1) * st
        else:
            hi += (n - 1) * st
    hi += a.itemsize
    if lo < addr or hi > addr + size:
        return None  # not inside the data (cannot happen for numpy views)
    if name.startswith("file://") and not name.startswith("file:///"):
        name = "file://" + _os.path.abspath(name[7:])
    readonly = bool(map_ro or not a.flags.writeable)
    return (_rebuild, (name, dev, ino, start - addr, a.shape, a.strides,
                       a.dtype, readonly))


def _rebuild(name, dev, ino, offset, shape, strides, dtype, readonly):
    """The receiver's side: attach the very segment, and make the view."""
    whole = _sharedarray._attach_same(name, readonly, dev, ino)
    a = _np.ndarray(shape, dtype, buffer=whole.base, offset=offset,
                    strides=strides)
    if readonly and a.flags.writeable:
        a.flags.writeable = False
    return a


def _reduce_ndarray(a):
    """ForkingPickler's reducer for numpy.ndarray (exact type only)."""
    if _enabled:
        r = _by_name(a)
        if r is not None:
            return r
    return a.__reduce_ex__(_PROTOCOL)


_mpr.ForkingPickler.register(_np.ndarray, _reduce_ndarray)


# ------------------------------------------------------------------ joblib

_joblib_backward_orig = None


def _joblib_backward(a):
    """joblib's reduce_array_memmap_backward (results sent back by loky
    workers), by name for our arrays."""
    if _enabled:
        r = _by_name(a)
        if r is not None:
            return r
    if _joblib_backward_orig is None:  # a worker that has not imported it
        import joblib._memmapping_reducer as mod
        _patch_joblib(mod)
    return _joblib_backward_orig(a)


def _patch_joblib(mod):
    """Wrap joblib's ndarray reducers in mod (joblib._memmapping_reducer)."""
    global _joblib_backward_orig
    cls = getattr(mod, "ArrayMemmapForwardReducer", None)
    if cls is not None and not getattr(cls.__call__, "_sharedarray", False):
        forward = cls.__call__

        def __call__(self, a):
            if _enabled:
                r = _by_name(a)
                if r is not None:
                    return r
            return forward(self, a)

        __call__._sharedarray = True
        __call__.__wrapped__ = forward
        cls.__call__ = __call__
    backward = getattr(mod, "reduce_array_memmap_backward", None)
    if backward is not None and backward is not _joblib_backward:
        _joblib_backward_orig = backward
        mod.reduce_array_memmap_backward = _joblib_backward


class _JoblibHook:
    """Patches joblib._memmapping_reducer when it is imported after us."""

    target = "joblib._memmapping_reducer"

    def find_spec(self, fullname, path, target=None):
        if fullname != self.target:
            return None
        spec = _machinery.PathFinder.find_spec(fullname, path)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        exec_module = loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _patch_joblib(module)

        loader.exec_module = exec_and_patch
        return spec


if _JoblibHook.target in _sys.modules:
    _patch_joblib(_sys.modules[_JoblibHook.target])
elif not any(isinstance(f, _JoblibHook) for f in _sys.meta_path):
    _sys.meta_path.insert(0, _JoblibHook())
