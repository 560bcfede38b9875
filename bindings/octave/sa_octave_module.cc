/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_module.cc -- create, attach, delete, list and info for Octave
 * (see sa_octave_module.h). */
#include "sa_octave_module.h"


#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "sa_octave_convert.h"
#include "sa_octave_errors.h"

/* A char row vector argument, or a clear error naming it. A NUL character
 * is refused: C would cut the string there (['p' char(0) 'x'] naming 'p'). */
static std::string sa_oct_string(const char *fn, const char *what,
                                 const octave_value &v) {
  if (!v.is_string() || v.rows() > 1)
    sa_oct_bad_arg(fn, "%s must be a string (a char row vector), not a %s", what,
                   v.class_name().c_str());
  const std::string s = v.string_value();
  const size_t nul = s.find('\0');
  if (nul != std::string::npos) {
    std::string shown;
    for (char c : s) shown += c ? std::string(1, c) : std::string("\\0");
    sa_oct_bad_arg(fn, "%s '%s' contains a NUL character (char(0)) at "
                   "position %ld", what, shown.c_str(), static_cast<long>(nul + 1));
  }
  return s;
}

/* Octave's dim_vector holds 64-bit dimensions, but size(h), numel(h) and
 * 'end' reach a handle through SWIG, which passes each dimension as an
 * int. Refuse arrays with a dimension beyond that rather than report
 * wrong sizes. */
static const int64_t sa_oct_max_dim = 2147483647;

static void sa_oct_check_dims(const char *fn, const char *name, int ndim,
                              const int64_t *shape) {
  for (int k = 0; k < ndim; k++)
    if (shape[k] > sa_oct_max_dim)
      error_with_id("sharedarray:invalid",
                    "sharedarray_%s: '%s': dimension %d of the shape is "
                    "%lld; Octave handles support dimensions up to %lld "
                    "(2^31-1)", fn, name, k + 1,
                    static_cast<long long>(shape[k]),
                    static_cast<long long>(sa_oct_max_dim));
}

sa_octave_array *sa_oct_create(const octave_value &name, const octave_value &shape,
                               const octave_value &dtype, const octave_value &order,
                               const octave_value &mode) {
  const std::string nm = sa_oct_string("create", "NAME", name);

  /* SHAPE: numpy's shape, [] for a 0-d array. */
  if (!(shape.isnumeric() || shape.islogical()) || shape.iscomplex() ||
      (!shape.isempty() && !shape.dims().is_nd_vector() && shape.numel() != 1))
    sa_oct_bad_arg("create", "SHAPE must be a vector of non-negative integers "
                   "(numpy's shape), not a %s", shape.class_name().c_str());
  const NDArray sv = shape.array_value();
  if (sv.numel() > SA_MAXDIMS)
    sa_oct_bad_arg("create", "SHAPE has %ld dimensions; the limit is %d",
                   static_cast<long>(sv.numel()), SA_MAXDIMS);
  int64_t dims[SA_MAXDIMS];
  for (octave_idx_type k = 0; k < sv.numel(); k++) {
    const double d = sv(k);
    if (!(d >= 0) || d != std::floor(d) || d > 9.0e18)
      sa_oct_bad_arg("create", "SHAPE(%ld) = %g is not a non-negative integer",
                     static_cast<long>(k + 1), d);
    dims[k] = static_cast<int64_t>(d);
  }

  sa_oct_check_dims("create", nm.c_str(), static_cast<int>(sv.numel()), dims);

  const std::string dt = sa_oct_string("create", "DTYPE", dtype);
  std::string ord = order.isempty() ? "C" : sa_oct_string("create", "ORDER", order);
  /* one character; the core checks which (C, F, c or f) */
  if (ord.size() != 1)
    sa_oct_bad_arg("create", "invalid order '%s': ORDER must be 'C' or 'F' "
                   "(or lowercase 'c' or 'f')", ord.c_str());
  const char oc = ord[0];

  /* MODE: permission bits. The core refuses bits above 0777 (setuid,
   * setgid, sticky) and parses strings (sa_mode_parse: 1 to 4 octal
   * digits, optional "0o"; no sign, space or other text); here only what
   * an unsigned cannot carry is checked. 0 means the default, 0600. */
  unsigned md = 0;
  if (mode.is_string()) {
    const std::string ms = sa_oct_string("create", "MODE", mode);
    const int mrc = sa_mode_parse(ms.c_str(), &md);
    if (mrc < 0) sa_oct_raise("create", mrc);  /* "mode: ' 644': expected ..." */
  } else if (!mode.isempty()) {
    if (!mode.isnumeric() || mode.iscomplex() || mode.numel() != 1)
      sa_oct_bad_arg("create", "MODE must be permission bits: a number from 0 "
                     "to 511 (0777; e.g. 384 for 0600) or octal digits in a "
                     "string ('0640'), not a %s", mode.class_name().c_str());
    const double v = mode.double_value();
    if (!(v >= 0 && v <= 4294967295.0 && v == std::floor(v)))
      sa_oct_bad_arg("create", "MODE %g is not permission bits: give a number "
                     "from 0 to 511 (0777; e.g. 384 for 0600) or octal digits "
                     "in a string ('0640')", v);
    md = static_cast<unsigned>(v);  /* the core refuses above 0777 */
  }

  sa_array *a = nullptr;
  const int rc = sa_create(nm.c_str(), static_cast<int>(sv.numel()), dims,
                           dt.c_str(), oc, md, 0, &a);
  if (rc < 0) sa_oct_raise("create", rc);
  return new sa_octave_array(a);
}

/* OWNER: [] or false (no check), true (the caller's effective uid), a uid,
 * or a user name (a string of digits is a uid). Sets *flags, or *uid and
 * returns true. */
static bool sa_oct_owner(const octave_value &owner, unsigned *flags, unsigned *uid) {
  /* Only [] (and false) turn the check off: an empty user name is an
   * error, so that a script that computed '' does not silently skip it. */
  if (owner.isempty() && !owner.is_string()) return false;
  if (owner.islogical()) {
    if (owner.numel() != 1)
      sa_oct_bad_arg("attach", "OWNER must be true, false, a uid or a user name");
    if (!owner.bool_value()) return false;
    *flags |= SA_ATTACH_OWNED;
    return false;
  }
  if (owner.is_string()) {
    const std::string who = sa_oct_string("attach", "OWNER", owner);
    if (who.find('\0') != std::string::npos)  /* no user has that name */
      sa_oct_bad_arg("attach", "OWNER: a user name with a NUL character");
    if (sa_owner_parse(who.c_str(), uid) < 0)    /* a uid or a user name */
      sa_oct_bad_arg("attach", "OWNER: %s", sa_errmsg_safe());
    return true;
  }
  if (!owner.isnumeric() || owner.iscomplex() || owner.numel() != 1)
    sa_oct_bad_arg("attach", "OWNER must be true, false, a uid or a user name, "
                   "not a %s", owner.class_name().c_str());
  const double v = owner.double_value();
  if (!(v >= 0 && v <= 4294967295.0 && v == std::floor(v)))
    sa_oct_bad_arg("attach", "OWNER %g is not a uid (an integer from 0 to "
                   "4294967295)", v);
  *uid = static_cast<unsigned>(v);
  return true;
}

sa_octave_array *sa_oct_attach(const octave_value &name, const octave_value &ro,
                               const octave_value &owner) {
  const std::string nm = sa_oct_string("attach", "NAME", name);
  unsigned flags = 0, uid = 0;
  if (!ro.isempty()) {
    if (!(ro.isnumeric() || ro.islogical()) || ro.numel() != 1)
      sa_oct_bad_arg("attach", "RO must be true or false");
    if (ro.bool_value()) flags |= SA_ATTACH_RDONLY;
  }
  const bool by_uid = sa_oct_owner(owner, &flags, &uid);
  sa_array *a = nullptr;
  const int rc = by_uid ? sa_attach_owner(nm.c_str(), flags, uid, &a)
                        : sa_attach(nm.c_str(), flags, &a);
  if (rc < 0) sa_oct_raise("attach", rc);
  sa_octave_array *h = new sa_octave_array(a); /* releases a if we raise */
  try {
    sa_oct_check_dims("attach", nm.c_str(), sa_ndim(a), sa_shape(a));
  } catch (...) {
    delete h;
    throw;
  }
  return h;
}

void sa_oct_delete(const octave_value &name) {
  const std::string nm = sa_oct_string("delete", "NAME", name);
  const int rc = sa_delete(nm.c_str(), 0);
  if (rc < 0) sa_oct_raise("delete", rc);
}

static const char *const sa_oct_info_fields[] = {
  "name", "shape", "dtype", "order", "class", "nbytes", "size", "mode", "uid"};

/* Stores one sa_info as element k of m. */
static void sa_oct_info_store(octave_map &m, octave_idx_type k, const sa_info &in) {
  const sa_meta &mt = in.meta;
  RowVector shp(mt.ndim);
  for (int d = 0; d < mt.ndim; d++) shp(d) = static_cast<double>(mt.shape[d]);
  const octave_value vals[] = {
    octave_value(in.name), octave_value(shp), octave_value(mt.dtype.descr),
    octave_value(std::string(1, mt.order)),
    octave_value(sa_oct_classname(mt.dtype)),
    octave_value(static_cast<double>(mt.nbytes)),
    octave_value(static_cast<double>(in.size)),
    octave_value(static_cast<double>(in.mode)),
    octave_value(static_cast<double>(in.uid))};
  for (size_t f = 0; f < sizeof vals / sizeof vals[0]; f++) {
    Cell c = m.contents(sa_oct_info_fields[f]);
    c(k) = vals[f];
    m.setfield(sa_oct_info_fields[f], c);
  }
}

static octave_map sa_oct_info_map(octave_idx_type n) {
  octave_map m(dim_vector(n, 1));
  for (const char *f : sa_oct_info_fields) m.setfield(f, Cell(dim_vector(n, 1)));
  return m;
}

octave_value sa_oct_list(const octave_value &where) {
  std::string w;
  if (!where.isempty()) w = sa_oct_string("list", "WHERE", where);
  sa_list *l = nullptr;
  int rc = sa_list_open(w.c_str(), &l);
  if (rc < 0) sa_oct_raise("list", rc);
  std::vector<sa_info> found;
  sa_info in;
  while ((rc = sa_list_next(l, &in)) > 0) found.push_back(in);
  sa_list_close(l);
  if (rc < 0) sa_oct_raise("list", rc);
  octave_map m = sa_oct_info_map(static_cast<octave_idx_type>(found.size()));
  for (size_t k = 0; k < found.size(); k++)
    sa_oct_info_store(m, static_cast<octave_idx_type>(k), found[k]);
  return octave_value(m);
}

octave_value sa_oct_info(const octave_value &name) {
  const std::string nm = sa_oct_string("info", "NAME", name);
  sa_info in;
  const int rc = sa_info_get(nm.c_str(), &in);
  if (rc < 0) sa_oct_raise("info", rc);
  octave_map m = sa_oct_info_map(1);
  sa_oct_info_store(m, 0, in);
  return octave_value(m);
}
