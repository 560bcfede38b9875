/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_array.cc -- the handle object's methods (see sa_octave_array.h). */
#include "sa_octave_array.h"

#include <octave/ov-scalar.h>

#include "sa_octave_convert.h"
#include "sa_octave_errors.h"
#include "sa_octave_select.h"
#include "sa_octave_sync.h"

sa_octave_array::sa_octave_array(sa_array *a)
    : a_(a), name_(sa_name(a)), cls_(sa_oct_classname(sa_get_meta(a)->dtype)),
      complex_(sa_get_meta(a)->dtype.kind == 'c') {}

sa_octave_array::~sa_octave_array() { sa_release(a_); }

sa_array *sa_octave_array::arr() const {
  if (!a_)
    error_with_id("sharedarray:closed",
                  "sharedarray: the handle to '%s' is closed (h.close() was "
                  "called on it or on a copy of it)", name_.c_str());
  return a_;
}

void sa_octave_array::close() {
  sa_array *a = a_;
  a_ = nullptr;
  sa_release(a);
}

bool sa_octave_array::isclosed() const { return a_ == nullptr; }

dim_vector sa_octave_array::octave_dims() const {
  const sa_meta *m = sa_get_meta(arr());
  const int nd = m->ndim;
  dim_vector dv;
  dv.resize(nd < 2 ? 2 : nd, 1);
  dv(0) = dv(1) = 1;
  for (int k = 0; k < nd; k++)
    dv(k) = m->order == 'C' ? m->shape[nd - 1 - k] : m->shape[k];
  return dv;
}

/* The selection is planned first: evaluating an index may run Octave code
 * (an old-style class's subsindex method), which may close the handle. The
 * array is fetched (and checked) only after that. */
octave_value sa_octave_array::__paren__(const octave_value_list &idx) {
  return index(idx);
}

/* h(i) and h(i,j,...) with real double scalar subscripts, each an integer
 * in range: the element's offset straight from the shape (k subscripts
 * fold the trailing dims into the last, as sa_oct_select does). Anything
 * else (ranges, masks, other classes, a bad or out-of-range subscript,
 * which must raise Octave's own error) returns -1 for the general path.
 * Reading a double scalar runs no Octave code, so the array checked here
 * stays open. */
static octave_idx_type sa_oct_scalar_offset(const sa_array *a,
                                            const octave_value_list &idx) {
  static const int scalar_id = octave_scalar::static_type_id();
  const octave_idx_type n = idx.length();
  if (n < 1 || n > SA_MAXDIMS) return -1;
  const sa_meta *m = sa_get_meta(a);
  const int nd = m->ndim;
  octave_idx_type off = 0, stride = 1;
  for (octave_idx_type k = 0; k < n; k++) {
    const octave_value &v = idx(k);
    if (v.type_id() != scalar_id) return -1;
    /* the extent of subscript k in the Octave view: view dim k, or for
     * the last subscript the product of the view dims from k on */
    const int last = k + 1 < n ? static_cast<int>(k) + 1 : nd;
    octave_idx_type ext = 1;
    for (int d = static_cast<int>(k); d < last && d < nd; d++)
      ext *= static_cast<octave_idx_type>(m->order == 'C' ? m->shape[nd - 1 - d] : m->shape[d]);
    const double x = v.scalar_value();
    if (!(x >= 1 && x <= static_cast<double>(ext))) return -1;
    const octave_idx_type i = static_cast<octave_idx_type>(x);
    if (static_cast<double>(i) != x) return -1;
    off += (i - 1) * stride;
    stride *= ext;
  }
  return off;
}

octave_value sa_octave_array::index(const octave_value_list &idx) const {
  if (a_) {
    const octave_idx_type k = sa_oct_scalar_offset(a_, idx);
    if (k >= 0) return sa_oct_gather_one(a_, k);
  }
  const sa_oct_selection s = sa_oct_select(octave_dims(), idx, idx.length());
  return sa_oct_gather(arr(), s);
}

void sa_octave_array::__paren_asgn__(const octave_value_list &idx_and_rhs) {
  const octave_idx_type n = idx_and_rhs.length() - 1;
  if (n < 0)
    error_with_id("sharedarray:invalid",
                  "sharedarray: assignment without a right-hand side");
  if (sa_readonly(arr()))
    error_with_id("sharedarray:readonly",
                  "sharedarray: '%s' is read-only (it was attached with ro=true)",
                  name_.c_str());
  const sa_oct_selection s = sa_oct_select(octave_dims(), idx_and_rhs, n, true);
  const octave_value &rhs = idx_and_rhs(n);
  if (s.count > 0 && rhs.is_zero_by_zero() && rhs.is_double_type())
    sa_oct_unsupported("h(i) = [] (deleting elements)",
                       "'%s' is shared memory of a fixed size", name_.c_str());
  sa_oct_scatter(arr(), s, rhs);
}

octave_value sa_octave_array::__dims__() const {
  if (!a_) return octave_value(RowVector(2, 0.0));
  const dim_vector dv = octave_dims();
  RowVector r(dv.ndims());
  for (int k = 0; k < dv.ndims(); k++) r(k) = static_cast<double>(dv(k));
  return octave_value(r);
}

octave_value sa_octave_array::__float__() const { return read(); }

octave_value sa_octave_array::read() const {
  const dim_vector dv = octave_dims();
  return sa_oct_gather(arr(), sa_oct_select(dv, octave_value_list(), 0));
}

octave_value sa_octave_array::read_as(const char *cls) const {
  const dim_vector dv = octave_dims();
  const sa_oct_selection s = sa_oct_select(dv, octave_value_list(), 0);
  octave_value out;
  if (sa_oct_gather_as(arr(), s, cls, out)) return out;
  return octave_value();
}

/* A C-order array is gathered straight into numpy's logical shape (one
 * copy; read() then permute() held two). */
octave_value sa_octave_array::read_numpy() const {
  const sa_array *a = arr();
  if (sa_order(a) == 'C' && sa_ndim(a) >= 2) return sa_oct_gather_numpy(a);
  return read();
}

octave_value sa_octave_array::shape() const {
  const sa_array *a = arr();
  const int nd = sa_ndim(a);
  RowVector r(nd);
  for (int k = 0; k < nd; k++) r(k) = static_cast<double>(sa_shape(a)[k]);
  return octave_value(r);
}

std::string sa_octave_array::dtype() const { return sa_descr(arr()); }

std::string sa_octave_array::classname() const {
  return sa_oct_classname(sa_get_meta(arr())->dtype);
}

std::string sa_octave_array::order() const { return std::string(1, sa_order(arr())); }

std::string sa_octave_array::name() const { return name_; }

bool sa_octave_array::isreadonly() const { return sa_readonly(arr()) != 0; }

octave_value sa_octave_array::snapshot(const octave_value_list &args) {
  if (args.length() > 1)
    sa_oct_bad_arg("snapshot", "expected at most one argument (TIMEOUT), got %ld",
                   static_cast<long>(args.length()));
  const int ms = sa_oct_timeout_ms("snapshot", args.length() ? args(0) : octave_value());
  sa_array *a = arr();
  const int rc = sa_oct_lock("snapshot", a, ms);
  struct unlock_guard {
    sa_array *a;
    ~unlock_guard() { (void)sa_unlock(a); }
  } guard{a};
  if (rc == SA_LOCK_OWNER_DIED) sa_oct_warn_owner_died("snapshot", a);
  return read();
}
