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
  if (*what == '_') /* a wrapper's name, e.g. _msync */
    what++;
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
    sa_py_raise_for(rc, name, SA_PY_INPUT);
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

/* ------------------------------------------------ the surface's roles */

%{
/* The error role: raise the exception for core error rc. subject is what
 * the call was about: the name (str or bytes) or listed directory (None for
 * /dev/shm) as the caller gave it, or the Mapping of an array; sym is the
 * wrapper's name, which says what a segment error means (attach and info
 * found no valid array; delete adds how to remove one anyway). */
static void sa_py_fail(int rc, PyObject *subject, const char *sym) {
  int what = SA_PY_INPUT;
  if (subject != NULL && Py_TYPE(subject) == &sa_py_mapping_type) {
    (void)sa_py_mem_result(rc, ((sa_py_mapping *)subject)->arr);
    return;
  }
  if (*sym == '_')
    sym++;
  if (strcmp(sym, "attach") == 0 || strcmp(sym, "info") == 0)
    what = SA_PY_SEGMENT;
  else if (strcmp(sym, "delete") == 0)
    what = SA_PY_DELETE;
  sa_py_raise_for(rc, subject == Py_None ? NULL : subject, what);
}

/* attach's options as the front passes them, (ro, owner, populate): owner
 * is None or False (no check), True (the caller's euid) or a uid. */
static int sa_py_attach_options(PyObject *opts, unsigned *flags,
                                unsigned *uid) {
  PyObject *owner, *i;
  unsigned long u;
  int ro, populate;
  if (!PyTuple_Check(opts) || PyTuple_GET_SIZE(opts) != 3) {
    PyErr_SetString(PyExc_TypeError, "_attach: options must be the tuple "
                    "(ro, owner, populate)");
    return -1;
  }
  if ((ro = PyObject_IsTrue(PyTuple_GET_ITEM(opts, 0))) < 0 ||
      (populate = PyObject_IsTrue(PyTuple_GET_ITEM(opts, 2))) < 0)
    return -1;
  *flags = (ro ? SA_ATTACH_RDONLY : 0) | (populate ? SA_ATTACH_POPULATE : 0) |
           SA_ATTACH_ANY_DTYPE; /* numpy maps every dtype the core holds */
  *uid = SA_OWNER_ANY;
  owner = PyTuple_GET_ITEM(opts, 1);
  if (owner == Py_None || owner == Py_False)
    return 0;
  if (owner == Py_True) {
    *flags |= SA_ATTACH_OWNED;
    return 0;
  }
  if ((i = PyNumber_Index(owner)) == NULL) {
    PyErr_Format(PyExc_TypeError, "owner must be None, True or a uid (an "
                 "int), not %.100s", Py_TYPE(owner)->tp_name);
    return -1;
  }
  u = PyLong_AsUnsignedLong(i);
  Py_DECREF(i);
  if (PyErr_Occurred() || u >= SA_OWNER_ANY) { /* (uid_t)-1 is no uid */
    PyErr_Clear();
    PyErr_Format(PyExc_ValueError, "owner %R: not a uid", owner);
    return -1;
  }
  *uid = (unsigned)u;
  return 0;
}

/* A big create (2**16 elements or more) reserves its memory without the
 * GIL, and prefaults it afterwards in pieces (sa_py_populate), so that
 * Ctrl-C can stop it. A small one takes less than handing the GIL over. */
static int sa_py_big(int ndim, const int64_t *dims, unsigned flags) {
  uint64_t items = 1;
  int k;
  for (k = 0; k < ndim && items < ((uint64_t)1 << 16); k++)
    items *= (uint64_t)dims[k];
  return items >= ((uint64_t)1 << 16) &&
         (!(flags & SA_CREATE_LAZY) || (flags & SA_CREATE_POPULATE));
}

/* The list role: one ArrayDesc per array, a tuple as 3.x returns. The
 * caller closes l. */
static PyObject *sa_py_records(sa_list *l, PyObject *where) {
  PyObject *out = PyList_New(0), *item, *tuple;
  sa_info info;
  int rc;
  if (out == NULL)
    return NULL;
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
      Py_DECREF(out);
      return NULL;
    }
    Py_DECREF(item);
  }
  if (rc < 0) {
    Py_DECREF(out);
    sa_py_fail(rc, where, "list");
    return NULL;
  }
  tuple = PyList_AsTuple(out);
  Py_DECREF(out);
  return tuple;
}
%}

/* The public names (SA_API): the functions whose generated wrapper has
 * exactly the Python signature are public as they are (info(name),
 * mlock(array), munlock(array)); the others get a keyword front in
 * SharedArray/__init__.py (create, attach, delete, list, msync). */
#define SA_PY_create _create
#define SA_PY_attach _attach
#define SA_PY_delete _delete
#define SA_PY_info info
#define SA_PY_list _list
#define SA_PY_msync _msync
#define SA_PY_mlock mlock
#define SA_PY_munlock munlock
#define SA_PY_errname _errname
#define SA_PY_strerror _strerror
#define SA_PY_version _version
#define SA_API(n) SA_PY_##n
%feature("kwargs") sa_info_get;
%feature("kwargs") sa_mlock;
%feature("kwargs") sa_munlock;

/* error: a negative code raises. _global_subject (the name, directory or
 * Mapping the call is about) is set by the name, where and array roles. */
%typemap(out) sa_status %{
  if ($1 < 0) {
    sa_py_fail($1, _global_subject, "$symname");
    SWIG_fail;
  }
  $result = SWIG_Py_Void();
%}

/* names: str (UTF-8, or surrogateescape from list()), bytes */
%typemap(in) const char *name (PyObject *keep = NULL,
                               PyObject *_global_subject = NULL) %{
  _global_subject = $input;
  if (($1 = (char *)sa_py_name($input, &keep)) == NULL)
    SWIG_fail;
%}
%typemap(freearg) const char *name "Py_XDECREF(keep$argnum);"

/* list's where: None (or "shm://") for /dev/shm, "file://DIR" */
%typemap(in) const char *where (PyObject *keep = NULL,
                                PyObject *_global_subject = NULL) %{
  _global_subject = $input;
  $1 = NULL;
  if ($input != Py_None && ($1 = (char *)sa_py_name($input, &keep)) == NULL)
    SWIG_fail;
%}
%typemap(freearg) const char *where "Py_XDECREF(keep$argnum);"

/* shape: a tuple of ints (the front accepts any int or sequence) */
%typemap(in) (int ndim, const int64_t *shape) (int64_t dims[SA_MAXDIMS]) %{
  if (sa_py_shape($input, dims, &$1) < 0)
    SWIG_fail;
  $2 = dims;
%}

/* dtype: the .npy descr the front made of anything numpy.dtype() takes */
%typemap(in) const char *dtype %{
  if (($1 = (char *)PyUnicode_AsUTF8($input)) == NULL)
    SWIG_fail;
%}

/* create's options: order (one letter) and mode are SWIG's char and
 * unsigned; the flags (lazy, populate) come from the front. */
%typemap(in) unsigned create_flags %{
  $1 = (unsigned)PyLong_AsUnsignedLong($input);
  if (PyErr_Occurred())
    SWIG_fail;
  $1 |= SA_CREATE_ANY_DTYPE; /* numpy maps every dtype the core holds */
%}

/* attach's options: the tuple (ro, owner, populate) */
%typemap(in) (unsigned attach_flags, unsigned owner) %{
  if (sa_py_attach_options($input, &$1, &$2) < 0)
    SWIG_fail;
%}

/* delete's options: force, any truth value */
%typemap(in) unsigned delete_flags (int force) %{
  if ((force = PyObject_IsTrue($input)) < 0)
    SWIG_fail;
  $1 = force ? SA_DELETE_FORCE : 0;
%}

/* view-out: an ndarray whose base (a Mapping) owns the sa_array. A create
 * that cannot be wrapped is undone (sa_py_wrap). */
%typemap(in, numinputs=0) sa_array **out (sa_array *view = NULL) "$1 = &view;"
%typemap(argout) sa_array **out %{
  Py_DECREF($result);
  $result = sa_py_wrap(*$1, strcmp("$symname", "_create") == 0,
                       _global_subject);
  if ($result == NULL)
    SWIG_fail;
%}

/* an array: any view of one, down to its Mapping, held across the call */
%typemap(in) sa_array *array (PyObject *owner = NULL,
                              PyObject *_global_subject = NULL) %{
  if ((owner = sa_py_find($input, "$symname")) == NULL)
    SWIG_fail;
  _global_subject = owner;
  $1 = ((sa_py_mapping *)owner)->arr;
%}
%typemap(freearg) sa_array *array "Py_XDECREF(owner$argnum);"

/* info: an ArrayDesc */
%typemap(in, numinputs=0) sa_info *info_out (sa_info info) "$1 = &info;"
%typemap(argout) sa_info *info_out %{
  Py_DECREF($result);
  if (($result = sa_py_record($1)) == NULL)
    SWIG_fail;
%}

/* list: a tuple of ArrayDesc; the list is closed on every path */
%typemap(in, numinputs=0) sa_list **list_out (sa_list *list = NULL) "$1 = &list;"
%typemap(argout) sa_list **list_out %{
  Py_DECREF($result);
  if (($result = sa_py_records(*$1, _global_subject)) == NULL)
    SWIG_fail;
%}
%typemap(freearg) sa_list **list_out "sa_list_close(list$argnum);"

/* msync, mlock and munlock let other threads run */
%define SA_PY_NOGIL(f)
%exception f %{
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
%}
%enddef
SA_PY_NOGIL(sa_msync)
SA_PY_NOGIL(sa_mlock)
SA_PY_NOGIL(sa_munlock)

/* create: a big one without the GIL, then populated in pieces; if that is
 * interrupted (KeyboardInterrupt) or fails, nothing is left behind. The
 * arguments are sa_surface.i's: arg2 ndim, arg3 shape, arg7 flags, arg8
 * out. */
%exception sa_create %{
  if (sa_py_big(arg2, arg3, arg7)) {
    unsigned flags = arg7;
    arg7 &= ~(unsigned)SA_CREATE_POPULATE;
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
    if (result >= 0 && sa_py_populate(*arg8, flags) < 0) {
      (void)sa_unlink(*arg8);
      sa_release(*arg8);
      SWIG_fail;
    }
  } else {
    $action
  }
%}

%feature("docstring") sa_create
"_create(name, shape, descr, order, mode, flags) -> numpy.ndarray

Low-level create: shape is a tuple of ints and descr a .npy descr such as
'<f8'. Use SharedArray.create(), which takes anything numpy.dtype() takes.";

%feature("docstring") sa_list_open
"_list(where) -> tuple of ArrayDesc

Low-level listing; use SharedArray.list().";

%feature("docstring") sa_info_get
"info(name) -> ArrayDesc

Describe the array called name without mapping its data: an ArrayDesc
record, as list() returns, whose sequence part is (name, dtype, dims) and
whose attributes shape, order, nbytes, descr, np_dtype, size (of the
segment or file), mode (permission bits) and uid (owner) say more.

Raises FileNotFoundError, PermissionError or InvalidArrayError as attach()
does.";

%feature("docstring") sa_mlock
"mlock(array) -> None

Lock the memory of array (or of any view of it) into RAM, as mlock(2) does.
Raises OSError (ENOMEM or EPERM) past RLIMIT_MEMLOCK.";

%feature("docstring") sa_munlock
"munlock(array) -> None

Undo mlock(array): let the memory of array be paged out again.";

/* ------------------------------------------- Python-only helpers */

%rename(_types) sa_py_types;
%rename(_share_info) sa_py_share_info;
%rename(_attach_same) sa_py_attach_same;

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

What the package re-exports: ArrayDesc, InvalidArrayError, Mapping, and
attach (the keyword front of _attach).";

PyObject *sa_py_types(void);
PyObject *sa_py_share_info(PyObject *mapping);
PyObject *sa_py_attach_same(PyObject *name, PyObject *ro,
                            unsigned long long dev, unsigned long long ino);

%{
/* Prefault a big create's pages if asked, 64 MiB at a time without the
 * GIL, checking for signals (Ctrl-C during the reservation too) between
 * pieces. Returns -1 with an exception set. */
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

/* attach(name, ro=False, owner=None, populate=False): the keyword front
 * of the generated _attach (sa_surface.i's sa_attach_owner). It is in C,
 * not in __init__.py, because attach is the hot path and a Python frame
 * costs more than all of the wrapper's own work; it only translates
 * spellings: the options become _attach's (ro, owner, populate). */
SWIGINTERN PyObject *_wrap__attach(PyObject *self, PyObject *args);

static PyObject *sa_py_attach(PyObject *self, PyObject *args,
                              PyObject *kwds) {
  static char *kwlist[] = {"name", "ro", "owner", "populate", NULL};
  static PyObject *defaults; /* (False, None, False) */
  PyObject *name, *ro = Py_False, *owner = Py_None, *populate = Py_False;
  PyObject *opts, *call, *res;
  if (kwds == NULL && PyTuple_GET_SIZE(args) == 1) { /* attach(name) */
    name = PyTuple_GET_ITEM(args, 0);
    if (defaults == NULL &&
        (defaults = PyTuple_Pack(3, ro, owner, populate)) == NULL)
      return NULL;
    opts = defaults;
    Py_INCREF(opts);
  } else if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|OOO:attach", kwlist,
                                          &name, &ro, &owner, &populate) ||
             (opts = PyTuple_Pack(3, ro, owner, populate)) == NULL) {
    return NULL;
  }
  if ((call = PyTuple_New(2)) == NULL) {
    Py_DECREF(opts);
    return NULL;
  }
  Py_INCREF(name);
  PyTuple_SET_ITEM(call, 0, name);
  PyTuple_SET_ITEM(call, 1, opts);
  res = _wrap__attach(self, call);
  Py_DECREF(call);
  return res;
}

static PyMethodDef sa_py_attach_def = {
  "attach", (PyCFunction)(void (*)(void))sa_py_attach,
  METH_VARARGS | METH_KEYWORDS,
  "attach(name, ro=False, owner=None, populate=False) -> numpy.ndarray\n\n"
  "Attach the existing array called name and return it as an ndarray whose\n"
  "memory is the shared segment itself (no copy).\n\n"
  "name: \"NAME\" or \"shm://NAME\" for POSIX shared memory, \"file://PATH\"\n"
  "  for a .npy file (any .npy file that numpy wrote works).\n"
  "ro: if true, map the memory read-only; the array is then not writeable.\n"
  "owner: None (the default) trusts whoever owns the segment. True refuses,\n"
  "  with PermissionError, a segment that the calling process's effective\n"
  "  uid does not own; an int refuses one that this uid does not own. A\n"
  "  privileged process should pass it, so that a segment another user\n"
  "  planted under the name beforehand (\"squatting\") is not trusted.\n"
  "populate: map every page now (MAP_POPULATE), so that the first accesses\n"
  "  run at memory speed instead of taking a page fault per page.\n\n"
  "The mapping stays valid until the last view of the array is gone, even\n"
  "if the name is deleted meanwhile.\n\n"
  "Raises FileNotFoundError if there is no such array, PermissionError if\n"
  "it may not be opened (its message says how its creator shares it: a\n"
  "mode at create), InvalidArrayError (both a ValueError and an OSError)\n"
  "for a bad name or a segment that is not a valid array, OSError for\n"
  "other system errors.",
};

static PyObject *sa_py_types(void) {
  static PyObject *attach;
  if (attach == NULL &&
      (attach = PyCFunction_New(&sa_py_attach_def, NULL)) == NULL)
    return NULL;
  return Py_BuildValue("{sOsOsOsO}", "ArrayDesc", (PyObject *)sa_py_desc_type,
                       "InvalidArrayError", sa_py_invalid_error,
                       "Mapping", (PyObject *)&sa_py_mapping_type,
                       "attach", attach);
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
