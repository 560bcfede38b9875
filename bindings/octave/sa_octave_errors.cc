/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_errors.cc -- core error codes as Octave errors with identifiers
 * (see sa_octave_errors.h). */
#include "sa_octave_errors.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "sharedarray.h"

static const char *sa_oct_error_id(int rc) {
  if (rc == -ENOENT) return "sharedarray:notfound";
  if (rc == -EEXIST) return "sharedarray:exists";
  if (rc == -EACCES || rc == -EPERM) return "sharedarray:permission";
  if (rc == SA_EREADONLY) return "sharedarray:readonly";
  if (rc == SA_EOWNER) return "sharedarray:owner";
  if (rc == -ETIMEDOUT) return "sharedarray:timeout";
  if (rc == SA_ENOSYNC) return "sharedarray:nosync";
  if (rc == -EDEADLK) return "sharedarray:deadlock"; /* locked twice */
  if (sa_is_own_error(rc)) return "sharedarray:invalid";
  return "sharedarray:system";
}

void sa_oct_raise(const char *fn, int rc) {
  const char *msg = sa_errmsg_safe(); /* names may hold terminal escapes */
  if (!msg || !*msg) msg = sa_strerror(rc);
  if (rc == -EDEADLK) /* the core says "lock: this thread holds it already" */
    error_with_id(sa_oct_error_id(rc), "sharedarray_%s: %s (the lock is not "
                  "recursive: h.unlock () first)", fn, msg);
  error_with_id(sa_oct_error_id(rc), "sharedarray_%s: %s", fn, msg);
}

void sa_oct_bad_arg(const char *fn, const char *fmt, ...) {
  std::string full = std::string("sharedarray_") + fn + ": " + fmt;
  va_list ap;
  va_start(ap, fmt);
  verror_with_id("sharedarray:invalid", full.c_str(), ap);
  va_end(ap); /* not reached: verror_with_id throws */
}

std::string sa_oct_save_message(const char *name) {
  const std::string what = name ? std::string("the handle to '") + name + "'"
                                : std::string("a SharedArray handle");
  return "sharedarray: cannot save " + what + ": a handle refers to shared "
         "memory, not data, and is never written to a file. Save a copy "
         "(x = h.read()) or the name (n = h.name(), then "
         "h = sharedarray_attach (n) after load) instead";
}

void sa_oct_refuse_save(const char *name) {
  error_with_id("sharedarray:save", "%s", sa_oct_save_message(name).c_str());
}

void sa_oct_refuse_struct(const char *name) {
  error_with_id("sharedarray:save",
                "sharedarray: the handle to '%s' cannot be saved or turned into "
                "a struct (save to a MAT file, struct(h), [h h]): a handle "
                "refers to shared memory, not data. Save a copy "
                "(x = h.read()) or the name (n = h.name(), then "
                "h = sharedarray_attach (n) after load) instead", name);
}

void sa_oct_refuse_load() {
  error_with_id("sharedarray:load",
                "sharedarray: cannot load a SharedArray handle (type swig_ref): "
                "handles are never saved. This file was written by an older "
                "version or by a save that failed; attach the array by name "
                "instead (sharedarray_attach)");
}

void sa_oct_unsupported(const char *what, const char *why_fmt, ...) {
  char why[512];
  va_list ap;
  va_start(ap, why_fmt);
  std::vsnprintf(why, sizeof why, why_fmt, ap);
  va_end(ap);
  error_with_id("sharedarray:unsupported",
                "sharedarray: %s is not supported on a SharedArray handle: %s. "
                "Work on a copy, M = h(:,:) or M = h.read() (and write it "
                "back with h(:) = M(:) if you mean to change the shared "
                "memory)", what, why);
}
