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

int sa__utf8(const unsigned char *s, unsigned *cp) {
  unsigned c = s[0], n, k, min;
  if (c < 0x80) { *cp = c; return 1; }
  if (c >= 0xc2 && c <= 0xdf) { n = 2; *cp = c & 0x1f; min = 0x80; }
  else if (c >= 0xe0 && c <= 0xef) { n = 3; *cp = c & 0x0f; min = 0x800; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; *cp = c & 0x07; min = 0x10000; }
  else return 0;
  for (k = 1; k < n; k++) {
    if ((s[k] & 0xc0) != 0x80) return 0;
    *cp = (*cp << 6) | (s[k] & 0x3f);
  }
  if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
    return 0;
  return (int)n;
}

const char *sa_errmsg_safe(void) {
  static _Thread_local char out[4 * sizeof sa__msg];
  const unsigned char *s = (const unsigned char *)sa_errmsg();
  size_t n = 0;
  while (*s && n + 7 < sizeof out) {
    unsigned cp;
    int len = sa__utf8(s, &cp);
    if (len == 0) {            /* not UTF-8: the raw byte, raw C1 included */
      n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", *s);
      s++;
    } else if (cp < 0x20 || cp == 0x7f) {
      n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", cp);
      s++;
    } else if (cp >= 0x80 && cp <= 0x9f) { /* C1, written as UTF-8 */
      n += (size_t)snprintf(out + n, sizeof out - n, "\\u%04x", cp);
      s += len;
    } else {
      memcpy(out + n, s, (size_t)len);
      n += (size_t)len;
      s += len;
    }
  }
  out[n] = '\0';
  return out;
}

const char *sa_version(void) { return SA_VERSION_STRING; }
