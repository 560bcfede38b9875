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
  PyObject *name; /* the name as the caller gave it, a str (3.x's .name) */
} sa_py_mapping;

static void sa_py_mapping_dealloc(PyObject *self) {
  sa_release(((sa_py_mapping *)self)->arr);
  Py_XDECREF(((sa_py_mapping *)self)->name);
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

/* The methods and attributes that SharedArray 3.x documents on an array's
 * base object (a.base.msync(flags), a.base.mlock(), a.base.munlock(),
 * a.base.name, a.base.addr, a.base.size). Defined further down. */
static PyObject *sa_py_mapping_msync(PyObject *self, PyObject *args,
                                     PyObject *kwds);
static PyObject *sa_py_mapping_mlock(PyObject *self, PyObject *unused);
static PyObject *sa_py_mapping_munlock(PyObject *self, PyObject *unused);

static PyMethodDef sa_py_mapping_methods[] = {
  {"msync", (PyCFunction)(void (*)(void))sa_py_mapping_msync,
   METH_VARARGS | METH_KEYWORDS,
   "msync(flags) -> None\n\nFlush the mapping to its backing store, as "
   "msync(2) does: flags is MS_ASYNC or MS_SYNC, optionally or-ed with "
   "MS_INVALIDATE. The same as SharedArray.msync(array, flags)."},
  {"mlock", (PyCFunction)sa_py_mapping_mlock, METH_NOARGS,
   "mlock() -> None\n\nLock the mapping into RAM, as mlock(2) does. Raises "
   "OSError (ENOMEM or EPERM) past RLIMIT_MEMLOCK. The same as "
   "SharedArray.mlock(array)."},
  {"munlock", (PyCFunction)sa_py_mapping_munlock, METH_NOARGS,
   "munlock() -> None\n\nUndo mlock(): let the mapping be paged out again. "
   "The same as SharedArray.munlock(array)."},
  {NULL, NULL, 0, NULL},
};

static PyObject *sa_py_mapping_get_name(PyObject *self, void *closure) {
  sa_py_mapping *m = (sa_py_mapping *)self;
  if (m->name != NULL) {
    Py_INCREF(m->name);
    return m->name;
  }
  return PyUnicode_DecodeFSDefault(sa_name(m->arr));
}

static PyObject *sa_py_mapping_get_addr(PyObject *self, void *closure) {
  return PyLong_FromVoidPtr(sa_data(((sa_py_mapping *)self)->arr));
}

static PyObject *sa_py_mapping_get_size(PyObject *self, void *closure) {
  return PyLong_FromUnsignedLongLong(sa_nbytes(((sa_py_mapping *)self)->arr));
}

static PyGetSetDef sa_py_mapping_getset[] = {
  {"name", sa_py_mapping_get_name, NULL,
   "The name the array was created or attached with (a str), e.g. "
   "'shm://frame'.", NULL},
  {"addr", sa_py_mapping_get_addr, NULL,
   "The address of the array's data in this process (an int): the same as "
   "array.ctypes.data for the whole array.", NULL},
  {"size", sa_py_mapping_get_size, NULL,
   "The size of the array's data in bytes: [addr, addr + size) is the data. "
   "(SharedArray 3.x also counted the metadata it kept after the data; "
   "ours keeps it in a header before addr.)", NULL},
  {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject sa_py_mapping_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "SharedArray._sharedarray.Mapping",
  .tp_basicsize = sizeof(sa_py_mapping),
  .tp_dealloc = sa_py_mapping_dealloc,
  .tp_repr = sa_py_mapping_repr,
  .tp_as_buffer = &sa_py_mapping_as_buffer,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_methods = sa_py_mapping_methods,
  .tp_getset = sa_py_mapping_getset,
  .tp_doc = "Owner of one SharedArray mapping: the base object of the arrays "
            "that create() and attach() return. The memory is unmapped when "
            "the last array using it is gone.\n\n"
            "As in SharedArray 3.x, a.base.msync(flags), a.base.mlock() and "
            "a.base.munlock() act on the whole mapping, and a.base.name, "
            "a.base.addr and a.base.size describe it.",
};

/* The records of list() and info(): a struct sequence named ArrayDesc, as
 * in SharedArray 3.x. Its sequence part is exactly 3.x's (name as bytes,
 * the numpy scalar type, the dims), so that `name, dtype, dims = rec`,
 * `rec[0] == b'sig'` and `rec.dtype is numpy.int32` work as they did; the
 * other fields are attributes only. */
static PyStructSequence_Field sa_py_desc_fields[] = {
  {"name", "the name (bytes): b'NAME' for shared memory, "
           "b'file://PATH' for a file"},
  {"dtype", "the numpy scalar type, e.g. numpy.float64 (without the byte "
            "order: see np_dtype)"},
  {"dims", "the shape, a tuple of ints"},
  {"shape", "the shape (the same tuple as dims)"},
  {"order", "'C' (row-major) or 'F' (column-major)"},
  {"nbytes", "the size of the data in bytes"},
  {"descr", "the .npy descr of the element type, e.g. '<f8' or '>i4'"},
  {"np_dtype", "the numpy.dtype, byte order included"},
  {"size", "the size of the segment or file in bytes, header included"},
  {"mode", "the permission bits, e.g. 0o600"},
  {"uid", "the uid of the owner"},
  {NULL, NULL},
};

static PyStructSequence_Desc sa_py_desc_desc = {
  "SharedArray.ArrayDesc",
  "Description of one shared array, as list() and info() return it.\n\n"
  "As a sequence it is (name, dtype, dims), exactly as in SharedArray 3.x: "
  "name is bytes, dtype the numpy scalar type (numpy.float64, ...) and "
  "dims a tuple of ints. The attributes shape, order, nbytes, descr, "
  "np_dtype (the numpy.dtype, byte order included), size, mode and uid "
  "say more. Records pickle.",
  sa_py_desc_fields,
  3,
};

static PyTypeObject *sa_py_desc_type;
/* InvalidArrayError: a bad name, or a segment that is not a valid array */
static PyObject *sa_py_invalid_error;

/* Everything %init needs, in a function that returns an int, so that %init
 * itself only has to return the right failure value for its SWIG version. */
static int sa_py_module_init(void) {
  PyObject *bases, *name;
  int rc;
  if (PyArray_ImportNumPyAPI() < 0)
    return -1;
  if (PyType_Ready(&sa_py_mapping_type) < 0)
    return -1;
  if ((sa_py_desc_type = PyStructSequence_NewType(&sa_py_desc_desc)) == NULL)
    return -1;
  /* Found as SharedArray.ArrayDesc, so that records pickle (3.x's do not),
   * but named plain ArrayDesc like 3.x's, so that its repr is the same. */
  if ((name = PyUnicode_FromString("ArrayDesc")) == NULL)
    return -1;
  rc = PyObject_SetAttrString((PyObject *)sa_py_desc_type, "__name__", name);
  Py_DECREF(name);
  if (rc < 0)
    return -1;
  /* OSError first, so that errno, strerror and filename are set */
  if ((bases = PyTuple_Pack(2, PyExc_OSError, PyExc_ValueError)) == NULL)
    return -1;
  sa_py_invalid_error = PyErr_NewExceptionWithDoc(
      "SharedArray.InvalidArrayError",
      "A bad name, or an object that is not a valid array.\n\n"
      "Raised for a name that is empty, has a '/' in an shm name, is too "
      "long, is '.' or '..', or has an unknown scheme; and by attach(), "
      "delete() and info() for a segment or file that is not a valid array "
      "(bad magic, malformed or truncated header, unsupported dtype, "
      "incomplete).\n\n"
      "It is both a ValueError, as SharedArray has always raised, and an "
      "OSError, as SharedArray 3.x raised, so code written for either "
      "catches it. errno is EINVAL (ENAMETOOLONG for a name that is too "
      "long), filename is the name given, and strerror says what is wrong.",
      bases, NULL);
  Py_DECREF(bases);
  return sa_py_invalid_error == NULL ? -1 : 0;
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
/* What an error is about, for sa_py_raise: the library's own codes are
 * ValueError for create's inputs (dtype, shape, order, mode), but
 * InvalidArrayError for a bad name and for a segment that attach, delete
 * or info found to be no valid array. */
enum { SA_PY_INPUT = 0, SA_PY_SEGMENT = 1, SA_PY_DELETE = 2 };

static int sa_py_is_name_error(int rc) {
  return rc == SA_ENAMEEMPTY || rc == SA_ENAMESLASH || rc == SA_ENAMELONG ||
         rc == SA_ESCHEME || rc == SA_ENAMEBAD;
}

/* Raise type(errno, text, filename): OSError picks its subclass by errno
 * (FileNotFoundError, PermissionError, ...); InvalidArrayError is itself. */
static void sa_py_raise_oserror(PyObject *type, int err, PyObject *text,
                                PyObject *name) {
  PyObject *exc;
  if (text == NULL)
    return;
  exc = PyObject_CallFunction(type, "iOO", err, text, name ? name : Py_None);
  Py_DECREF(text);
  if (exc != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
  }
}

/* text (a new reference, or NULL with an exception set) followed by
 * suffix, as a new str. */
static PyObject *sa_py_append(PyObject *text, const char *suffix) {
  PyObject *tail, *out;
  if (text == NULL)
    return NULL;
  if ((tail = PyUnicode_FromString(suffix)) == NULL) {
    Py_DECREF(text);
    return NULL;
  }
  out = PyUnicode_Concat(text, tail);
  Py_DECREF(text);
  Py_DECREF(tail);
  return out;
}

/* The hint a refused attach gives: arrays are private by default. */
#define SA_PY_SHARE_HINT                                                    \
  " (by default only their owner may open arrays, mode 0o600: to share one " \
  "with other users, its creator passes a mode to create(), e.g. "           \
  "create(name, shape, dtype, mode=0o640) for the group or mode=0o666 for "  \
  "everyone)"

/* Raise the Python exception for core error rc. name is the object the user
 * passed (or NULL) and becomes the exception's .filename. what says what
 * the operation was (SA_PY_INPUT, SA_PY_SEGMENT or SA_PY_DELETE). */
static void sa_py_raise_for(int rc, PyObject *name, int what) {
  const char *msg, *text;
  if (rc == SA_EOWNER) {
    /* not the expected owner: a PermissionError, as for any refused open */
    sa_py_raise_oserror(PyExc_OSError, EPERM,
                        PyUnicode_DecodeFSDefault(sa_errmsg_safe()), name);
    return;
  }
  /* The core's message is "NAME: strerror[: detail]"; the name goes to
   * .filename, so the message starts at the strerror text. */
  msg = sa_errmsg_safe(); /* names may hold terminal escapes */
  if (name != NULL && (text = strstr(msg, sa_strerror(rc))) != NULL)
    msg = text;
  if (sa_is_own_error(rc) && (sa_py_is_name_error(rc) || what != SA_PY_INPUT)) {
    /* a bad name, or no valid array: both a ValueError and an OSError */
    int err = rc == SA_ENAMELONG ? ENAMETOOLONG : EINVAL;
    PyObject *utext;
    if (what == SA_PY_DELETE && !sa_py_is_name_error(rc)) {
      /* the core says "(use force)" for an empty object; say how */
      size_t n = strlen(msg);
      const char *tail = " (use force)";
      if (n >= strlen(tail) && strcmp(msg + n - strlen(tail), tail) == 0)
        n -= strlen(tail);
      utext = sa_py_append(
          PyUnicode_DecodeFSDefaultAndSize(msg, (Py_ssize_t)n),
          " (delete refuses to remove what is not an array; "
          "delete(name, force=True) removes it anyway)");
    } else {
      utext = PyUnicode_DecodeFSDefault(msg);
    }
    sa_py_raise_oserror(sa_py_invalid_error, err, utext, name);
    return;
  }
  if (sa_is_own_error(rc)) {
    /* names are bytes: undecodable ones keep their bytes (surrogateescape) */
    PyObject *utext = PyUnicode_DecodeFSDefault(sa_errmsg_safe());
    if (utext != NULL) {
      PyErr_SetObject(PyExc_ValueError, utext);
      Py_DECREF(utext);
    }
    return;
  }
  if (rc == -EACCES && what == SA_PY_SEGMENT) {
    sa_py_raise_oserror(PyExc_OSError, -rc, sa_py_append(
        PyUnicode_DecodeFSDefault(msg), SA_PY_SHARE_HINT), name);
    return;
  }
  /* OSError(errno, strerror, filename) picks the subclass by errno. */
  sa_py_raise_oserror(PyExc_OSError, -rc, PyUnicode_DecodeFSDefault(msg),
                      name);
}

static void sa_py_raise(int rc, PyObject *name) {
  sa_py_raise_for(rc, name, SA_PY_INPUT);
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
    sa_py_raise_oserror(sa_py_invalid_error, EINVAL,
                        PyUnicode_FromString("name contains a NUL character"),
                        name);
    return NULL;
  }
  return s;
}

/* The numpy dtype of a descr that the table below does not hold (bytes,
 * unicode, void, datetime, longdouble, structured): numpy parses it, as
 * numpy.load would, through SharedArray._dtype_from_descr (cached). The
 * itemsize must be the core's: a view never reaches past the data. */
static PyArray_Descr *sa_py_descr_other(const sa_dtype *dt) {
  static PyObject *fn;
  PyObject *res;
  PyArray_Descr *d = NULL;
  if (fn == NULL) {
    PyObject *pkg = PyImport_ImportModule("SharedArray");
    if (pkg == NULL)
      return NULL;
    fn = PyObject_GetAttrString(pkg, "_dtype_from_descr");
    Py_DECREF(pkg);
    if (fn == NULL)
      return NULL;
  }
  if ((res = PyObject_CallFunction(fn, "s", dt->descr)) == NULL)
    return NULL;
  if (!PyArray_DescrConverter(res, &d)) {
    Py_DECREF(res);
    return NULL;
  }
  Py_DECREF(res);
  if (PyDataType_ELSIZE(d) != (npy_intp)dt->itemsize || PyDataType_REFCHK(d)) {
    PyErr_Format(PyExc_ValueError, "dtype '%s': numpy reads %zd bytes per "
                 "element, the header %d", dt->descr,
                 (Py_ssize_t)PyDataType_ELSIZE(d), dt->itemsize);
    Py_DECREF(d);
    return NULL;
  }
  return d;
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
  if (type < 0 || dt->structured)
    return sa_py_descr_other(dt);
  d = PyArray_DescrFromType(type);
  if (d == NULL || n == 1 || dt->byteorder == native)
    return d;
  swapped = PyArray_DescrNewByteorder(d, NPY_SWAP);
  Py_DECREF(d);
  return swapped;
}

/* Wrap an attached array as an ndarray whose base owns it. Takes a. If
 * created, a failure also undoes the create, through the core's guarded
 * sa_unlink: never by name, which may meanwhile be someone else's. name is
 * the name the caller gave (str or bytes). */
static PyObject *sa_py_wrap(sa_array *a, int created, PyObject *name) {
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
  /* .name: the name as given, a str as in 3.x (bytes are decoded as the
   * file system encoding does, so that they round-trip) */
  if (PyBytes_Check(name))
    owner->name = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(name),
                                                   PyBytes_GET_SIZE(name));
  else {
    Py_INCREF(name);
    owner->name = name;
  }
  if (owner->name == NULL) {
    if (created) (void)sa_unlink(a);
    Py_DECREF(owner);
    return NULL;
  }
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

/* msync, mlock and munlock of a mapping. The caller holds a reference to
 * it across the call, so it stays alive while the GIL is released. */
static PyObject *sa_py_mapping_op(sa_py_mapping *m, int op, int flags) {
  sa_array *a = m->arr;
  int rc;
  Py_BEGIN_ALLOW_THREADS
  rc = op == 0 ? sa_msync(a, flags) : op == 1 ? sa_mlock(a) : sa_munlock(a);
  Py_END_ALLOW_THREADS
  return sa_py_mem_result(rc, a);
}

static PyObject *sa_py_mapping_msync(PyObject *self, PyObject *args,
                                     PyObject *kwds) {
  static char *kwlist[] = {"flags", NULL};
  int flags;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "i:msync", kwlist, &flags))
    return NULL;
  return sa_py_mapping_op((sa_py_mapping *)self, 0, flags);
}

static PyObject *sa_py_mapping_mlock(PyObject *self, PyObject *unused) {
  return sa_py_mapping_op((sa_py_mapping *)self, 1, 0);
}

static PyObject *sa_py_mapping_munlock(PyObject *self, PyObject *unused) {
  return sa_py_mapping_op((sa_py_mapping *)self, 2, 0);
}

/* The ArrayDesc record of one array (a new reference). */
static PyObject *sa_py_record(const sa_info *info) {
  const sa_meta *m = &info->meta;
  PyArray_Descr *descr;
  PyObject *rec, *dims;
  int k;
  if ((descr = sa_py_descr(&m->dtype)) == NULL)
    return NULL;
  if ((dims = PyTuple_New(m->ndim)) == NULL) {
    Py_DECREF(descr);
    return NULL;
  }
  for (k = 0; k < m->ndim; k++) {
    PyObject *dim = PyLong_FromLongLong(m->shape[k]);
    if (dim == NULL) {
      Py_DECREF(dims);
      Py_DECREF(descr);
      return NULL;
    }
    PyTuple_SET_ITEM(dims, k, dim);
  }
  if ((rec = PyStructSequence_New(sa_py_desc_type)) == NULL) {
    Py_DECREF(dims);
    Py_DECREF(descr);
    return NULL;
  }
  /* A struct sequence drops whatever it holds, NULLs included. The scalar
   * type is what 3.x's PyArray_TypeObjectFromType(typenum) gives. */
  Py_INCREF(dims);
  Py_INCREF((PyObject *)descr->typeobj);
  PyStructSequence_SET_ITEM(rec, 0, PyBytes_FromString(info->name));
  PyStructSequence_SET_ITEM(rec, 1, (PyObject *)descr->typeobj);
  PyStructSequence_SET_ITEM(rec, 2, dims);
  PyStructSequence_SET_ITEM(rec, 3, dims);
  PyStructSequence_SET_ITEM(rec, 4, PyUnicode_FromOrdinal(m->order));
  PyStructSequence_SET_ITEM(rec, 5, PyLong_FromUnsignedLongLong(m->nbytes));
  PyStructSequence_SET_ITEM(rec, 6, PyUnicode_FromString(m->dtype.descr));
  PyStructSequence_SET_ITEM(rec, 7, (PyObject *)descr);
  PyStructSequence_SET_ITEM(rec, 8, PyLong_FromUnsignedLongLong(info->size));
  PyStructSequence_SET_ITEM(rec, 9, PyLong_FromUnsignedLong(info->mode));
  PyStructSequence_SET_ITEM(rec, 10, PyLong_FromUnsignedLong(info->uid));
  for (k = 0; k < 11; k++)
    if (PyStructSequence_GET_ITEM(rec, k) == NULL) {
      Py_DECREF(rec);
      return NULL;
    }
  return rec;
}
%}

/* ------------------------------------------------------------ the API */

%feature("kwargs") sa_py_attach;
%feature("kwargs") sa_py_create;
%feature("kwargs") sa_py_delete;
%feature("kwargs") sa_py_list;
%feature("kwargs") sa_py_info;
%feature("kwargs") sa_py_msync;
%feature("kwargs") sa_py_mlock;
%feature("kwargs") sa_py_munlock;

%rename(attach) sa_py_attach;
%rename(_create) sa_py_create;
%rename(delete) sa_py_delete;
%rename(_list) sa_py_list;
%rename(info) sa_py_info;
%rename(_types) sa_py_types;
%rename(msync) sa_py_msync;
%rename(mlock) sa_py_mlock;
%rename(munlock) sa_py_munlock;
%rename(_share_info) sa_py_share_info;
%rename(_attach_same) sa_py_attach_same;

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
may not be opened (its message says how its creator shares it: a mode at
create), InvalidArrayError (both a ValueError and an OSError) for a bad name
or a segment that is not a valid array, OSError for other system errors.";

%feature("docstring") sa_py_create
"_create(name, shape, descr, order, mode, flags) -> numpy.ndarray

Low-level create: shape is a tuple of ints and descr a .npy descr such as
'<f8'. Use SharedArray.create(), which takes anything numpy.dtype() takes.";

%feature("docstring") sa_py_delete
"delete(name, force=False) -> None

Remove the array called name (\"NAME\", \"shm://NAME\" or \"file://PATH\").
Arrays already attached stay valid; the memory is freed when the last one
is gone. Raises FileNotFoundError if there is no such array.

Refuses, with InvalidArrayError (a ValueError and an OSError), to remove
anything that is not a SharedArray or .npy file, unless force is true. An
array whose data was cut short, and what a creator that was killed
mid-create left, are removed without force; an empty object needs it.";

%feature("docstring") sa_py_info
"info(name) -> ArrayDesc

Describe the array called name without mapping its data: an ArrayDesc
record, as list() returns, whose sequence part is (name, dtype, dims) and
whose attributes shape, order, nbytes, descr, np_dtype, size (of the
segment or file), mode (permission bits) and uid (owner) say more.

Raises FileNotFoundError, PermissionError or InvalidArrayError as attach()
does.";

%feature("docstring") sa_py_list
"_list(where) -> tuple of ArrayDesc

Low-level listing; use SharedArray.list().";

%feature("docstring") sa_py_share_info
"_share_info(mapping) -> (name, dev, ino, readonly, addr, size, gone)

What handing mapping's array to another process by name takes (see
SharedArray._by_name): the core's name, the segment's device and inode, the
mapping's read-only flag, its data address and size, and gone: None while
the name still refers to this segment, else why not (a str).";

%feature("docstring") sa_py_attach_same
"_attach_same(name, ro, dev, ino) -> numpy.ndarray

attach(name, ro), refusing (FileNotFoundError) unless the segment opened is
the one with device dev and inode ino: never a segment created again under
the name since.";

%feature("docstring") sa_py_types
"_types() -> dict

The types the package re-exports: ArrayDesc, InvalidArrayError, Mapping.";

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
PyObject *sa_py_delete(PyObject *name, PyObject *force = Py_False);
PyObject *sa_py_list(const char *where = NULL);
PyObject *sa_py_info(PyObject *name);
PyObject *sa_py_types(void);
PyObject *sa_py_msync(PyObject *array, int flags);
PyObject *sa_py_mlock(PyObject *array);
PyObject *sa_py_munlock(PyObject *array);
PyObject *sa_py_share_info(PyObject *mapping);
PyObject *sa_py_attach_same(PyObject *name, PyObject *ro,
                            unsigned long long dev, unsigned long long ino);

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
    if (PyErr_Occurred() || uid >= 0xffffffffUL) { /* (uid_t)-1 is no uid */
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
    rc = sa_attach(s, rdonly ? SA_ATTACH_RDONLY | SA_ATTACH_ANY_DTYPE
                              : SA_ATTACH_ANY_DTYPE, &a);
  else if (owner == NULL)
    rc = sa_attach(s, (rdonly ? SA_ATTACH_RDONLY : 0) | SA_ATTACH_OWNED |
                   SA_ATTACH_ANY_DTYPE, &a);
  else
    rc = sa_attach_owner(s, (rdonly ? SA_ATTACH_RDONLY : 0) | SA_ATTACH_ANY_DTYPE,
                         (unsigned)uid, &a);
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise_for(rc, name, SA_PY_SEGMENT);
    return NULL;
  }
  return sa_py_wrap(a, 0, name);
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
  flags |= SA_CREATE_ANY_DTYPE; /* numpy maps every dtype the core holds */
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
  if ((arr = sa_py_wrap(a, 1, name)) == NULL)
    return NULL;
  if (big && sa_py_populate(a, flags) < 0) {
    /* interrupted (KeyboardInterrupt) or failed: leave nothing behind */
    (void)sa_unlink(a);
    Py_DECREF(arr);
    return NULL;
  }
  return arr;
}

static PyObject *sa_py_delete(PyObject *name, PyObject *force) {
  PyObject *keep;
  const char *s;
  int rc, forced = PyObject_IsTrue(force);
  if (forced < 0)
    return NULL;
  if ((s = sa_py_name(name, &keep)) == NULL)
    return NULL;
  rc = sa_delete(s, forced ? SA_DELETE_FORCE : 0);
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise_for(rc, name, SA_PY_DELETE);
    return NULL;
  }
  Py_RETURN_NONE;
}

static PyObject *sa_py_info(PyObject *name) {
  PyObject *keep;
  const char *s = sa_py_name(name, &keep);
  sa_info info;
  int rc;
  if (s == NULL)
    return NULL;
  rc = sa_info_get(s, &info);
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise_for(rc, name, SA_PY_SEGMENT);
    return NULL;
  }
  return sa_py_record(&info);
}

static PyObject *sa_py_types(void) {
  return Py_BuildValue("{sOsOsO}", "ArrayDesc", (PyObject *)sa_py_desc_type,
                       "InvalidArrayError", sa_py_invalid_error,
                       "Mapping", (PyObject *)&sa_py_mapping_type);
}

/* sa_py_raise with the listed directory as .filename. */
static void sa_py_raise_where(int rc, const char *where) {
  PyObject *name = where ? PyUnicode_DecodeFSDefault(where) : NULL;
  if (where == NULL || name != NULL)
    sa_py_raise(rc, name);
  Py_XDECREF(name);
}

static PyObject *sa_py_list(const char *where) {
  PyObject *out = PyList_New(0), *item, *tuple;
  sa_list *l;
  sa_info info;
  int rc;
  if (out == NULL)
    return NULL;
  if ((rc = sa_list_open(where, &l)) < 0) {
    Py_DECREF(out);
    sa_py_raise_where(rc, where);
    return NULL;
  }
  while ((rc = sa_list_next(l, &info)) > 0) {
    item = sa_py_record(&info);
    if (item == NULL && PyErr_ExceptionMatches(PyExc_ValueError)) {
      /* a header the core accepts but this numpy cannot describe (e.g. a
       * 40-dim sub-array field under numpy 1.x): skipped, as list() skips
       * every object that is not a valid array, so that nobody who can
       * write to /dev/shm can make list() fail for everyone */
      PyErr_Clear();
      continue;
    }
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
  /* a tuple, as 3.x returns */
  tuple = PyList_AsTuple(out);
  Py_DECREF(out);
  return tuple;
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

static PyObject *sa_py_share_info(PyObject *mapping) {
  sa_array *a;
  uint64_t dev, ino;
  PyObject *name, *gone, *res;
  if (Py_TYPE(mapping) != &sa_py_mapping_type) {
    PyErr_Format(PyExc_TypeError, "_share_info: expected a Mapping, not "
                 "%.100s", Py_TYPE(mapping)->tp_name);
    return NULL;
  }
  a = ((sa_py_mapping *)mapping)->arr;
  (void)sa_identity(a, &dev, &ino);
  if (sa_name_refers(a) < 0) {
    if ((gone = PyUnicode_DecodeFSDefault(sa_errmsg())) == NULL)
      return NULL;
  } else {
    Py_INCREF(Py_None);
    gone = Py_None;
  }
  if ((name = PyUnicode_DecodeFSDefault(sa_name(a))) == NULL) {
    Py_DECREF(gone);
    return NULL;
  }
  res = Py_BuildValue("(NKKNNKN)", name, (unsigned long long)dev,
                      (unsigned long long)ino, PyBool_FromLong(sa_readonly(a)),
                      PyLong_FromVoidPtr(sa_data(a)),
                      (unsigned long long)sa_nbytes(a), gone);
  return res;
}

static PyObject *sa_py_attach_same(PyObject *name, PyObject *ro,
                                   unsigned long long dev,
                                   unsigned long long ino) {
  PyObject *keep;
  const char *s;
  sa_array *a;
  int rc, rdonly = PyObject_IsTrue(ro);
  if (rdonly < 0)
    return NULL;
  if ((s = sa_py_name(name, &keep)) == NULL)
    return NULL;
  rc = sa_attach_same(s, (rdonly ? SA_ATTACH_RDONLY : 0) | SA_ATTACH_ANY_DTYPE,
                      (uint64_t)dev, (uint64_t)ino, &a);
  Py_XDECREF(keep);
  if (rc < 0) {
    sa_py_raise_for(rc, name, SA_PY_SEGMENT);
    return NULL;
  }
  return sa_py_wrap(a, 0, name);
}
%}
