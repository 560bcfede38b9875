/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave.i -- the Octave part of the SWIG interface, %included by
 * bindings/sharedarray.i under SWIGOCTAVE. Generates sharedarray.oct.
 *
 * The contract (see sharedarray.i):
 *   - view-out: create/attach return a SWIG-owned sa_octave_array handle;
 *     when the last Octave value holding it is cleared SWIG deletes it and
 *     its destructor calls sa_release (unmap). No Octave array ever points
 *     into the mapping, so nothing can outlive it.
 *   - errors: every failure is an Octave error() with an identifier
 *     (sharedarray:notfound, :exists, :permission, :readonly, :invalid).
 *
 * SWIG's Octave loader autoloads every wrapped function under its own name,
 * and autoloads shadow Octave's builtins; so the raw functions get internal
 * names (__sharedarray_create__ ...) that can clash with nothing, and users
 * call the documented .m wrappers (sharedarray_create.m ...).
 */

%{
#include "sa_octave_array.h"
#include "sa_octave_module.h"
%}

/* Pass Octave values straight through. */
%typemap(in) const octave_value & (octave_value tmp) {
  tmp = $input;
  $1 = &tmp;
}
%typemap(out) octave_value {
  $result = $1;
}
%typemap(out) std::string {
  $result = octave_value($1);
}
%typemap(out) bool {
  $result = octave_value($1);
}

/* Index operators take every remaining argument, and possibly none (h()):
 * SWIG's own varargs typemap would demand at least one. */
%typemap(in, numinputs=0) (const octave_value_list &varargs, ...) (octave_value_list tmp) {
  if (!$1) { /* SWIG emits a numinputs=0 typemap twice; collect once */
    for (int j = $argnum - 1; j < args.length(); ++j)
      tmp.append(args(j));
    $1 = &tmp;
  }
}

/* The handle class: users never construct it directly. */
%rename(sharedarray_handle) sa_octave_array;
%nodefaultctor sa_octave_array;
%nocopyctor sa_octave_array;

%feature("docstring") sa_octave_array "Handle to one mapped SharedArray.
h(i,j,...) reads a copy of the selection; h(i,j,...) = v writes into the
shared memory. size(h), numel(h), ndims(h) give the Octave view's shape
(numpy's shape reversed for C-order arrays). double(h) or h.read() copy
everything; h.read_numpy() copies in numpy's logical shape. Also
h.dtype(), h.classname(), h.shape(), h.order(), h.name(),
h.isreadonly(), h.msync([flags]), h.mlock(), h.munlock().
See help sharedarray_attach.";

%include "sa_octave_array.h"

%newobject sa_oct_create;
%newobject sa_oct_attach;
%rename(__sharedarray_create__) sa_oct_create;
%rename(__sharedarray_attach__) sa_oct_attach;
%rename(__sharedarray_delete__) sa_oct_delete;
%rename(__sharedarray_list__) sa_oct_list;
%rename(__sharedarray_info__) sa_oct_info;
%include "sa_octave_module.h"
