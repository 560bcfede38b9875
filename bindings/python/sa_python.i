/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_python.i -- the Python part of the SWIG interface, %included by
 * bindings/sharedarray.i. It builds the extension SharedArray._sharedarray;
 * the package SharedArray/__init__.py re-exports it with a few thin helpers.
 *
 * The binding contract (see sharedarray.i):
 *   - view-out: an sa_array* becomes a numpy.ndarray made with
 *     PyArray_NewFromDescr over the mapped data. Its base object is a small
 *     "Mapping" object that owns the sa_array and calls sa_release in its
 *     destructor, so the memory is unmapped when the last view, slice or
 *     derived array dies, and never before. Mapping also implements the
 *     buffer protocol (writable unless read-only), so numpy's
 *     `a.flags.writeable = True` works on read-write arrays and is refused on
 *     read-only ones.
 *   - errors: a negative code becomes a Python exception. The library's own
 *     codes are ValueError; -errno codes are OSError(errno, message, name),
 *     which Python turns into FileNotFoundError, FileExistsError,
 *     PermissionError, ... by itself.
 *
 * numpy.i is not used (numpy wheels do not ship it): the few conversions
 * needed are written here with the NumPy C API. Built against numpy >= 2
 * headers, the module runs on numpy 1.23+ and 2.x.
 */

%{
#include <numpy/arrayobject.h>
#include <numpy/npy_endian.h>
#include <string.h>
%}

/* ------------------------------------------------------- module init */

%{
/* The owner of one mapping: the base object of every ndarray we make. */
typedef struct {
  PyObject_HEAD
  sa_array *arr;
} sa_py_mapping;

static void sa_py_mapping_dealloc(PyObject *self) {
  sa_release(((sa_py_mapping *)self)->arr);
  Py_TYPE(self)->tp_free(self);
}

static int sa_py_mapping_getbuffer(PyObject *self, Py_buffer *view,
                                   int flags) {
  sa_array *a = ((sa_py_mapping *)self)->arr;
  return PyBuffer_FillInfo(view, self, sa_data(a), (Py_ssize_t)sa_nbytes(a),
                           sa_readonly(a), flags);
}

static PyObject *sa_py_mapping_repr(PyObject *self) {
  sa_array *a = ((sa_py_mapping *)self)->arr;
  return PyUnicode_FromFormat("<SharedArray mapping of '%s'%s>", sa_name(a),
                              sa_readonly(a) ? " (read-only)" : "");
}

static PyBufferProcs sa_py_mapping_as_buffer = {
  sa_py_mapping_getbuffer, /* bf_getbuffer */
  NULL,                    /* bf_releasebuffer */
};

static PyTypeObject sa_py_mapping_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "SharedArray._sharedarray.Mapping",
  .tp_basicsize = sizeof(sa_py_mapping),
  .tp_dealloc = sa_py_mapping_dealloc,
  .tp_repr = sa_py_mapping_repr,
  .tp_as_buffer = &sa_py_mapping_as_buffer,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_doc = "Owner of one SharedArray mapping: the base object of the arrays "
            "that create() and attach() return. The memory is unmapped when "
            "the last array using it is gone.",
};

/* Everything %init needs, in a function that returns an int, so that %init
 * itself only has to return the right failure value for its SWIG version. */
static int sa_py_module_init(void) {
  if (PyArray_ImportNumPyAPI() < 0)
    return -1;
  return PyType_Ready(&sa_py_mapping_type);
}
%}

/* SWIG <= 4.3 runs %init inside PyInit_<module>, which returns a module
 * object (NULL on failure); SWIG >= 4.4 uses multi-phase init and runs it
 * inside an exec function that returns an int (-1 on failure). numpy's
 * import_array() macro returns NULL, so it is not used here. */
%init %{
  if (sa_py_module_init() < 0) {
#if SWIG_VERSION >= 0x040400
    return -1;
#else
    return NULL;
#endif
  }
%}

/* ------------------------------------------------------------ helpers */

%{
/* Raise the Python exception for core error rc. name is the object the user
 * passed (or NULL) and becomes the exception's .filename. */
static void sa_py_raise(int rc, PyObject *name) {
  const char *msg, *text;
  PyObject *exc;
  if (rc == SA_EOWNER) {
    /* not the expected owner: a PermissionError, as for any refused open */
    exc = PyObject_CallFunction(PyExc_OSError, "iO&O", EPERM,
                                PyUnicode_DecodeFSDefault, sa_errmsg(),
                                name ? name : Py_None);
    if (exc != NULL) {
      PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
      Py_DECREF(exc);
    }
    return;
  }
  if (sa_is_own_error(rc)) {
    /* names are bytes: undecodable ones keep their bytes (surrogateescape) */
    PyObject *utext = PyUnicode_DecodeFSDefault(sa_errmsg());
    if (utext != NULL) {
      PyErr_SetObject(PyExc_ValueError, utext);
      Py_DECREF(utext);
    }
    return;
  }
  /* OSError(errno, strerror, filename) picks the subclass by errno. The
   * core's message is "NAME: strerror[: detail]"; the name goes to
   * .filename, so the message starts at the strerror text. */
  msg = sa_errmsg();
  if (name != NULL && (text = strstr(msg, sa_strerror(rc))) != NULL)
    msg = text;
  exc = PyObject_CallFunction(PyExc_OSError, "iO&O", -rc,
                              PyUnicode_DecodeFSDefault, msg,
                              name ? name : Py_None);
  if (exc != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
  }
}

/* The bytes of a name given as str (UTF-8, or the file system encoding
 * with surrogateescape for names that list() returned) or bytes, or NULL
 * with TypeError / ValueError set. *keep is a new reference the caller
 * drops once it is done with the text (usually NULL). */
static const char *sa_py_name(PyObject *name, PyObject **keep) {
  const char *s;
  Py_ssize_t n;
  *keep = NULL;
  if (PyUnicode_Check(name)) {
    s = PyUnicode_AsUTF8AndSize(name, &n); /* cached: the fast path */
    if (s == NULL) {
      /* names list() decoded with surrogateescape round-trip to bytes */
      if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return NULL;
      PyErr_Clear();
      if ((*keep = PyUnicode_EncodeFSDefault(name)) == NULL)
        return NULL;
      s = PyBytes_AS_STRING(*keep);
      n = PyBytes_GET_SIZE(*keep);
    }
  } else if (PyBytes_Check(name)) {
    s = PyBytes_AS_STRING(name);
    n = PyBytes_GET_SIZE(name);
  } else {
    PyErr_Format(PyExc_TypeError, "name must be str, not %.100s",
                 Py_TYPE(name)->tp_name);
    return NULL;
  }
  if ((size_t)n != strlen(s)) {
    Py_CLEAR(*keep);
    PyErr_SetString(PyExc_ValueError, "name contains a NUL character");
    return NULL;
  }
  return s;
}

/* The numpy dtype of an array's element type (a new reference). */
static PyArray_Descr *sa_py_descr(const sa_dtype *dt) {
  static const int ints[] = {NPY_INT8, NPY_INT16, 0, NPY_INT32,
                             0, 0, 0, NPY_INT64};
  static const int uints[] = {NPY_UINT8, NPY_UINT16, 0, NPY_UINT32,
                              0, 0, 0, NPY_UINT64};
  const char native = NPY_BYTE_ORDER == NPY_LITTLE_ENDIAN ? '<' : '>';
  int type = -1, n = dt->itemsize;
  PyArray_Descr *d, *swapped;
  switch (dt->kind) {
    case 'b': if (n == 1) type = NPY_BOOL; break;
    case 'i': if (n <= 8 && ints[n - 1]) type = ints[n - 1]; break;
    case 'u': if (n <= 8 && uints[n - 1]) type = uints[n - 1]; break;
    case 'f': type = n == 2 ? NPY_HALF : n == 4 ? NPY_FLOAT
                   : n == 8 ? NPY_DOUBLE : -1; break;
    case 'c': type = n == 8 ? NPY_CFLOAT : n == 16 ? NPY_CDOUBLE : -1; break;
    default: break;
  }
  if (type < 0) {
    PyErr_Format(PyExc_ValueError, "unsupported dtype '%s'", dt->descr);
    return NULL;
  }
  d = PyArray_DescrFromType(type);
  if (d == NULL || n == 1 || dt->byteorder == native)
    return d;
  swapped = PyArray_DescrNewByteorder(d, NPY_SWAP);
  Py_DECREF(d);
  return swapped;
}

/* Wrap an attached array as an ndarray whose base owns it. Takes a. If
 * created, a failure also undoes the create, through the core's guarded
 * sa_unlink: never by name, which may meanwhile be someone else's. */
static PyObject *sa_py_wrap(sa_array *a, int created) {
  const sa_meta *m = sa_get_meta(a);
  npy_intp dims[SA_MAXDIMS];
  PyArray_Descr *descr;
  sa_py_mapping *owner;
  PyObject *arr;
  int k, flags;

  owner = PyObject_New(sa_py_mapping, &sa_py_mapping_type);
  if (owner == NULL) {
    if (created) (void)sa_unlink(a);
    sa_release(a);
    return NULL;
  }
  owner->arr = a; /* from here on, owner's destructor releases a */
  descr = sa_py_descr(&m->dtype);
  if (descr == NULL) {
    if (created) (void)sa_unlink(a);
    Py_DECREF(owner);
    return NULL;
  }
  for (k = 0; k < m->ndim; k++)
    dims[k] = (npy_intp)m->shape[k];
  flags = m->order == 'F' ? NPY_ARRAY_F_CONTIGUOUS : NPY_ARRAY_C_CONTIGUOUS;
  if (!sa_readonly(a))
    flags |= NPY_ARRAY_WRITEABLE;
  /* Steals descr. Contiguity and alignment are recomputed by numpy. */
  arr = PyArray_NewFromDescr(&PyArray_Type, descr, m->ndim, dims, NULL,
                             sa_data(a), flags, NULL);
  if (arr == NULL) { /* e.g. more dimensions than numpy 1.x allows */
    if (created) (void)sa_unlink(a);
    Py_DECREF(owner);
    return NULL;
  }
  /* Steals owner, also on failure: hold it for the undo. */
  Py_INCREF(owner);
  if (PyArray_SetBaseObject((PyArrayObject *)arr, (PyObject *)owner) < 0) {
    if (created) (void)sa_unlink(a);
    Py_DECREF(arr);
    Py_DECREF(owner);
    return NULL;
  }
  Py_DECREF(owner);
  return arr;
}

/* The Mapping behind an array or any view of it, as a new reference (so
 * that it stays alive while the GIL is released): walk .base and
 * memoryviews down to our Mapping object. A released memoryview is refused
 * before its dangling buffer is looked at. */
static PyObject *sa_py_find(PyObject *obj, const char *what) {
  PyObject *o = obj;
  while (o != NULL) {
    if (Py_TYPE(o) == &sa_py_mapping_type) {
      Py_INCREF(o);
      return o;
    }
    if (PyArray_Check(o)) {
      o = PyArray_BASE((PyArrayObject *)o);
    } else if (PyMemoryView_Check(o)) {
      Py_buffer view;
      if (PyObject_GetBuffer(o, &view, PyBUF_FULL_RO) < 0)
        return NULL; /* ValueError: operation forbidden on released memoryview */
      PyBuffer_Release(&view);
      o = PyMemoryView_GET_BUFFER(o)->obj;
    } else {
      break;
    }
  }
  if (PyArray_Check(obj) || PyMemoryView_Check(obj))
    PyErr_Format(PyExc_ValueError, "%s: the array is not a SharedArray "
                 "(it does not come from create() or attach())", what);
  else
    PyErr_Format(PyExc_TypeError, "%s: expected a numpy.ndarray from "
                 "create() or attach(), not %.100s", what,
                 Py_TYPE(obj)->tp_name);
  return NULL;
}

/* A shape (a tuple of ints, checked by the caller) as int64s. */
static int sa_py_shape(PyObject *shape, int64_t *out, int *ndim) {
  Py_ssize_t k, n;
  if (!PyTuple_Check(shape)) {
    PyErr_SetString(PyExc_TypeError, "shape must be a tuple");
    return -1;
  }
  n = PyTuple_GET_SIZE(shape);
  if (n > SA_MAXDIMS) {
    PyErr_Format(PyExc_ValueError, "shape %R: too many dimensions (the limit "
                 "is %d)", shape, SA_MAXDIMS);
    return -1;
  }
  for (k = 0; k < n; k++) {
    long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(shape, k));
    if (v == -1 && PyErr_Occurred())
      return -1;
    out[k] = (int64_t)v;
  }
  *ndim = (int)n;
  return 0;
}

static PyObject *sa_py_none_or_raise(int rc, PyObject *name) {
  if (rc < 0) {
    sa_py_raise(rc, name);
    return NULL;
  }
  Py_RETURN_NONE;
}

/* The same for an operation on an attached array: the array's name becomes
 * the exception's .filename. */
static PyObject *sa_py_mem_result(int rc, const sa_array *a) {
  PyObject *name;
  if (rc >= 0)
    Py_RETURN_NONE;
  name = PyUnicode_DecodeFSDefault(sa_name(a));
  if (name != NULL) {
    sa_py_raise(rc, name);
    Py_DECREF(name);
  }
  return NULL;
}
%}

/* ------------------------------------------------------------ the API */

%feature("kwargs") sa_py_attach;
%feature("kwargs") sa_py_create;
%feature("kwargs") sa_py_delete;
%feature("kwargs") sa_py_list;
%feature("kwargs") sa_py_msync;
%feature("kwargs") sa_py_mlock;
%feature("kwargs") sa_py_munlock;

%rename(attach) sa_py_attach;
%rename(_create) sa_py_create;
%rename(delete) sa_py_delete;
%rename(_list) sa_py_list;
%rename(msync) sa_py_msync;
%rename(mlock) sa_py_mlock;
%rename(munlock) sa_py_munlock;

%feature("docstring") sa_py_attach
"attach(name, ro=False, owner=None) -> numpy.ndarray

Attach the existing array called name and return it as an ndarray whose
memory is the shared segment itself (no copy).

name: \"NAME\" or \"shm://NAME\" for POSIX shared memory, \"file://PATH\" for
  a .npy file (any .npy file that numpy wrote works).
ro: if true, map the memory read-only; the array is then not writeable.
owner: None (the default) trusts whoever owns the segment. True refuses,
  with PermissionError, a segment that the calling process's effective uid
  does not own; an int refuses one that this uid does not own. A privileged
  process should pass it, so that a segment another user planted under the
  name beforehand (\"squatting\") is not trusted.

The mapping stays valid until the last view of the array is gone, even if
the name is deleted meanwhile.

Raises FileNotFoundError if there is no such array, PermissionError if it
may not be opened, ValueError for a bad name or a segment that is not a
valid array, OSError for other system errors.";

%feature("docstring") sa_py_create
"_create(name, shape, descr, order, mode, flags) -> numpy.ndarray

Low-level create: shape is a tuple of ints and descr a .npy descr such as
'<f8'. Use SharedArray.create(), which takes anything numpy.dtype() takes.";

%feature("docstring") sa_py_delete
"delete(name) -> None

Remove the array called name (\"NAME\", \"shm://NAME\" or \"file://PATH\").
Arrays already attached stay valid; the memory is freed when the last one
is gone. Refuses (ValueError) to remove anything that is not a SharedArray
or .npy file. Raises FileNotFoundError if there is no such array.";

%feature("docstring") sa_py_list
"_list(where) -> list of (name, descr, shape, order, nbytes)

Low-level listing; use SharedArray.list().";

%feature("docstring") sa_py_msync
"msync(array, flags) -> None

Flush the memory of array (or of any view of it) to its backing store, as
msync(2) does: flags is MS_ASYNC or MS_SYNC, optionally or-ed with
MS_INVALIDATE. Mostly useful for file:// arrays.";

%feature("docstring") sa_py_mlock
"mlock(array) -> None

Lock the memory of array (or of any view of it) into RAM, as mlock(2) does.
Raises OSError (ENOMEM or EPERM) past RLIMIT_MEMLOCK.";

%feature("docstring") sa_py_munlock
"munlock(array) -> None

Undo mlock(array): let the memory of array be paged out again.";

/* The declarations SWIG wraps (with their Python defaults) ... */
PyObject *sa_py_attach(PyObject *name, PyObject *ro = Py_False,
                       PyObject *owner = Py_None);
PyObject *sa_py_create(PyObject *name, PyObject *shape, const char *descr,
                       char order = 'C', unsigned int mode = 0600,
                       unsigned int flags = 0);
PyObject *sa_py_delete(PyObject *name);
PyObject *sa_py_list(const char *where = NULL);
PyObject *sa_py_msync(PyObject *array, int flags);
PyObject *sa_py_mlock(PyObject *array);
PyObject *sa_py_munlock(PyObject *array);

/* ... and their C definitions. */
%{
static PyObject *sa_py_attach(PyObject *name, PyObject *ro, PyObject *owner) {
  PyObject *keep;
  const char *s;
  sa_array *a;
  int rc, rdonly;
  unsigned long uid = 0;
  /* owner: None or False (no check), True (the caller), or a uid */
  if (owner == Py_True) {
    owner = NULL;
  } else if (owner == Py_None || owner == Py_False) {
    owner = Py_None;
  } else {
    PyObject *i = PyNumber_Index(owner);
    if (i == NULL) {
      PyErr_Format(PyExc_TypeError, "owner must be None, True or a uid (an "
                   "int), not %.100s", Py_TYPE(owner)->tp_name);
      return NULL;
    }
    uid = PyLong_AsUnsignedLong(i);
    Py_DECREF(i);
    if (PyErr_Occurred() || uid > 0xffffffffUL) {
      PyErr_Clear();
      PyErr_Format(PyExc_ValueError, "owner %R: not a uid", owner);
      return NULL;
    }
  }
  if ((s = sa_py_name(name, &keep)) == NULL)
    return NULL;
  if ((rdonly = PyObject_IsTrue(ro)) < 0) {
    Py_XDECREF(keep);
    return NULL;
  }
  if (owner == Py_None)
    rc = sa_attach(s, rdonly ? SA_RDONLY : 0, &a);
  else if (owner == NULL)
    rc = sa_attach(s, (rdonly ? SA_RDONLY : 0) | SA_ATTACH_OWNED, &a);
  else
    rc = sa_attach_owner(s, rdonly ? SA_RDONLY : 0, (unsigned)uid, &a);
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise(rc, name);
    return NULL;
  }
  return sa_py_wrap(a, 0);
}

/* After a big create: check for a signal (Ctrl-C during the reservation),
 * and prefault the pages if asked, 64 MiB at a time without the GIL,
 * checking for signals between pieces. Returns -1 with an exception set. */
static int sa_py_populate(sa_array *a, unsigned flags) {
  const uint64_t piece = (uint64_t)64 << 20;
  uint64_t off;
  int rc = 0;
  if (PyErr_CheckSignals() < 0)
    return -1;
  if (!(flags & SA_CREATE_POPULATE))
    return 0;
  for (off = 0; off < sa_nbytes(a); off += piece) {
    Py_BEGIN_ALLOW_THREADS
    rc = sa_populate(a, off, piece);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
      sa_py_mem_result(rc, a);
      return -1;
    }
    if (PyErr_CheckSignals() < 0)
      return -1;
  }
  return 0;
}

static PyObject *sa_py_create(PyObject *name, PyObject *shape,
                              const char *descr, char order,
                              unsigned int mode, unsigned int flags) {
  PyObject *keep, *arr;
  const char *s = sa_py_name(name, &keep);
  int64_t dims[SA_MAXDIMS];
  sa_array *a;
  int rc, ndim, big;
  if (s == NULL)
    return NULL;
  if (sa_py_shape(shape, dims, &ndim) < 0) {
    Py_XDECREF(keep);
    return NULL;
  }
  /* Reserving a big segment takes a while: let other threads run. A small
   * one takes microseconds, less than handing the GIL over would. */
  {
    uint64_t items = 1;
    int k;
    for (k = 0; k < ndim && items < ((uint64_t)1 << 16); k++)
      items *= (uint64_t)dims[k];
    big = items >= ((uint64_t)1 << 16);
    if (big && (!(flags & SA_CREATE_LAZY) || (flags & SA_CREATE_POPULATE))) {
      /* populate comes after, in pieces, so that Ctrl-C can stop it */
      Py_BEGIN_ALLOW_THREADS
      rc = sa_create(s, ndim, dims, descr, order, mode,
                     flags & ~(unsigned)SA_CREATE_POPULATE, &a);
      Py_END_ALLOW_THREADS
    } else {
      rc = sa_create(s, ndim, dims, descr, order, mode, flags, &a);
      big = 0;
    }
  }
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise(rc, name);
    return NULL;
  }
  if ((arr = sa_py_wrap(a, 1)) == NULL)
    return NULL;
  if (big && sa_py_populate(a, flags) < 0) {
    /* interrupted (KeyboardInterrupt) or failed: leave nothing behind */
    (void)sa_unlink(a);
    Py_DECREF(arr);
    return NULL;
  }
  return arr;
}

static PyObject *sa_py_delete(PyObject *name) {
  PyObject *keep;
  const char *s = sa_py_name(name, &keep);
  int rc;
  if (s == NULL)
    return NULL;
  rc = sa_delete(s, 0);
  Py_XDECREF(keep);
  return sa_py_none_or_raise(rc, name);
}

/* sa_py_raise with the listed directory as .filename. */
static void sa_py_raise_where(int rc, const char *where) {
  PyObject *name = where ? PyUnicode_DecodeFSDefault(where) : NULL;
  if (where == NULL || name != NULL)
    sa_py_raise(rc, name);
  Py_XDECREF(name);
}

static PyObject *sa_py_list(const char *where) {
  PyObject *out = PyList_New(0), *shape, *item;
  sa_list *l;
  sa_info info;
  int rc, k;
  if (out == NULL)
    return NULL;
  if ((rc = sa_list_open(where, &l)) < 0) {
    Py_DECREF(out);
    sa_py_raise_where(rc, where);
    return NULL;
  }
  while ((rc = sa_list_next(l, &info)) > 0) {
    shape = PyTuple_New(info.meta.ndim);
    if (shape == NULL)
      break;
    for (k = 0; k < info.meta.ndim; k++) {
      PyObject *dim = PyLong_FromLongLong(info.meta.shape[k]);
      if (dim == NULL)
        break;
      PyTuple_SET_ITEM(shape, k, dim);
    }
    if (k < info.meta.ndim) {
      Py_DECREF(shape);
      break;
    }
    item = Py_BuildValue("(O&NsCK)", PyUnicode_DecodeFSDefault, info.name,
                         shape, info.meta.dtype.descr,
                         (int)info.meta.order,
                         (unsigned long long)info.meta.nbytes);
    if (item == NULL || PyList_Append(out, item) < 0) {
      Py_XDECREF(item);
      break;
    }
    Py_DECREF(item);
  }
  sa_list_close(l);
  if (PyErr_Occurred()) {
    Py_DECREF(out);
    return NULL;
  }
  if (rc < 0) {
    Py_DECREF(out);
    sa_py_raise_where(rc, where);
    return NULL;
  }
  return out;
}

/* msync, mlock and munlock: the Mapping is held across the call. */
static PyObject *sa_py_memop(PyObject *array, const char *what, int op,
                             int flags) {
  PyObject *owner = sa_py_find(array, what), *res;
  sa_array *a;
  int rc;
  if (owner == NULL)
    return NULL;
  a = ((sa_py_mapping *)owner)->arr;
  Py_BEGIN_ALLOW_THREADS
  rc = op == 0 ? sa_msync(a, flags) : op == 1 ? sa_mlock(a) : sa_munlock(a);
  Py_END_ALLOW_THREADS
  res = sa_py_mem_result(rc, a);
  Py_DECREF(owner);
  return res;
}

static PyObject *sa_py_msync(PyObject *array, int flags) {
  return sa_py_memop(array, "msync", 0, flags);
}

static PyObject *sa_py_mlock(PyObject *array) {
  return sa_py_memop(array, "mlock", 1, 0);
}

static PyObject *sa_py_munlock(PyObject *array) {
  return sa_py_memop(array, "munlock", 2, 0);
}
%}
