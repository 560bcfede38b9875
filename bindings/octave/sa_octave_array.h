/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_array.h -- the Octave handle object for one mapped SharedArray.
 *
 * A stock Octave build cannot hand mmap'd memory to an NDArray (its Array
 * frees with operator delete), so Octave code gets a SWIG handle instead:
 *   h(i,j,...)        a copy of the selection (':' ranges, logical masks,
 *                     linear indexing, 'end' all work as for a matrix)
 *   h(i,j,...) = v    writes straight into the shared memory, converting v
 *                     with Octave's rules for the array's class
 *   size numel ndims  the Octave view's dimensions
 *   double(h), h.read()  a full native copy
 *   h.close()         unmaps now; idempotent; any later use of h (or of a
 *                     copy of it: copies are the same handle) raises
 *                     sharedarray:closed
 * Otherwise the mapping is released when the last Octave value holding the
 * handle is cleared. The handle's lifetime belongs to the Octave value, not
 * to SWIG: the object is wrapped by sa_oct_swig_type (sa_octave_ref.h),
 * whose destructor deletes it, and SWIG is given no destructor at all, so
 * the .oct exports no function (SWIG's delete_<class>) that could free an
 * object that live values still point to.
 *
 * Order convention: the Octave view of an array is its memory read in
 * column-major order. A C-order (numpy default) array therefore shows its
 * numpy shape reversed; a Fortran-order array shows its shape as it is.
 * read_numpy() returns a copy permuted to numpy's logical shape.
 *
 * This header is parsed by SWIG (sa_octave.i) as well as compiled; under
 * SWIG the index operators are declared variadic so that SWIG's
 * (const octave_value_list &varargs, ...) typemap collects every index.
 */
#ifndef SA_OCTAVE_ARRAY_H
#define SA_OCTAVE_ARRAY_H

#ifndef SWIG
#include <octave/oct.h>
#include <string>
#include "sharedarray.h"
#endif

class sa_octave_array {
 public:
#ifndef SWIG
  /* Takes ownership of a (released by close() or the destructor). */
  explicit sa_octave_array(sa_array *a);
  sa_octave_array(const sa_octave_array &) = delete;
  sa_octave_array &operator=(const sa_octave_array &) = delete;
  /* Not seen by SWIG (no delete_sharedarray_handle): see above. */
  ~sa_octave_array();
  /* The mapped array, or a sharedarray:closed error once closed. Methods
   * call it after anything that can run Octave code (an index's
   * subsindex method may call h.close()), never keep it across such. */
  sa_array *arr() const;
  /* The Octave view's dimensions (numpy shape, reversed for C order). */
  dim_vector octave_dims() const;
  /* What the handle's values are, fixed at attach (kept once closed):
   * the Octave class of a read ("double", "int8", "logical"...) and
   * whether it is complex. */
  const char *cls() const { return cls_; }
  bool is_complex() const { return complex_; }
  /* A full copy converted to the Octave class cls ("double", "single",
   * "int8" ... "uint64", "logical"), made in one pass from the mapped
   * memory (no temporary in the array's own class); complex arrays to
   * "double" and "single" too. Other targets of a complex array, and a
   * target that is not one of those, give an undefined value: the caller
   * converts read() with Octave's own rules. */
  octave_value read_as(const char *cls) const;
  /* The selection idx of the Octave view, as a new Octave array. Real
   * double scalar subscripts (h(i), h(i,j)) in range take a fast path
   * that plans no selection and allocates no array. */
  octave_value index(const octave_value_list &idx) const;
#endif

#ifdef SWIG
  octave_value __paren__(const octave_value_list &varargs, ...);
  void __paren_asgn__(const octave_value_list &varargs, ...);
  octave_value snapshot(const octave_value_list &varargs, ...);
#else
  /* h.snapshot([timeout]): a full copy as read() gives, taken under the
   * segment's lock (h.lock's timeout, in seconds; the same warning when
   * the previous holder died holding it): consistent against writers
   * that write under the lock. */
  octave_value snapshot(const octave_value_list &args);
  octave_value snapshot(const octave_value_list &args, void *) { return snapshot(args); }
  /* h(idx...): a copy of the selection. */
  octave_value __paren__(const octave_value_list &idx);
  /* h(idx...) = rhs: idx is followed by the right-hand side. */
  void __paren_asgn__(const octave_value_list &idx_and_rhs);
  /* What SWIG's wrappers call: the trailing void* stands for the '...'. */
  octave_value __paren__(const octave_value_list &idx, void *) {
    return __paren__(idx);
  }
  void __paren_asgn__(const octave_value_list &idx_and_rhs, void *) {
    __paren_asgn__(idx_and_rhs);
  }
#endif
  /* What size(h), numel(h) and ndims(h) see: [0 0] once closed, so that
   * whos and display still work on a closed handle. */
  octave_value __dims__() const;
  /* double(h) and single(h) convert this full copy. */
  octave_value __float__() const;

  /* A full copy in the Octave view's shape and the mapped Octave class. */
  octave_value read() const;
  /* A full copy in numpy's logical shape (C order: dims permuted back). */
  octave_value read_numpy() const;
  /* The numpy shape as a row vector (not reversed). */
  octave_value shape() const;
  /* numpy's descr, e.g. "<f8", "|u1", ">i4". */
  std::string dtype() const;
  /* The Octave class that reads return: "double", "int16", "logical"... */
  std::string classname() const;
  /* "C" or "F". */
  std::string order() const;
  /* The name as given at create/attach time (also once closed). */
  std::string name() const;
  bool isreadonly() const;
  /* h.msync([flags]), h.mlock() and h.munlock() are the surface's own
   * functions, bound to every handle (sa_octave_ref.h). */
  /* Unmaps now. Idempotent. Every later use except name(), isclosed() and
   * the dimensions raises sharedarray:closed. */
  void close();
  bool isclosed() const;

 private:
#ifndef SWIG
  sa_array *a_;          /* NULL once closed */
  std::string name_;
  const char *cls_;
  bool complex_;
#endif
};

#endif /* SA_OCTAVE_ARRAY_H */
