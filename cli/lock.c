/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * lock.c -- taking an array's lock for a consistent copy (export, dump),
 * with a timeout, and so that Ctrl-C or kill still stop the command
 * cleanly: the lock is taken in slices (sa_lock is never interrupted by a
 * signal) and the command's own clean-up runs. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static volatile sig_atomic_t cli_stop;
static void on_stop(int sig) { cli_stop = sig; }

int cli_parse_seconds(const char *opt, const char *text, double *out) {
  char *end;
  double v;
  /* a decimal number of seconds; no hex (strtod's 0x), no sign */
  if (strpbrk(text, "xX") != NULL || text[0] == '-' || text[0] == '+')
    return (void)cli_error("--%s '%s': not a number of seconds >= 0 (or "
                           "inf)", opt, text), CLI_USAGE;
  v = strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 0))
    return (void)cli_error("--%s '%s': not a number of seconds >= 0 (or "
                           "inf)", opt, text), CLI_USAGE;
  *out = isinf(v) ? -1 : v; /* inf: for ever */
  return 0;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_lock_for_copy(sa_array *a, const char *name, double timeout) {
  struct sigaction sa, old_int, old_term, old_hup;
  double deadline = now_s() + timeout;
  int rc;
  if (!sa_has_sync(a))
    return 0; /* no lock to take: the array has no trailer */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  sigaction(SIGHUP, &sa, &old_hup);
  for (;;) {
    int ms = 100;
    if (timeout >= 0) {
      double left = deadline - now_s();
      ms = left <= 0 ? 0 : left > 0.1 ? 100 : (int)ceil(left * 1e3);
    }
    rc = sa_lock(a, ms);
    if (rc != -ETIMEDOUT || cli_stop || (timeout >= 0 && deadline <= now_s()))
      break;
  }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  sigaction(SIGHUP, &old_hup, NULL);
  if (rc >= 0 && cli_stop) {
    sa_unlock(a);
    rc = -EINTR;
  }
  if (cli_stop) {
    cli_message(stderr, "sharedarray: ", "%s: interrupted while waiting for "
                "its lock", name);
    return CLI_INTERRUPTED;
  }
  if (rc == -EACCES)
    return 0; /* no write permission: the lock cannot be taken; copy as is */
  if (rc == -ETIMEDOUT) {
    cli_message(stderr, "sharedarray: ", "%s: its lock is still held after "
                "%g s (a writer holds it; give --timeout more, or find the "
                "holder with `sharedarray info`)", name, timeout);
    return CLI_TIMEOUT;
  }
  if (rc < 0)
    return cli_fail(rc);
  if (rc == SA_LOCK_OWNER_DIED)
    cli_message(stderr, "sharedarray: warning: ", "%s: the lock's previous "
                "holder died holding it: the data may be inconsistent", name);
  return 1;
}
