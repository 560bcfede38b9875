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
#include <datetime.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
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
  {"generation", "the generation (the number of notify() calls) when read, "
                 "or None for a segment without a synchronisation trailer"},
  {"creator_pid", "the pid of the process that created it, or None when "
                  "the segment records no creator (np.save files, "
                  "SharedArray 3.x segments)"},
  {"created_ns", "when it was created, in ns since 1970 (UTC), or None; "
                 "created is the same as a datetime"},
  {"creator_start", "its creator's start time (clock ticks after boot, "
                    "/proc/PID/stat field 22), or None: creator_alive uses it "
                    "so that a reused pid is not taken for the creator"},
  {"holders", "the pids of the processes that map it now, ascending (a "
              "tuple): read from /proc on first access, once for all the "
              "records of one list() or info() call"},
  {"has_sync", "True when the segment has a synchronisation trailer (lock, "
               "generation, provenance), False for np.save files and "
               "SharedArray 3.x segments"},
  {"holders_incomplete", "True when /proc hid some processes' maps (other "
                         "users'), so that holders may miss some: from the "
                         "same scan as holders"},
  {"stale", "True when its creator is gone and no process has it open or "
            "mapped, False when not, None when that cannot be told or the "
            "segment records no creator: computed on first access"},
  {NULL, NULL},
};
/* The fields past uid, by index (sa_py_record fills them). */
enum { SA_PY_F_GENERATION = 11, SA_PY_F_CREATOR_PID, SA_PY_F_CREATED_NS,
       SA_PY_F_CREATOR_START, SA_PY_F_HOLDERS, SA_PY_F_HAS_SYNC,
       SA_PY_F_HOLDERS_INCOMPLETE, SA_PY_F_STALE, SA_PY_F_COUNT };

static PyStructSequence_Desc sa_py_desc_desc = {
  "SharedArray.ArrayDesc",
  "Description of one shared array, as list() and info() return it.\n\n"
  "As a sequence it is (name, dtype, dims), exactly as in SharedArray 3.x: "
  "name is bytes, dtype the numpy scalar type (numpy.float64, ...) and "
  "dims a tuple of ints. The attributes shape, order, nbytes, descr, "
  "np_dtype (the numpy.dtype, byte order included), size, mode and uid "
  "say more; has_sync, generation, creator_pid, created (a datetime in "
  "UTC), created_ns, creator_alive, holders (the pids that map it now), "
  "holders_incomplete and stale (the creator gone and nobody holding it) "
  "tell its synchronisation state and provenance (None, has_sync, holders "
  "and holders_incomplete aside, for a segment without a synchronisation "
  "trailer). Records pickle.",
  sa_py_desc_fields,
  3,
};

static PyTypeObject *sa_py_desc_type;
/* InvalidArrayError: a bad name, or a segment that is not a valid array */
static PyObject *sa_py_invalid_error;
/* OwnerDiedWarning: a lock taken over from a holder that died holding it */
static PyObject *sa_py_owner_died_warning;
/* The types and record attributes of the synchronisation and provenance
 * part, defined further down. */
static PyTypeObject sa_py_scan_type, sa_py_pending_type, sa_py_lock_type;
static PyGetSetDef sa_py_desc_getset[];

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
  if (sa_py_invalid_error == NULL)
    return -1;
  sa_py_owner_died_warning = PyErr_NewExceptionWithDoc(
      "SharedArray.OwnerDiedWarning",
      "The lock was taken, but its previous holder died holding it (it was "
      "killed, or exited without unlocking), so the data it protects may "
      "be half-written.\n\n"
      "lock() also sets owner_died on the lock it returns. The lock is the "
      "caller's, in a normal state: the next locker is not warned again. "
      "warnings.simplefilter('error', OwnerDiedWarning) makes it an "
      "exception (the lock is then released again).",
      PyExc_RuntimeWarning, NULL);
  if (sa_py_owner_died_warning == NULL)
    return -1;
  if (PyType_Ready(&sa_py_scan_type) < 0 ||
      PyType_Ready(&sa_py_pending_type) < 0 ||
      PyType_Ready(&sa_py_lock_type) < 0)
    return -1;
  /* holders, holders_incomplete and stale are computed on first access
   * (the struct sequence's members hold pending objects until then);
   * created and creator_alive are computed from created_ns, creator_pid
   * and creator_start */
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == NULL)
    return -1;
  for (PyGetSetDef *g = sa_py_desc_getset; g->name != NULL; g++) {
    PyObject *d = PyDescr_NewGetSet(sa_py_desc_type, g);
    if (d == NULL)
      return -1;
    rc = PyObject_SetAttrString((PyObject *)sa_py_desc_type, g->name, d);
    Py_DECREF(d);
    if (rc < 0)
      return -1;
  }
  return 0;
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
static void sa_py_raise_msg(int rc, PyObject *name, int what,
                            const char *full) {
  const char *msg, *text;
  if (rc == SA_EOWNER) {
    /* not the expected owner: a PermissionError, as for any refused open */
    sa_py_raise_oserror(PyExc_OSError, EPERM,
                        PyUnicode_DecodeFSDefault(full), name);
    return;
  }
  /* The core's message is "NAME: strerror[: detail]"; the name goes to
   * .filename, so the message starts at the strerror text. */
  msg = full;
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
    PyObject *utext = PyUnicode_DecodeFSDefault(full);
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

/* Raise for the core's last error rc; name is what it was about. */
static void sa_py_raise_for(int rc, PyObject *name, int what) {
  sa_py_raise_msg(rc, name, what, sa_errmsg_safe()); /* names may hold
                                                        terminal escapes */
}

/* Raise for the core's last error rc on array a, made by a core call that
 * the Python call op was built on: the core's detail "cannot CORE_OP" or
 * "CORE_OP: ..." (right after its strerror text) names op instead, e.g.
 * snapshot's failure to lock says "cannot snapshot". */
static void sa_py_raise_as(int rc, const sa_array *a, const char *core_op,
                           const char *op) {
  const char *full = sa_errmsg_safe(), *text = strstr(full, sa_strerror(rc));
  const char *detail, *tail = NULL, *head = NULL;
  size_t n = strlen(core_op);
  PyObject *name;
  char *buf;
  if (text != NULL) {
    detail = text + strlen(sa_strerror(rc));
    if (strncmp(detail, ": cannot ", 9) == 0 &&
        strncmp(detail + 9, core_op, n) == 0 &&
        (detail[9 + n] == '\0' || detail[9 + n] == ' ')) {
      head = detail + 9;
      tail = head + n;
    } else if (strncmp(detail, ": ", 2) == 0 &&
               strncmp(detail + 2, core_op, n) == 0 && detail[2 + n] == ':') {
      head = detail + 2;
      tail = head + n;
    }
  }
  if ((name = PyUnicode_DecodeFSDefault(sa_name(a))) == NULL)
    return;
  if (head == NULL) {
    sa_py_raise_msg(rc, name, SA_PY_INPUT, full);
  } else if ((buf = PyMem_Malloc(strlen(full) + strlen(op) + 1)) == NULL) {
    PyErr_NoMemory();
  } else {
    size_t k = (size_t)(head - full);
    memcpy(buf, full, k);
    strcpy(buf + k, op);
    strcat(buf + k, tail);
    sa_py_raise_msg(rc, name, SA_PY_INPUT, buf);
    PyMem_Free(buf);
  }
  Py_DECREF(name);
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

/* What a pending member of a record computes on first access. */
enum { SA_PY_LAZY_HOLDERS, SA_PY_LAZY_INCOMPLETE, SA_PY_LAZY_STALE };
static PyObject *sa_py_pending_new(PyObject *scan, const sa_info *info,
                                   int kind);

static PyObject *sa_py_none(void) { /* Py_NewRef(Py_None) before 3.10 */
  Py_INCREF(Py_None);
  return Py_None;
}

/* The ArrayDesc record of one array (a new reference). scan is the /proc
 * scan (an sa_py_scan, not done yet) that its holders will come from,
 * shared by every record of one call. */
static PyObject *sa_py_record(const sa_info *info, PyObject *scan) {
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
  PyStructSequence_SET_ITEM(rec, SA_PY_F_GENERATION, info->has_sync ?
      PyLong_FromUnsignedLongLong(info->generation) : sa_py_none());
  /* provenance: None without a trailer, or for a trailer that records no
   * creator (pid 0) */
  if (info->has_sync && info->creator_pid != 0) {
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATOR_PID,
                              PyLong_FromUnsignedLong(info->creator_pid));
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATED_NS,
                              PyLong_FromUnsignedLongLong(info->created_ns));
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATOR_START,
                              PyLong_FromUnsignedLongLong(info->creator_start));
  } else {
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATOR_PID, sa_py_none());
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATED_NS, sa_py_none());
    PyStructSequence_SET_ITEM(rec, SA_PY_F_CREATOR_START, sa_py_none());
  }
  PyStructSequence_SET_ITEM(rec, SA_PY_F_HOLDERS,
      sa_py_pending_new(scan, info, SA_PY_LAZY_HOLDERS));
  PyStructSequence_SET_ITEM(rec, SA_PY_F_HAS_SYNC,
                            PyBool_FromLong(info->has_sync != 0));
  PyStructSequence_SET_ITEM(rec, SA_PY_F_HOLDERS_INCOMPLETE,
      sa_py_pending_new(scan, info, SA_PY_LAZY_INCOMPLETE));
  /* stale: None at once when no creator is recorded */
  PyStructSequence_SET_ITEM(rec, SA_PY_F_STALE,
      info->has_sync && info->creator_pid != 0 ?
      sa_py_pending_new(scan, info, SA_PY_LAZY_STALE) : sa_py_none());
  for (k = 0; k < SA_PY_F_COUNT; k++)
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
    /* the core says "cannot generation" */
    if (strcmp(sym, "generation") == 0)
      sa_py_raise_as(rc, ((sa_py_mapping *)subject)->arr, "generation",
                     "read the generation");
    else
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
  PyObject *out, *item, *tuple, *scan;
  sa_info info;
  int rc;
  /* one /proc scan for the holders of every record, made on first use */
  if ((scan = PyObject_CallNoArgs((PyObject *)&sa_py_scan_type)) == NULL)
    return NULL;
  if ((out = PyList_New(0)) == NULL) {
    Py_DECREF(scan);
    return NULL;
  }
  while ((rc = sa_list_next(l, &info)) > 0) {
    item = sa_py_record(&info, scan);
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
      Py_DECREF(scan);
      return NULL;
    }
    Py_DECREF(item);
  }
  Py_DECREF(scan);
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
#define SA_PY_lock _lock
#define SA_PY_unlock unlock
#define SA_PY_notify notify
#define SA_PY_wait _wait
#define SA_PY_generation generation
#define SA_API(n) SA_PY_##n
%feature("kwargs") sa_info_get;
%feature("kwargs") sa_mlock;
%feature("kwargs") sa_munlock;
%feature("kwargs") sa_unlock;
%feature("kwargs") sa_notify;
%feature("kwargs") sa_generation;

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
  {
    PyObject *scan = PyObject_CallNoArgs((PyObject *)&sa_py_scan_type);
    $result = scan == NULL ? NULL : sa_py_record($1, scan);
    Py_XDECREF(scan);
  }
  if ($result == NULL)
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

Its state and provenance: has_sync (whether it has a synchronisation
trailer), generation (the number of notify() calls), creator_pid,
creator_start, created (a datetime in UTC), created_ns and creator_alive
(who created it and when, and whether that process still runs); holders
(the pids that map it now) and holders_incomplete (True when /proc hid
some processes), read from /proc on first access; and stale (True when
the creator is gone and no process has it open or mapped, None when that
cannot be told), computed on first access. Without a trailer (np.save
files, SharedArray 3.x segments) generation, the creator attributes and
stale are None; has_sync, holders and holders_incomplete are always given.

Raises FileNotFoundError, PermissionError or InvalidArrayError as attach()
does.";

%feature("docstring") sa_mlock
"mlock(array) -> None

Lock the memory of array (or of any view of it) into RAM, as mlock(2) does.
Raises OSError (ENOMEM or EPERM) past RLIMIT_MEMLOCK.";

%feature("docstring") sa_munlock
"munlock(array) -> None

Undo mlock(array): let the memory of array be paged out again.";

/* --------------------------------- synchronisation and provenance */

%{
/* A helper that raised a Python exception itself (Ctrl-C, a timeout). */
#define SA_PY_RAISED INT_MIN
/* Waits and locks sleep in slices this long without the GIL, checking for
 * Ctrl-C between them: the core's lock never returns EINTR, and a wait may
 * miss a signal that arrives just before it sleeps (sharedarray.h). */
#define SA_PY_SLICE_MS 100

/* A timeout in seconds (None: for ever) as the core's milliseconds,
 * rounded up, so that a wait lasts at least what was asked. Beyond 2**31
 * ms (24.8 days) is for ever. */
static int sa_py_timeout_ms(PyObject *t, int *ms) {
  double s;
  if (t == Py_None) {
    *ms = -1;
    return 0;
  }
  if (PyBool_Check(t) || (s = PyFloat_AsDouble(t), PyErr_Occurred())) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "timeout must be None or a number of "
                 "seconds, not %.100s", Py_TYPE(t)->tp_name);
    return -1;
  }
  if (isnan(s) || s < 0) {
    PyErr_Format(PyExc_ValueError, "timeout must be None (for ever) or a "
                 "number of seconds >= 0, not %R", t);
    return -1;
  }
  *ms = s * 1000.0 >= (double)INT_MAX ? -1 : (int)ceil(s * 1000.0);
  return 0;
}

/* The core's interrupt check between slices, run without the GIL: take
 * it, let Python run its signal handlers (Ctrl-C raises
 * KeyboardInterrupt), give it back. *ctx is the saved thread state. */
static int sa_py_signalled(void *ctx) {
  PyThreadState **save = ctx;
  int stop;
  PyEval_RestoreThread(*save);
  stop = PyErr_CheckSignals() < 0;
  *save = PyEval_SaveThread();
  return stop;
}

/* Raise TimeoutError(ETIMEDOUT, "timed out after T s: what", name). */
static void sa_py_timed_out(const sa_array *a, int timeout_ms,
                            const char *what) {
  char text[200];
  PyObject *name = PyUnicode_DecodeFSDefault(sa_name(a));
  if (name == NULL)
    return;
  snprintf(text, sizeof text, "timed out after %g s: %s",
           timeout_ms / 1000.0, what);
  sa_py_raise_oserror(PyExc_OSError, ETIMEDOUT, PyUnicode_FromString(text),
                      name);
  Py_DECREF(name);
}

/* sa_lock for the caller's timeout: first a try with the GIL held (the
 * uncontended case is one compare-and-swap), then slices without it. The
 * core's result (0, SA_LOCK_OWNER_DIED or an error other than a timeout),
 * or SA_PY_RAISED (KeyboardInterrupt, TimeoutError) with the lock not
 * taken. The caller holds a reference to a's Mapping. */
static int sa_py_lock_sliced(sa_array *a, int timeout_ms) {
  PyThreadState *save;
  int rc = sa_lock(a, 0);
  if (rc != -ETIMEDOUT || timeout_ms == 0) {
    if (rc == -ETIMEDOUT)
      sa_py_timed_out(a, timeout_ms, "the lock is held by another thread or process");
    return rc == -ETIMEDOUT ? SA_PY_RAISED : rc;
  }
  save = PyEval_SaveThread();
  rc = sa_lock_interruptible(a, timeout_ms, SA_PY_SLICE_MS, sa_py_signalled,
                             &save);
  PyEval_RestoreThread(save);
  if (rc == -EINTR && PyErr_Occurred())
    return SA_PY_RAISED; /* KeyboardInterrupt, or a handler's exception */
  if (rc == -ETIMEDOUT) {
    sa_py_timed_out(a, timeout_ms, "the lock is held by another thread or process");
    return SA_PY_RAISED;
  }
  return rc;
}

/* After sa_lock took the lock (rc 0 or SA_LOCK_OWNER_DIED) for lock() or
 * for snapshot(): warn if its previous holder died. rc, or -1 with the
 * exception set and the lock released again (a warnings filter made the
 * warning an error). */
static int sa_py_locked(int rc, sa_array *a, int for_snapshot) {
  PyObject *name;
  int w;
  if (rc != SA_LOCK_OWNER_DIED)
    return rc;
  if ((name = PyUnicode_DecodeFSDefault(sa_name(a))) == NULL) {
    (void)sa_unlock(a);
    return -1;
  }
  if (for_snapshot) /* snapshot releases the lock once it has copied */
    w = PyErr_WarnFormat(sa_py_owner_died_warning, 1, "snapshot of %R: the "
                         "previous holder of the lock died holding it, so "
                         "the copy may be inconsistent", name);
  else
    w = PyErr_WarnFormat(sa_py_owner_died_warning, 1, "lock of %R: its "
                         "previous holder died holding it, so the data it "
                         "protects may be inconsistent (the lock is now "
                         "yours)", name);
  Py_DECREF(name);
  if (w < 0) {
    (void)sa_unlock(a);
    return -1;
  }
  return rc;
}

/* sa_wait for the caller's timeout: first a look at the generation with
 * the GIL held, then slices without it, checking for Ctrl-C between them
 * (and when a signal handler ran). The core's result (0 with *now set, or
 * an error other than a timeout), or SA_PY_RAISED. */
static int sa_py_wait_sliced(sa_array *a, uint64_t since, int timeout_ms,
                             uint64_t *now) {
  PyThreadState *save;
  int rc;
  if (!sa_has_sync(a)) /* the core's error, naming wait (not generation) */
    return sa_wait(a, since, 0, now);
  if ((rc = sa_generation(a, now)) < 0 || *now != since)
    return rc;
  if (timeout_ms != 0) {
    save = PyEval_SaveThread();
    rc = sa_wait_interruptible(a, since, timeout_ms, SA_PY_SLICE_MS,
                               sa_py_signalled, &save, now);
    PyEval_RestoreThread(save);
    if (rc == -EINTR && PyErr_Occurred())
      return SA_PY_RAISED;
    if (rc != -ETIMEDOUT)
      return rc;
  }
  {
    char what[80];
    snprintf(what, sizeof what, "the generation is still %llu",
             (unsigned long long)since);
    sa_py_timed_out(a, timeout_ms, what);
    return SA_PY_RAISED;
  }
}

/* ---- the lock that lock() returns: a context manager */

typedef struct {
  PyObject_HEAD
  PyObject *mapping;  /* the sa_py_mapping whose lock is held */
  int owner_died;     /* the previous holder died holding it */
  int held;           /* not released through this object yet */
  long tid;           /* the kernel thread id that took it */
} sa_py_lock;

static long sa_py_gettid(void) { return (long)syscall(SYS_gettid); }

static void sa_py_lock_dealloc(PyObject *self) {
  Py_XDECREF(((sa_py_lock *)self)->mapping);
  Py_TYPE(self)->tp_free(self);
}

static PyObject *sa_py_lock_unlock(PyObject *self, PyObject *unused) {
  sa_py_lock *l = (sa_py_lock *)self;
  sa_array *a = ((sa_py_mapping *)l->mapping)->arr;
  int rc = sa_unlock(a);
  if (rc < 0)
    return sa_py_mem_result(rc, a);
  l->held = 0;
  Py_RETURN_NONE;
}

static PyObject *sa_py_lock_enter(PyObject *self, PyObject *unused) {
  Py_INCREF(self);
  return self;
}

/* The end of the with block: release the lock, unless the thread that
 * took it released it already (SharedArray.unlock(array) inside the
 * block). Any other failure raises (exceptions of the block propagate). */
static PyObject *sa_py_lock_exit(PyObject *self, PyObject *args) {
  sa_py_lock *l = (sa_py_lock *)self;
  sa_array *a;
  int rc;
  if (!l->held)
    Py_RETURN_NONE;
  a = ((sa_py_mapping *)l->mapping)->arr;
  rc = sa_unlock(a);
  if (rc == -EPERM && sa_py_gettid() == l->tid) {
    /* this thread took it and no longer holds it: unlocked already */
    l->held = 0;
    Py_RETURN_NONE;
  }
  if (rc < 0)
    return sa_py_mem_result(rc, a);
  l->held = 0;
  Py_RETURN_NONE;
}

static PyObject *sa_py_lock_repr(PyObject *self) {
  sa_py_lock *l = (sa_py_lock *)self;
  PyObject *name = sa_py_mapping_get_name(l->mapping, NULL), *out;
  if (name == NULL)
    return NULL;
  out = PyUnicode_FromFormat("<SharedArray lock of %R, %s%s>", name,
                             l->held ? "held" : "released",
                             l->owner_died ? ", taken from a holder that "
                             "died" : "");
  Py_DECREF(name);
  return out;
}

static PyObject *sa_py_lock_get_owner_died(PyObject *self, void *c) {
  return PyBool_FromLong(((sa_py_lock *)self)->owner_died);
}

static PyObject *sa_py_lock_get_held(PyObject *self, void *c) {
  return PyBool_FromLong(((sa_py_lock *)self)->held);
}

static PyMethodDef sa_py_lock_methods[] = {
  {"__enter__", sa_py_lock_enter, METH_NOARGS, NULL},
  {"__exit__", sa_py_lock_exit, METH_VARARGS, NULL},
  {"unlock", sa_py_lock_unlock, METH_NOARGS,
   "unlock() -> None\n\nRelease the lock (the same as SharedArray.unlock("
   "array)). The with statement does it at the end of its block."},
  {NULL, NULL, 0, NULL},
};

static PyGetSetDef sa_py_lock_getset[] = {
  {"owner_died", sa_py_lock_get_owner_died, NULL,
   "True when the lock was taken over from a holder that died holding it: "
   "the data it protects may be half-written (an OwnerDiedWarning was "
   "issued too).", NULL},
  {"held", sa_py_lock_get_held, NULL,
   "False once released through this object (its with block ended, or "
   "unlock() was called).", NULL},
  {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject sa_py_lock_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "SharedArray.Lock",
  .tp_basicsize = sizeof(sa_py_lock),
  .tp_dealloc = sa_py_lock_dealloc,
  .tp_repr = sa_py_lock_repr,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_methods = sa_py_lock_methods,
  .tp_getset = sa_py_lock_getset,
  .tp_doc = "The segment's lock, held: what lock(array) returns. A context "
            "manager whose with block ends by releasing it. Dropping the "
            "object does not release the lock while the array lives: use "
            "with, unlock(), or SharedArray.unlock(array). When the last "
            "view of the array is gone, the lock is given back.",
};

/* ---- holders: one /proc scan per list() or info() call, made when the
 * first record's holders are asked for */

typedef struct {
  PyObject_HEAD
  sa_holders *h;      /* NULL until the first record asks */
} sa_py_scan;

static void sa_py_scan_dealloc(PyObject *self) {
  sa_holders_free(((sa_py_scan *)self)->h);
  Py_TYPE(self)->tp_free(self);
}

static PyTypeObject sa_py_scan_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "SharedArray._sharedarray._HolderScan",
  .tp_basicsize = sizeof(sa_py_scan),
  .tp_dealloc = sa_py_scan_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_new = PyType_GenericNew,
  .tp_doc = "One pass over /proc/*/maps, shared by the records of a call.",
};

/* The scan's holders, scanning /proc now if nobody asked before; NULL
 * with an exception set when the scan fails. */
static sa_holders *sa_py_scan_get(PyObject *scan) {
  sa_py_scan *s = (sa_py_scan *)scan;
  if (s->h == NULL) {
    sa_holders *h = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = sa_holders_scan(&h);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
      sa_py_raise_for(rc, NULL, SA_PY_INPUT);
      return NULL;
    }
    if (s->h == NULL) /* another thread may have scanned meanwhile */
      s->h = h;
    else
      sa_holders_free(h);
  }
  return s->h;
}

/* A member of a record computed on first access (kind: its holders, its
 * holders_incomplete or its stale), from its segment's identity and the
 * scan shared by the records of one call. Pickled as its value. */
typedef struct {
  PyObject_HEAD
  PyObject *scan;
  int kind;
  uint64_t dev, ino;
  /* for stale: what sa_info_stale reads besides dev and ino */
  char *name;
  unsigned creator_pid;
  uint64_t creator_start;
  PyObject *value;    /* the answer, once computed */
} sa_py_pending;

static void sa_py_pending_dealloc(PyObject *self) {
  sa_py_pending *p = (sa_py_pending *)self;
  Py_XDECREF(p->scan);
  Py_XDECREF(p->value);
  PyMem_Free(p->name);
  Py_TYPE(self)->tp_free(self);
}

static PyObject *sa_py_pending_new(PyObject *scan, const sa_info *info,
                                   int kind) {
  sa_py_pending *p = PyObject_New(sa_py_pending, &sa_py_pending_type);
  if (p == NULL)
    return NULL;
  Py_INCREF(scan);
  p->scan = scan;
  p->kind = kind;
  p->dev = info->dev;
  p->ino = info->ino;
  p->name = NULL;
  p->creator_pid = info->creator_pid;
  p->creator_start = info->creator_start;
  p->value = NULL;
  if (kind == SA_PY_LAZY_STALE) {
    size_t n = strlen(info->name) + 1;
    if ((p->name = PyMem_Malloc(n)) == NULL) {
      Py_DECREF(p);
      return PyErr_NoMemory();
    }
    memcpy(p->name, info->name, n);
  }
  return (PyObject *)p;
}

/* The pids (a tuple) that map p's segment, from its scan. */
static PyObject *sa_py_pending_pids(sa_py_pending *p) {
  int buf[64], *pids = buf, n, k;
  sa_holders *h;
  PyObject *out;
  if ((h = sa_py_scan_get(p->scan)) == NULL)
    return NULL;
  n = sa_holders_of(h, p->dev, p->ino, buf, 64);
  if (n > 64) {
    if ((pids = PyMem_New(int, n)) == NULL)
      return PyErr_NoMemory();
    n = sa_holders_of(h, p->dev, p->ino, pids, n);
  }
  out = n < 0 ? NULL : PyTuple_New(n);
  for (k = 0; out != NULL && k < n; k++) {
    PyObject *pid = PyLong_FromLong(pids[k]);
    if (pid == NULL)
      Py_CLEAR(out);
    else
      PyTuple_SET_ITEM(out, k, pid);
  }
  if (pids != buf)
    PyMem_Free(pids);
  if (out == NULL && n < 0)
    sa_py_raise_for(n, NULL, SA_PY_INPUT);
  return out;
}

/* stale: the core's sa_info_stale on the shared scan (which answers at
 * once when it shows a holder; otherwise the kernel is asked with a
 * lease). None when it cannot be told. A scan that failed counts as no
 * scan: the lease may still tell. */
static PyObject *sa_py_pending_stale(sa_py_pending *p) {
  sa_holders *h = sa_py_scan_get(p->scan);
  sa_info *info;
  int rc;
  if (h == NULL)
    PyErr_Clear();
  /* sa_info is large (its name and header): on the heap */
  if ((info = PyMem_RawCalloc(1, sizeof *info)) == NULL)
    return PyErr_NoMemory();
  snprintf(info->name, sizeof info->name, "%s", p->name);
  info->has_sync = 1;
  info->dev = p->dev;
  info->ino = p->ino;
  info->creator_pid = p->creator_pid;
  info->creator_start = p->creator_start;
  Py_BEGIN_ALLOW_THREADS
  rc = sa_info_stale(info, h);
  Py_END_ALLOW_THREADS
  PyMem_RawFree(info);
  if (rc < 0)
    Py_RETURN_NONE;
  return PyBool_FromLong(rc);
}

/* p's value, computed on first access and kept. */
static PyObject *sa_py_pending_value(PyObject *self) {
  sa_py_pending *p = (sa_py_pending *)self;
  PyObject *v;
  if (p->value == NULL) {
    if (p->kind == SA_PY_LAZY_HOLDERS) {
      v = sa_py_pending_pids(p);
    } else if (p->kind == SA_PY_LAZY_INCOMPLETE) {
      sa_holders *h = sa_py_scan_get(p->scan);
      if (h == NULL)
        PyErr_Clear(); /* no scan: nothing was seen */
      v = PyBool_FromLong(h == NULL || sa_holders_incomplete(h));
    } else {
      v = sa_py_pending_stale(p);
    }
    if (v == NULL)
      return NULL;
    if (p->value == NULL) /* another thread may have answered meanwhile */
      p->value = v;
    else
      Py_DECREF(v);
  }
  Py_INCREF(p->value);
  return p->value;
}

static PyObject *sa_py_pending_reduce(PyObject *self, PyObject *unused) {
  PyObject *v = sa_py_pending_value(self);
  if (v == NULL)
    return NULL;
  if (v == Py_None) /* NoneType() is None */
    return Py_BuildValue("(O())", (PyObject *)Py_TYPE(v));
  /* tuple(pids), bool(flag) */
  return Py_BuildValue("(O(N))", (PyObject *)Py_TYPE(v), v);
}

static PyMethodDef sa_py_pending_methods[] = {
  {"__reduce__", sa_py_pending_reduce, METH_NOARGS, NULL},
  {NULL, NULL, 0, NULL},
};

static PyTypeObject sa_py_pending_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "SharedArray._sharedarray._Pending",
  .tp_basicsize = sizeof(sa_py_pending),
  .tp_dealloc = sa_py_pending_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_methods = sa_py_pending_methods,
  .tp_doc = "A record's holders, holders_incomplete or stale, computed "
            "when first asked for.",
};

/* ---- the computed attributes of ArrayDesc */

/* holders, holders_incomplete and stale: the member at index c, computed
 * on first access */
static PyObject *sa_py_desc_lazy(PyObject *rec, void *c) {
  PyObject *v = PyStructSequence_GET_ITEM(rec, (Py_ssize_t)(intptr_t)c);
  if (v == NULL)
    Py_RETURN_NONE;
  if (Py_TYPE(v) == &sa_py_pending_type)
    return sa_py_pending_value(v);
  Py_INCREF(v);
  return v;
}

/* created: created_ns as an aware datetime in UTC (to the microsecond) */
static PyObject *sa_py_desc_created(PyObject *rec, void *c) {
  static PyObject *epoch;
  PyObject *ns = PyStructSequence_GET_ITEM(rec, SA_PY_F_CREATED_NS), *delta,
           *out;
  unsigned long long v, us;
  if (ns == NULL || ns == Py_None)
    Py_RETURN_NONE;
  v = PyLong_AsUnsignedLongLong(ns);
  if (PyErr_Occurred())
    return NULL;
  if (epoch == NULL &&
      (epoch = PyDateTimeAPI->DateTime_FromDateAndTime(
           1970, 1, 1, 0, 0, 0, 0, PyDateTime_TimeZone_UTC,
           PyDateTimeAPI->DateTimeType)) == NULL)
    return NULL;
  us = v / 1000;
  delta = PyDelta_FromDSU((int)(us / 86400000000ULL),
                          (int)(us / 1000000 % 86400), (int)(us % 1000000));
  if (delta == NULL)
    return NULL;
  out = PyNumber_Add(epoch, delta);
  Py_DECREF(delta);
  return out;
}

/* creator_alive: is creator_pid, with the start time creator_start, still
 * running? (False once it exited, or when its pid now names another
 * process.) None when no creator is recorded. */
static PyObject *sa_py_desc_creator_alive(PyObject *rec, void *c) {
  PyObject *pid = PyStructSequence_GET_ITEM(rec, SA_PY_F_CREATOR_PID);
  PyObject *start = PyStructSequence_GET_ITEM(rec, SA_PY_F_CREATOR_START);
  static sa_info info; /* large; used under the GIL only */
  int rc;
  if (pid == NULL || start == NULL || pid == Py_None || start == Py_None)
    Py_RETURN_NONE;
  info.has_sync = 1;
  info.creator_pid = (unsigned)PyLong_AsUnsignedLong(pid);
  info.creator_start = PyLong_AsUnsignedLongLong(start);
  if (PyErr_Occurred())
    return NULL;
  if ((rc = sa_creator_alive(&info)) < 0)
    Py_RETURN_NONE;
  return PyBool_FromLong(rc);
}

static PyGetSetDef sa_py_desc_getset[] = {
  {"holders", sa_py_desc_lazy, NULL,
   "the pids of the processes that map it now, ascending (a tuple), found "
   "by its device and inode in /proc/*/maps: also processes that attached "
   "it through another name, or that still map it after its name was "
   "deleted. Read on first access, once for all the records of one list() "
   "or info() call. Processes of other users that /proc does not show are "
   "not counted (holders_incomplete is then True).",
   (void *)(intptr_t)SA_PY_F_HOLDERS},
  {"holders_incomplete", sa_py_desc_lazy, NULL,
   "True when some processes' maps could not be read from /proc (other "
   "users', without privilege), so that holders may miss some; from the "
   "same scan as holders, made once for all the records of one list() or "
   "info() call.", (void *)(intptr_t)SA_PY_F_HOLDERS_INCOMPLETE},
  {"stale", sa_py_desc_lazy, NULL,
   "True when its creator is gone and no process has it open or mapped, "
   "False when not, None when that cannot be told (another user's "
   "segment that /proc does not fully show) or when the segment records "
   "no creator (np.save files, SharedArray 3.x segments). Computed on "
   "first access, as the sharedarray tool, Lua and Octave compute it: a "
   "holder in the call's /proc scan answers at once; otherwise the kernel "
   "is asked (a file lease, granted only when nobody has the file open "
   "or mapped). Stale is not garbage: an array loaded once and kept on "
   "purpose is stale too.", (void *)(intptr_t)SA_PY_F_STALE},
  {"created", sa_py_desc_created, NULL,
   "when it was created: a datetime.datetime in UTC (tzinfo "
   "datetime.timezone.utc), or None when the segment records no creator; "
   "created_ns has the nanoseconds", NULL},
  {"creator_alive", sa_py_desc_creator_alive, NULL,
   "whether the process that created it is still running (True or False: "
   "a pid reused by another process is not taken for it), or None when the "
   "segment records no creator", NULL},
  {NULL, NULL, NULL, NULL, NULL},
};

/* ---- keyword fronts of the generated _lock and _wait, and snapshot */

SWIGINTERN PyObject *_wrap__lock(PyObject *self, PyObject *args);
SWIGINTERN PyObject *_wrap__wait(PyObject *self, PyObject *args);

/* lock(array, timeout=None) -> Lock */
static PyObject *sa_py_lock_front(PyObject *self, PyObject *args,
                                  PyObject *kwds) {
  static char *kwlist[] = {"array", "timeout", NULL};
  PyObject *array, *timeout = Py_None, *mapping, *call, *died;
  sa_py_lock *l;
  if (kwds == NULL && PyTuple_GET_SIZE(args) == 1)
    array = PyTuple_GET_ITEM(args, 0);
  else if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:lock", kwlist,
                                        &array, &timeout))
    return NULL;
  if ((mapping = sa_py_find(array, "lock")) == NULL)
    return NULL;
  if ((call = PyTuple_Pack(2, mapping, timeout)) == NULL) {
    Py_DECREF(mapping);
    return NULL;
  }
  died = _wrap__lock(self, call); /* True: the previous holder died */
  Py_DECREF(call);
  if (died == NULL) {
    Py_DECREF(mapping);
    return NULL;
  }
  if ((l = PyObject_New(sa_py_lock, &sa_py_lock_type)) == NULL) {
    (void)sa_unlock(((sa_py_mapping *)mapping)->arr);
    Py_DECREF(mapping);
    Py_DECREF(died);
    return NULL;
  }
  l->mapping = mapping;
  l->owner_died = died == Py_True;
  l->held = 1;
  l->tid = sa_py_gettid();
  Py_DECREF(died);
  return (PyObject *)l;
}

/* wait(array, since, timeout=None) -> the new generation */
static PyObject *sa_py_wait_front(PyObject *self, PyObject *args,
                                  PyObject *kwds) {
  static char *kwlist[] = {"array", "since", "timeout", NULL};
  PyObject *array, *since, *timeout = Py_None, *call, *res;
  if (kwds == NULL && PyTuple_GET_SIZE(args) == 2)
    return _wrap__wait(self, args); /* the timeout's default: for ever */
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO|O:wait", kwlist, &array,
                                   &since, &timeout) ||
      (call = PyTuple_Pack(3, array, since, timeout)) == NULL)
    return NULL;
  res = _wrap__wait(self, call);
  Py_DECREF(call);
  return res;
}

/* snapshot(array, timeout=None) -> a private copy, taken under the lock */
static PyObject *sa_py_snapshot(PyObject *self, PyObject *args,
                                PyObject *kwds) {
  static char *kwlist[] = {"array", "timeout", NULL};
  PyObject *array, *timeout = Py_None, *mapping, *copy;
  sa_array *a;
  int ms, rc;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:snapshot", kwlist,
                                   &array, &timeout))
    return NULL;
  if (sa_py_timeout_ms(timeout, &ms) < 0 ||
      (mapping = sa_py_find(array, "snapshot")) == NULL)
    return NULL;
  a = ((sa_py_mapping *)mapping)->arr;
  rc = sa_py_lock_sliced(a, ms);
  if (rc < 0) {
    if (rc != SA_PY_RAISED) /* "cannot snapshot", not "cannot lock" */
      sa_py_raise_as(rc, a, "lock", "snapshot");
    Py_DECREF(mapping);
    return NULL;
  }
  if (sa_py_locked(rc, a, 1) < 0) {
    Py_DECREF(mapping);
    return NULL;
  }
  if (PyArray_Check(array))
    copy = PyArray_NewCopy((PyArrayObject *)array, NPY_KEEPORDER);
  else /* a memoryview of it */
    copy = PyArray_FromAny(array, NULL, 0, 0, NPY_ARRAY_ENSURECOPY, NULL);
  if ((rc = sa_unlock(a)) < 0) {
    Py_XDECREF(copy);
    if (copy != NULL)
      (void)sa_py_mem_result(rc, a);
    copy = NULL;
  }
  Py_DECREF(mapping);
  return copy;
}

static PyMethodDef sa_py_sync_defs[] = {
  {"lock", (PyCFunction)(void (*)(void))sa_py_lock_front,
   METH_VARARGS | METH_KEYWORDS,
   "lock(array, timeout=None) -> Lock\n\n"
   "Take the segment's lock, shared by every process and thread that\n"
   "attached it (in any language), and return it held: a context manager,\n"
   "\n"
   "    with sa.lock(a):\n"
   "        a[:] = frame          # nobody else holds the lock meanwhile\n\n"
   "array is the array or any view of it. timeout: None waits for ever,\n"
   "0 only tries, otherwise seconds; TimeoutError when it runs out.\n"
   "Ctrl-C interrupts the wait (KeyboardInterrupt), and other threads run\n"
   "meanwhile (the GIL is released).\n\n"
   "When the previous holder died holding the lock (killed, or exited\n"
   "without unlocking), the lock is taken all the same, an\n"
   "OwnerDiedWarning is issued and the Lock's owner_died is True: the data\n"
   "may be half-written. The lock belongs to the calling thread and is not\n"
   "recursive (locking it again raises OSError EDEADLK). Released at the\n"
   "end of the with block, by Lock.unlock() or by unlock(array) (the with\n"
   "block then ends quietly); dropping the Lock does not release it while\n"
   "the array lives, but the lock is given back when the last view of the\n"
   "array is gone (as when a handle is closed or collected in Lua and\n"
   "Octave), so a forgotten lock never outlives the array's mapping.\n\n"
   "A segment without a synchronisation trailer (an np.save file, a\n"
   "SharedArray 3.x segment) raises ValueError naming it; a read-only\n"
   "attach of a segment that may not be written, PermissionError."},
  {"wait", (PyCFunction)(void (*)(void))sa_py_wait_front,
   METH_VARARGS | METH_KEYWORDS,
   "wait(array, since, timeout=None) -> int\n\n"
   "Wait until the generation of array's segment differs from since, and\n"
   "return it: at once if it already does, so a consumer that passes back\n"
   "what it got never misses a notify (several may have happened).\n\n"
   "    g = sa.generation(a)\n"
   "    while True:\n"
   "        g = sa.wait(a, g)     # the next notify(), in any process\n"
   "        use(sa.snapshot(a))\n\n"
   "timeout: None waits for ever, otherwise seconds; TimeoutError when it\n"
   "runs out. The GIL is released while waiting, and Ctrl-C interrupts it\n"
   "(KeyboardInterrupt). Works on read-only attaches too."},
  {"snapshot", (PyCFunction)(void (*)(void))sa_py_snapshot,
   METH_VARARGS | METH_KEYWORDS,
   "snapshot(array, timeout=None) -> numpy.ndarray\n\n"
   "A private copy of array (or of any view of it), taken under the\n"
   "segment's lock: consistent against writers that write under the lock\n"
   "(with sa.lock(a): ...), never half old and half new. timeout and the\n"
   "errors are lock()'s; if the previous holder of the lock died holding\n"
   "it, an OwnerDiedWarning says that the copy may be inconsistent."},
  {NULL, NULL, 0, NULL},
};
%}

/* the lock's result: False, or True with an OwnerDiedWarning when the
 * previous holder died holding it; errors as sa_status */
%typemap(out) sa_lock_status %{
  if ($1 < 0) {
    sa_py_fail($1, _global_subject, "$symname");
    SWIG_fail;
  }
  if (sa_py_locked($1, ((sa_py_mapping *)_global_subject)->arr, 0) < 0)
    SWIG_fail;
  $result = PyBool_FromLong($1 == SA_LOCK_OWNER_DIED);
%}

/* a timeout in seconds: None (the default) for ever */
%typemap(default) int timeout_ms "$1 = -1;"
%typemap(in) int timeout_ms %{
  if (sa_py_timeout_ms($input, &$1) < 0)
    SWIG_fail;
%}

/* a generation: an int >= 0 */
%typemap(in) uint64_t since %{
  {
    PyObject *i = PyNumber_Index($input);
    $1 = i == NULL ? 0 : PyLong_AsUnsignedLongLong(i);
    Py_XDECREF(i);
    if (PyErr_Occurred()) {
      if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "since %R: not a generation (an int "
                     "from 0 to 2**64-1)", $input);
      }
      SWIG_fail;
    }
  }
%}

/* the generation out: an int */
%typemap(in, numinputs=0) uint64_t *generation_out (uint64_t gen = 0)
  "$1 = &gen;"
%typemap(argout) uint64_t *generation_out %{
  Py_DECREF($result);
  if (($result = PyLong_FromUnsignedLongLong(*$1)) == NULL)
    SWIG_fail;
%}

/* lock and wait: sliced, without the GIL, Ctrl-C checked between slices.
 * The arguments are sa_surface.i's: lock(arg1 array, arg2 timeout_ms),
 * wait(arg1 array, arg2 since, arg3 timeout_ms, arg4 generation_out). */
%exception sa_lock %{
  result = sa_py_lock_sliced(arg1, arg2);
  if (result == SA_PY_RAISED)
    SWIG_fail;
%}
%exception sa_wait %{
  result = sa_py_wait_sliced(arg1, arg2, arg3, arg4);
  if (result == SA_PY_RAISED)
    SWIG_fail;
%}

%feature("docstring") sa_lock
"_lock(array, timeout) -> bool

Low-level lock: True when the previous holder died holding it. Use
SharedArray.lock(), the context manager.";

%feature("docstring") sa_wait
"_wait(array, since, timeout=None) -> int

Low-level wait; use SharedArray.wait().";

%feature("docstring") sa_unlock
"unlock(array) -> None

Release the segment's lock, which the calling thread holds (lock(array)
took it). PermissionError when this thread does not hold it.";

%feature("docstring") sa_notify
"notify(array) -> None

Add 1 to the generation of array's segment (array, or any view of it) and
wake every wait() on it, in every process and language. Costs no system
call when nobody waits. ValueError for a segment without a synchronisation
trailer (np.save files, SharedArray 3.x segments).";

%feature("docstring") sa_generation
"generation(array) -> int

The generation of array's segment: 0 when created, then the number of
notify() calls since (modulo 2**64). Read it before the work that a notify
may follow, then wait(array, g).";

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
  static PyObject *attach, *sync[3];
  int k;
  if (attach == NULL &&
      (attach = PyCFunction_New(&sa_py_attach_def, NULL)) == NULL)
    return NULL;
  for (k = 0; k < 3; k++)
    if (sync[k] == NULL &&
        (sync[k] = PyCFunction_New(&sa_py_sync_defs[k], NULL)) == NULL)
      return NULL;
  return Py_BuildValue("{sOsOsOsOsOsOsOsOsO}",
                       "ArrayDesc", (PyObject *)sa_py_desc_type,
                       "InvalidArrayError", sa_py_invalid_error,
                       "Mapping", (PyObject *)&sa_py_mapping_type,
                       "attach", attach,
                       "OwnerDiedWarning", sa_py_owner_died_warning,
                       "Lock", (PyObject *)&sa_py_lock_type,
                       "lock", sync[0], "wait", sync[1],
                       "snapshot", sync[2]);
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
