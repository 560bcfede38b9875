/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave.i -- the Octave part of the SWIG interface, %included by
 * bindings/sharedarray.i under SWIGOCTAVE. Generates sharedarray.oct.
 *
 * The contract (see sharedarray.i):
 *   - view-out: create/attach return a handle (sa_octave_array) whose
 *     lifetime is the Octave value's: when the last value holding it is
 *     cleared, its destructor calls sa_release (unmap); h.close() unmaps
 *     earlier. No Octave array ever points into the mapping, so nothing
 *     can outlive it. SWIG neither owns nor deletes the object and exports
 *     no destructor (see sa_octave_ref.h); a handle cannot be saved, and a
 *     file that claims to hold one loads with an error, not a crash.
 *   - errors: every failure is an Octave error() with an identifier
 *     (sharedarray:notfound, :exists, :permission, :readonly, :owner,
 *     :invalid, :system, :closed, :save, :load).
 *
 * SWIG's Octave loader autoloads every wrapped function under its own name,
 * and autoloads shadow Octave's builtins; so the raw functions get internal
 * names (__sharedarray_create__ ...) that can clash with nothing, and users
 * call the documented .m wrappers (sharedarray_create.m ...).
 */

%{
#include "sa_octave_array.h"
#include "sa_octave_module.h"
#include "sa_octave_ref.h"
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

/* The handle class: users never construct it directly, and SWIG gets no
 * destructor for it (the header hides it from SWIG): a SWIG destructor
 * would be exported as the public function delete_sharedarray_handle,
 * which freed the object under live values. sa_oct_wrap_handle gives the
 * object to an sa_oct_swig_type, which deletes it with the last value. */
%rename(sharedarray_handle) sa_octave_array;
%nodefaultctor sa_octave_array;
%nodefaultdtor sa_octave_array;
%nocopyctor sa_octave_array;

/* create and attach hand a new object over to its Octave value. */
%typemap(out) sa_octave_array * {
  $result = sa_oct_wrap_handle($1, $descriptor(sa_octave_array *));
}

/* The object of a method call: the handle's own, read from its value
 * directly (SWIG's conversion would take a 0x0 handle, a closed one or an
 * empty array, for a NULL pointer, since a handle is a matrix to Octave). */
%typemap(in) sa_octave_array *self, const sa_octave_array *self {
  $1 = sa_oct_handle_of($input);
}

/* A method called as a function with [] (sharedarray_handle_read([])) or
 * on SWIG's class object gets no object: refuse, never call through NULL. */
%typemap(check) sa_octave_array *self, const sa_octave_array *self {
  if (!$1)
    error_with_id("sharedarray:invalid", "sharedarray: $symname needs a "
                  "SharedArray handle (from sharedarray_create or "
                  "sharedarray_attach)");
}

%feature("docstring") sa_octave_array "Handle to one mapped SharedArray.
It works as a matrix of its class (any, if h, operators, sum, abs, ...,
on a native copy). h(i,j,...) reads a copy of the selection;
h(i,j,...) = v writes into the shared memory. size(h), numel(h), ndims(h) give the Octave view's shape
(numpy's shape reversed for C-order arrays). double(h) or h.read() copy
everything; h.read_numpy() copies in numpy's logical shape. Also
h.dtype(), h.classname(), h.shape(), h.order(), h.name(),
h.isreadonly(), h.msync([flags]), h.mlock(), h.munlock(), h.close(),
h.isclosed(). A handle cannot be saved with save.
See help sharedarray_attach.";

%include "sa_octave_array.h"

%rename(__sharedarray_create__) sa_oct_create;
%rename(__sharedarray_attach__) sa_oct_attach;
%rename(__sharedarray_delete__) sa_oct_delete;
%rename(__sharedarray_list__) sa_oct_list;
%rename(__sharedarray_info__) sa_oct_info;
%include "sa_octave_module.h"

/* SWIG installs its class object (sharedarray_handle, a handle without an
 * object) and an empty variable namespace (cvar) as global variables;
 * neither has a use here (no constructor, no C variables), so leave them
 * out rather than hand out objects whose methods have nothing to act on. */
%init %{
  module_ns->assign("sharedarray_handle", octave_value());
  module_ns->assign(SWIG_global_name, octave_value());
%}
