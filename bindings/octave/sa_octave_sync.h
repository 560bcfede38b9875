/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sa_octave_sync.h -- the segment's lock and wait/notify (issue 15) as the
 * Octave binding calls them: timeouts in seconds, Ctrl-C answered, and
 * errors with identifiers.
 *
 *   - sa_lock never returns -EINTR (the kernel restarts it), so the lock is
 *     taken in slices of 50 ms with octave_quit() in between: Ctrl-C stops
 *     a lock that waits for ever. sa_wait returns -EINTR when a handler
 *     ran, and is called in slices of 250 ms as well (a signal just before
 *     the wait sleeps is noticed within a slice).
 *   - a timeout raises sharedarray:timeout, whose message gives the whole
 *     timeout (not the last slice's);
 *   - a segment without the trailer raises sharedarray:nosync, naming it.
 */
#ifndef SA_OCTAVE_SYNC_H
#define SA_OCTAVE_SYNC_H

#include <octave/oct.h>

#include <cstdint>

#include "sharedarray.h"

/* A timeout in seconds as an Octave value: [] or Inf for no limit (-1), 0
 * for "only try", or a number of seconds > 0, rounded up to whole
 * milliseconds (at most INT_MAX of them: about 24.8 days, beyond which it
 * is no limit). Anything else is a sharedarray:invalid error. */
int sa_oct_timeout_ms(const char *fn, const octave_value &v);

/* sa_lock in slices. Returns 0 or SA_LOCK_OWNER_DIED (the lock is the
 * caller's); raises sharedarray:timeout, sharedarray:nosync ... */
int sa_oct_lock(const char *fn, sa_array *a, int timeout_ms);

/* sa_wait in slices. Returns the generation seen; raises as sa_oct_lock. */
uint64_t sa_oct_wait(const char *fn, sa_array *a, uint64_t since, int timeout_ms);

/* The warning sharedarray:ownerdied, for a lock taken from a dead holder. */
void sa_oct_warn_owner_died(const char *fn, const sa_array *a);

/* A generation given by the user: a real whole number >= 0 below 2^64
 * (uint64, or any numeric class; a double is exact below 2^53). */
uint64_t sa_oct_generation_arg(const char *fn, const char *what, const octave_value &v);

/* created_ns as ISO 8601 UTC, "2026-05-01T12:34:56.123456Z"
 * (microseconds, as Python's datetime; created_ns has the rest). */
std::string sa_oct_iso8601(uint64_t ns);

#endif /* SA_OCTAVE_SYNC_H */
