/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_select.h -- turning Octave index arguments (h(i,j,...)) into a
 * list of contiguous runs of elements in the mapped memory.
 *
 * The rules are Octave's own (Array<T>::index): one index is linear, k >= 2
 * indices fold trailing dimensions into the last one, ':' and ranges and
 * logical masks are idx_vectors, and the result takes the index lengths as
 * its dimensions. Out-of-range indices raise Octave's own index error. No
 * resizing: an index past the end is always an error, for reads and writes.
 */
#ifndef SA_OCTAVE_SELECT_H
#define SA_OCTAVE_SELECT_H

#include <octave/oct.h>
#include <vector>

struct sa_oct_selection {
  dim_vector result_dims;            /* dims of the copy h(idx...) returns */
  octave_idx_type count = 0;         /* number of selected elements */
  int nsubs = 0;                     /* number of subscripts: 0, 1 (linear), k */
  /* The walk: leading dims that are fully selected are collapsed into one
   * block of `block` elements; dim `first` may be a contiguous range; the
   * remaining dims are walked as an odometer. */
  octave_idx_type block = 1;
  std::vector<octave::idx_vector> idx;   /* per effective dim */
  std::vector<octave_idx_type> len;      /* selected length per dim */
  std::vector<octave_idx_type> stride;   /* element stride per dim */
  std::vector<octave_idx_type> extent;   /* full length of each dim */
  size_t first = 0;
};

/* Plans the selection of args(0 .. nargs-1) on an array of Octave dims dv.
 * Throws Octave's index errors (out of range, bad subscript); for a write
 * (for_write), an index past the end, which would grow a matrix, raises
 * sharedarray:unsupported instead. */
sa_oct_selection sa_oct_select(const dim_vector &dv, const octave_value_list &args,
                               octave_idx_type nargs, bool for_write = false);

/* Octave's rule for h(idx...) = v, where v has dims rhs (Array<T>::assign):
 * a scalar always fits; with one subscript (or none) the element counts
 * must agree; with k >= 2 subscripts the non-singleton selected lengths
 * must equal v's non-singleton dims, in order (so a 3x2 selection takes a
 * 3x2 or 3x1x2 value but not a 2x3 one, and a 1x3 selection takes a 3x1
 * vector). Throws Octave's "=: nonconformant arguments" error. */
void sa_oct_check_conform(const sa_oct_selection &s, const dim_vector &rhs);

/* Calls run(dst, src, n) for each contiguous run: n elements starting at
 * element src of the mapped data go to positions dst.. of the result, in
 * Octave (column-major) order of the result. */
template <class F>
void sa_oct_for_each_run(const sa_oct_selection &s, F run) {
  if (s.count == 0) return;
  const size_t nd = s.idx.size();
  if (s.first >= nd) {            /* everything selected: one run */
    run(0, 0, s.block);
    return;
  }
  /* Dim `first` gives runs: one run if it is a contiguous range, else one
   * run of `block` elements per index. */
  const octave::idx_vector &i0 = s.idx[s.first];
  const octave_idx_type n0 = s.len[s.first], st0 = s.stride[s.first];
  octave_idx_type lo = 0, hi = 0;
  const bool cont = i0.is_cont_range(s.extent[s.first], lo, hi) && n0 == hi - lo;
  std::vector<octave_idx_type> off0;
  if (!cont) {
    off0.resize(n0);
    for (octave_idx_type j = 0; j < n0; j++) off0[j] = i0.xelem(j) * st0;
  }
  /* The outer dims: element offsets per index, walked as an odometer. */
  const size_t no = nd - s.first - 1;
  std::vector<std::vector<octave_idx_type>> off(no);
  for (size_t d = 0; d < no; d++) {
    const size_t e = s.first + 1 + d;
    off[d].resize(s.len[e]);
    for (octave_idx_type j = 0; j < s.len[e]; j++)
      off[d][j] = s.idx[e].xelem(j) * s.stride[e];
  }
  std::vector<octave_idx_type> ctr(no, 0);
  octave_idx_type dst = 0;
  for (;;) {
    octave_idx_type base = 0;
    for (size_t d = 0; d < no; d++) base += off[d][ctr[d]];
    if (cont) {
      run(dst, base + lo * st0, n0 * s.block);
      dst += n0 * s.block;
    } else {
      for (octave_idx_type j = 0; j < n0; j++, dst += s.block)
        run(dst, base + off0[j], s.block);
    }
    size_t d = 0;
    for (; d < no; d++) {
      if (++ctr[d] < s.len[s.first + 1 + d]) break;
      ctr[d] = 0;
    }
    if (d >= no) return;
  }
}

#endif /* SA_OCTAVE_SELECT_H */
