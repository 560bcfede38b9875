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
 *   sharedarray:invalid      other library codes: bad name, dtype, shape...
 *   sharedarray:system       any other errno (ENOSPC, ENOMEM...)
 */
#ifndef SA_OCTAVE_ERRORS_H
#define SA_OCTAVE_ERRORS_H

#include <octave/oct.h>

/* Raises (never returns): "sharedarray_<fn>: <sa_errmsg()>". */
OCTAVE_NORETURN void sa_oct_raise(const char *fn, int rc);

/* Raises a sharedarray:invalid argument error: "sharedarray_<fn>: <msg>". */
OCTAVE_NORETURN void sa_oct_bad_arg(const char *fn, const char *fmt, ...);

#endif /* SA_OCTAVE_ERRORS_H */
