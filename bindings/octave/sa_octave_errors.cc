/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_errors.cc -- core error codes as Octave errors with identifiers
 * (see sa_octave_errors.h). */
#include "sa_octave_errors.h"

#include <cerrno>
#include <cstdarg>
#include <string>

#include "sharedarray.h"

static const char *sa_oct_error_id(int rc) {
  if (rc == -ENOENT) return "sharedarray:notfound";
  if (rc == -EEXIST) return "sharedarray:exists";
  if (rc == -EACCES || rc == -EPERM) return "sharedarray:permission";
  if (rc == SA_EREADONLY) return "sharedarray:readonly";
  if (sa_is_own_error(rc)) return "sharedarray:invalid";
  return "sharedarray:system";
}

void sa_oct_raise(const char *fn, int rc) {
  const char *msg = sa_errmsg();
  if (!msg || !*msg) msg = sa_strerror(rc);
  error_with_id(sa_oct_error_id(rc), "sharedarray_%s: %s", fn, msg);
}

void sa_oct_bad_arg(const char *fn, const char *fmt, ...) {
  std::string full = std::string("sharedarray_") + fn + ": " + fmt;
  va_list ap;
  va_start(ap, fmt);
  verror_with_id("sharedarray:invalid", full.c_str(), ap);
  va_end(ap); /* not reached: verror_with_id throws */
}
