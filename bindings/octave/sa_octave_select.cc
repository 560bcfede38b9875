/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_select.cc -- planning h(i,j,...) selections with Octave's rules
 * (see sa_octave_select.h). */
#include "sa_octave_select.h"

#include <octave/lo-array-errwarn.h>

#include "sa_octave_errors.h"

/* h(i) = v past the end: a matrix would grow, a shared array cannot. */
OCTAVE_NORETURN static void sa_oct_refuse_growth(octave_idx_type pos, octave_idx_type ext,
                                                 octave_idx_type n) {
  sa_oct_unsupported("h(i) = v with an index past the end (growing the array)",
                     "index %ld is out of bound %ld (subscript %ld): shared "
                     "memory has a fixed size", static_cast<long>(ext),
                     static_cast<long>(n), static_cast<long>(pos));
}

/* args(k) as an idx_vector; a bad subscript names its position, as
 * Octave's own matrices do ("index (_,0): out of bound; value 0 ..."). */
static octave::idx_vector sa_oct_index(const octave_value &v, octave_idx_type k,
                                       octave_idx_type nargs) {
  try {
    return v.index_vector();
  } catch (octave::index_exception &ie) {
    ie.set_pos_if_unset(nargs, k + 1);
    throw;
  }
}

sa_oct_selection sa_oct_select(const dim_vector &dv, const octave_value_list &args,
                               octave_idx_type nargs, bool for_write) {
  sa_oct_selection s;
  s.nsubs = static_cast<int>(nargs);
  if (nargs == 0) {                       /* h(): the whole array */
    s.result_dims = dv;
    s.count = dv.numel();
    s.block = s.count;
    return s;
  }
  if (nargs == 1) {                       /* linear indexing */
    const octave_idx_type n = dv.numel();
    octave::idx_vector i = sa_oct_index(args(0), 0, 1);
    if (i.extent(n) != n) {
      if (for_write) sa_oct_refuse_growth(1, i.extent(n), n);
      octave::err_index_out_of_range(1, 1, i.extent(n), n, dv);
    }
    const octave_idx_type len = i.length(n);
    dim_vector rd;
    if (i.is_colon()) {
      rd = dim_vector(n, 1);
    } else {
      /* The index's shape, except that a vector indexed by a vector keeps
       * the orientation of the indexed vector (as Array<T>::index does). */
      rd = i.orig_dimensions();
      if (n != 1 && dv.is_nd_vector() && len != 1 && rd.is_nd_vector())
        rd = dv.make_nd_vector(len);
    }
    s.result_dims = rd;
    s.idx.push_back(i);
    s.len.push_back(len);
    s.stride.push_back(1);
    s.extent.push_back(n);
    s.count = len;
  } else {                                /* k subscripts */
    const dim_vector rdv = dv.redim(nargs);
    dim_vector rd;
    rd.resize(nargs);
    octave_idx_type stride = 1;
    s.count = 1;
    for (octave_idx_type k = 0; k < nargs; k++) {
      octave::idx_vector i = sa_oct_index(args(k), k, nargs);
      const octave_idx_type n = rdv(k);
      if (i.extent(n) != n) {
        if (for_write) sa_oct_refuse_growth(k + 1, i.extent(n), n);
        octave::err_index_out_of_range(nargs, k + 1, i.extent(n), n, dv);
      }
      const octave_idx_type len = i.length(n);
      rd(k) = len;
      s.idx.push_back(i);
      s.len.push_back(len);
      s.stride.push_back(stride);
      s.extent.push_back(n);
      s.count *= len;
      stride *= n;
    }
    rd.chop_trailing_singletons();
    s.result_dims = rd;
  }
  /* Leading dims selected in full are one contiguous block. */
  size_t f = 0;
  s.block = 1;
  while (f < s.idx.size() && s.idx[f].is_colon_equiv(s.extent[f])) {
    s.block *= s.extent[f];
    f++;
  }
  s.first = f;
  return s;
}

void sa_oct_check_conform(const sa_oct_selection &s, const dim_vector &rhs) {
  const octave_idx_type rn = rhs.numel();
  if (rn == 1) return;                        /* a scalar fills */
  if (s.nsubs < 2) {
    if (rn != s.count) octave::err_nonconformant("=", s.result_dims, rhs);
    return;
  }
  std::vector<octave_idx_type> lhs_ext, rhs_ext;  /* singletons squeezed */
  for (octave_idx_type l : s.len)
    if (l != 1) lhs_ext.push_back(l);
  for (int k = 0; k < rhs.ndims(); k++)
    if (rhs(k) != 1) rhs_ext.push_back(rhs(k));
  if (lhs_ext == rhs_ext) return;
  if (s.count == 0 && rn == 0) return;        /* both empty: nothing to do */
  /* The message Octave's own matrices give (Array<T>::assign). */
  if (s.nsubs == 2)
    octave::err_nonconformant("=", s.len[0], s.len[1], rhs(0), rhs(1));
  dim_vector lhs, squeezed = rhs;
  lhs.resize(s.nsubs);
  for (int k = 0; k < s.nsubs; k++) lhs(k) = s.len[k];
  lhs.chop_trailing_singletons();
  squeezed.chop_all_singletons();
  octave::err_nonconformant("=", lhs, squeezed);
}
