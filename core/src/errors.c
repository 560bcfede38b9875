/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * errors.c -- error codes, their names and messages, and the per-thread
 * last-error message. */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char sa__msg[SA_NAME_MAX + 512];
static _Thread_local int sa__code;

const char *sa_strerror(int code) {
  switch (code) {
#define SA__ERR_MSG(name, val, msg) case val: return msg;
    SA_ERRNO_MAP(SA__ERR_MSG)
#undef SA__ERR_MSG
    case 0: return "success";
    default: break;
  }
  if (code < 0 && code > -1000) /* a system errno */
    return strerror(-code);
  return "unknown error";
}

const char *sa_err_name(int code) {
  switch (code) {
#define SA__ERR_NAME(name, val, msg) case val: return "SA_" #name;
    SA_ERRNO_MAP(SA__ERR_NAME)
#undef SA__ERR_NAME
    case 0: return "OK";
    default: break;
  }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (code < 0 && code > -1000) {
    const char *s = strerrorname_np(-code);
    if (s != NULL) return s;
  }
#endif
  switch (code) {
    case -ENOENT: return "ENOENT";
    case -EEXIST: return "EEXIST";
    case -EACCES: return "EACCES";
    case -EPERM: return "EPERM";
    case -ENOSPC: return "ENOSPC";
    case -ENOMEM: return "ENOMEM";
    case -EINVAL: return "EINVAL";
    case -ENAMETOOLONG: return "ENAMETOOLONG";
    case -EBUSY: return "EBUSY";
    case -EROFS: return "EROFS";
    case -EISDIR: return "EISDIR";
    case -ENOTDIR: return "ENOTDIR";
    case -ELOOP: return "ELOOP";
    case -EFBIG: return "EFBIG";
    case -EMFILE: return "EMFILE";
    default: return "EUNKNOWN";
  }
}

int sa_is_own_error(int code) {
  return code <= -1001 && code >= SA_ERRNO_MIN;
}

const char *sa_errmsg(void) {
  return sa__msg[0] ? sa__msg : "no error";
}

int sa__last_code(void) { return sa__code; }

int sa__err_prefix(const char *what) {
  size_t wl = strlen(what), ml = strlen(sa__msg);
  if (wl + 2 >= sizeof sa__msg)
    return sa__code;
  if (wl + 2 + ml >= sizeof sa__msg)
    ml = sizeof sa__msg - wl - 3;
  memmove(sa__msg + wl + 2, sa__msg, ml);
  sa__msg[wl + 2 + ml] = '\0';
  memcpy(sa__msg, what, wl);
  sa__msg[wl] = ':';
  sa__msg[wl + 1] = ' ';
  return sa__code;
}

int sa__err(int code, const char *what, const char *fmt, ...) {
  size_t n = 0, cap = sizeof(sa__msg);
  int k;
  sa__code = code;
  if (what && *what) {
    k = snprintf(sa__msg, cap, "%s: ", what);
    n = k < 0 ? 0 : ((size_t)k < cap ? (size_t)k : cap - 1);
  }
  k = snprintf(sa__msg + n, cap - n, "%s", sa_strerror(code));
  n += k < 0 ? 0 : ((size_t)k < cap - n ? (size_t)k : cap - n - 1);
  if (fmt) {
    va_list ap;
    k = snprintf(sa__msg + n, cap - n, ": ");
    n += k < 0 ? 0 : ((size_t)k < cap - n ? (size_t)k : cap - n - 1);
    va_start(ap, fmt);
    vsnprintf(sa__msg + n, cap - n, fmt, ap);
    va_end(ap);
  }
  return code;
}

const char *sa_version(void) { return SA_VERSION_STRING; }
