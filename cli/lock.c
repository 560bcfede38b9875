/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * lock.c -- taking an array's lock for a consistent copy (export, dump),
 * with a timeout, and so that Ctrl-C or kill still stop the command
 * cleanly: the lock is taken in slices (sa_lock is never interrupted by a
 * signal) and the command's own clean-up runs. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

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

int cli_seconds_ms(double seconds) {
  if (seconds < 0 || seconds * 1e3 >= (double)INT_MAX)
    return -1; /* for ever */
  return (int)ceil(seconds * 1e3);
}

static int stopped(void *ctx) { (void)ctx; return cli_stop != 0; }

int cli_lock_for_copy(sa_array *a, const char *name, double timeout) {
  struct sigaction sa, old_int, old_term, old_hup;
  int rc;
  if (!sa_has_sync(a))
    return 0; /* no lock to take: the array has no trailer */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  sigaction(SIGHUP, &sa, &old_hup);
  rc = sa_lock_interruptible(a, cli_seconds_ms(timeout), 100, stopped, NULL);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  sigaction(SIGHUP, &old_hup, NULL);
  if (cli_stop) {
    if (rc >= 0) /* taken just as the signal came: give it back */
      sa_unlock(a);
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
