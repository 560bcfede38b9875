/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_module.h -- the module's functions, wrapped by SWIG under the
 * internal names __sharedarray_create__ ... (sa_octave.i). Users call the
 * .m wrappers sharedarray_create, sharedarray_attach, sharedarray_delete,
 * sharedarray_list and sharedarray_info, which load the module, fill in
 * defaults and carry the help text. Every argument arrives as an
 * octave_value and is checked here, so bad input gives a clear error().
 */
#ifndef SA_OCTAVE_MODULE_H
#define SA_OCTAVE_MODULE_H

#include "sa_octave_array.h"

/* name: char; shape: numpy shape (vector of integers >= 0, [] for 0-d);
 * dtype: numpy spelling or Octave class name; order: 'C' or 'F';
 * mode: permission bits (0 to 0777; 0 or [] for the default, 0600) as a
 * number, or octal digits in a string ('0644'). */
sa_octave_array *sa_oct_create(const octave_value &name, const octave_value &shape,
                               const octave_value &dtype, const octave_value &order,
                               const octave_value &mode);
/* ro: true for a read-only (PROT_READ) mapping. owner: [] or false (no
 * check), true (refuse unless the caller's effective uid owns the segment:
 * SA_ATTACH_OWNED), or a uid or user name (sa_attach_owner). */
sa_octave_array *sa_oct_attach(const octave_value &name, const octave_value &ro,
                               const octave_value &owner);
void sa_oct_delete(const octave_value &name);
/* A struct array (one element per array) of what sa_oct_info gives. */
octave_value sa_oct_list(const octave_value &where);
/* A struct: name, shape, dtype, order, class, nbytes, size, mode, uid. */
octave_value sa_oct_info(const octave_value &name);

#endif /* SA_OCTAVE_MODULE_H */
