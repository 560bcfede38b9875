/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_errors.h -- turning a core error code into an Octave error().
 *
 * The message is sa_errmsg() (which names the thing at fault), prefixed by
 * the function. The identifier lets scripts tell failures apart, like
 * Python's exception classes:
 *   sharedarray:notfound     ENOENT        (FileNotFoundError)
 *   sharedarray:exists       EEXIST        (FileExistsError)
 *   sharedarray:permission   EACCES/EPERM  (PermissionError)
 *   sharedarray:readonly     SA_EREADONLY, or a write to a read-only handle
 *   sharedarray:owner        SA_EOWNER: attach with the 'owner' option found
 *                            a segment owned by another user
 *   sharedarray:timeout      ETIMEDOUT: h.lock, h.wait or h.snapshot ran
 *                            out of time
 *   sharedarray:nosync       SA_ENOSYNC: the segment has no synchronisation
 *                            trailer (np.save files, SharedArray 3.x)
 *   sharedarray:invalid      other library codes: bad name, dtype, shape...
 *   sharedarray:system       any other errno (ENOSPC, ENOMEM...)
 * and, from the binding itself:
 *   sharedarray:closed       use of a handle after h.close()
 *   sharedarray:save         save (or struct()) of a handle
 *   sharedarray:load         load of a file entry that claims to be a handle
 *   sharedarray:unsupported  what a matrix does but a handle cannot: an
 *                            operation that would replace or resize the
 *                            variable (h(i) = [], h(end+1) = v, h += v,
 *                            h(i) = complex into a real array...)
 * and one warning (not an error):
 *   sharedarray:ownerdied    h.lock or h.snapshot took the lock from a
 *                            holder that died holding it
 */
#ifndef SA_OCTAVE_ERRORS_H
#define SA_OCTAVE_ERRORS_H

#include <octave/oct.h>

#include <string>

/* Raises (never returns): "sharedarray_<fn>: <sa_errmsg()>". */
OCTAVE_NORETURN void sa_oct_raise(const char *fn, int rc);

/* Raises a sharedarray:invalid argument error: "sharedarray_<fn>: <msg>". */
OCTAVE_NORETURN void sa_oct_bad_arg(const char *fn, const char *fmt, ...);

/* Raises sharedarray:save: a handle is a reference to shared memory, not
 * data, so it is never written to a file. name: the handle's, or NULL. */
OCTAVE_NORETURN void sa_oct_refuse_save(const char *name);
/* Its message, for a caller that must warn and return instead. */
std::string sa_oct_save_message(const char *name);

/* Raises sharedarray:save for the conversion of a handle to a struct,
 * which is how Octave writes objects to MAT files (and what struct(h) and
 * [h h] ask for). */
OCTAVE_NORETURN void sa_oct_refuse_struct(const char *name);

/* Raises sharedarray:unsupported: "sharedarray: WHAT is not supported on
 * a SharedArray handle: WHY. Use a copy, M = h(:,:) or h.read() ...". */
OCTAVE_NORETURN void sa_oct_unsupported(const char *what, const char *why_fmt, ...);

/* Raises sharedarray:load, for a file entry of type swig_ref. */
OCTAVE_NORETURN void sa_oct_refuse_load();

#endif /* SA_OCTAVE_ERRORS_H */
