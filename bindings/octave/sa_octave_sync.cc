/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sa_octave_sync.cc -- lock, wait and their arguments for Octave (see
 * sa_octave_sync.h). */
#include "sa_octave_sync.h"

#include <octave/quit.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <string>

#include "sa_octave_errors.h"

int sa_oct_timeout_ms(const char *fn, const octave_value &v) {
  if (v.isempty()) return -1;
  if (!(v.isnumeric() || v.islogical()) || v.iscomplex() || v.numel() != 1)
    sa_oct_bad_arg(fn, "TIMEOUT must be a number of seconds (>= 0; [] or Inf for "
                   "no limit), not a %s", v.class_name().c_str());
  const double s = v.double_value();
  if (std::isnan(s) || s < 0)
    sa_oct_bad_arg(fn, "TIMEOUT %g is not a number of seconds >= 0 ([] or Inf for "
                   "no limit)", s);
  if (std::isinf(s) || s * 1000.0 >= static_cast<double>(INT_MAX)) return -1;
  return static_cast<int>(std::ceil(s * 1000.0));
}

/* sharedarray:timeout, saying the whole timeout: the core's message (for
 * the last slice) ends "... for 50 ms" (lock) or "... after 250 ms"
 * (wait); that tail is replaced. */
OCTAVE_NORETURN static void sa_oct_timed_out(const char *fn, const char *tail,
                                             int timeout_ms) {
  std::string msg = sa_errmsg_safe();
  const size_t at = msg.rfind(tail);
  if (at != std::string::npos) {
    char t[64];
    std::snprintf(t, sizeof t, "%s%g s", tail, timeout_ms / 1000.0);
    msg = msg.substr(0, at) + t;
  }
  error_with_id("sharedarray:timeout", "sharedarray_%s: %s", fn, msg.c_str());
}

/* The core's interrupt check: a signal Octave has not handled yet (Ctrl-C
 * sets it). octave_quit() then handles it, throwing for an interrupt. */
static int sa_oct_signalled(void *) { return octave_signal_caught != 0; }

int sa_oct_lock(const char *fn, sa_array *a, int timeout_ms) {
  for (;;) {
    const int rc = sa_lock_interruptible(a, timeout_ms, 50, sa_oct_signalled,
                                         nullptr);
    if (rc >= 0) return rc;
    if (rc == -EINTR) {
      octave_quit();  /* Ctrl-C: an interrupt, with the lock not taken */
      continue;       /* another signal, handled: go on */
    }
    if (rc == -ETIMEDOUT) sa_oct_timed_out(fn, " for ", timeout_ms);
    sa_oct_raise(fn, rc);
  }
}

uint64_t sa_oct_wait(const char *fn, sa_array *a, uint64_t since, int timeout_ms) {
  for (;;) {
    uint64_t now = since;
    const int rc = sa_wait_interruptible(a, since, timeout_ms, 250,
                                         sa_oct_signalled, nullptr, &now);
    if (rc == 0) return now;
    if (rc == -EINTR) {
      octave_quit();
      continue;
    }
    if (rc == -ETIMEDOUT) sa_oct_timed_out(fn, " after ", timeout_ms);
    sa_oct_raise(fn, rc);
  }
}

static std::string sa_oct_shown(const char *s) {
  std::string out;
  for (const unsigned char *p = reinterpret_cast<const unsigned char *>(s); *p; ++p) {
    if (*p < 0x20 || *p == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", *p);
      out += b;
    } else {
      out += static_cast<char>(*p);
    }
  }
  return out;
}

void sa_oct_warn_owner_died(const char *fn, const sa_array *a) {
  warning_with_id("sharedarray:ownerdied",
                  "sharedarray_%s: %s: the previous holder of the lock died holding "
                  "it; the lock is yours now, but the data it protects may be "
                  "inconsistent (half-written)", fn, sa_oct_shown(sa_name(a)).c_str());
}

uint64_t sa_oct_generation_arg(const char *fn, const char *what, const octave_value &v) {
  if (!(v.isnumeric() || v.islogical()) || v.iscomplex() || v.numel() != 1)
    sa_oct_bad_arg(fn, "%s must be a generation (a whole number >= 0, as "
                   "h.generation() gives), not a %s", what, v.class_name().c_str());
  if (v.is_uint64_type()) return v.uint64_scalar_value().value();
  if (v.isinteger()) {
    const int64_t i = v.int64_scalar_value().value();
    if (i < 0) sa_oct_bad_arg(fn, "%s %lld is not a generation (a whole number >= 0)",
                              what, static_cast<long long>(i));
    return static_cast<uint64_t>(i);
  }
  const double d = v.double_value();
  if (!(d >= 0 && d < 18446744073709551616.0 && d == std::floor(d)))
    sa_oct_bad_arg(fn, "%s %g is not a generation (a whole number >= 0)", what, d);
  return static_cast<uint64_t>(d);
}

std::string sa_oct_iso8601(uint64_t ns) {
  const time_t s = static_cast<time_t>(ns / 1000000000u);
  struct tm tm;
  gmtime_r(&s, &tm);
  char buf[64];
  const size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06uZ",
                static_cast<unsigned>(ns % 1000000000u / 1000u));
  return buf;
}
