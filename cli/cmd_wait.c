/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_wait.c -- `sharedarray wait NAME [--since N] [--timeout S]`: sleep
 * until the generation of an array differs from N (sa_wait), then print
 * it. Ctrl-C ends the wait at once: sa_wait returns -EINTR when a signal
 * handler ran, and the waiter deregisters itself before exiting. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }
static int was_interrupted(void *ctx) { (void)ctx; return interrupted != 0; }

static int parse_u64(const char *text, uint64_t *out) {
  char *end;
  unsigned long long v;
  if (text[0] < '0' || text[0] > '9')
    return -1;
  errno = 0;
  v = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  *out = (uint64_t)v;
  return 0;
}

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, owner_flag = 0;
  char *pos[argc + 1];
  const char *owner_text = NULL, *since_text = NULL, *timeout_text = NULL;
  cli_owner owner;
  sa_array *a;
  uint64_t since, now = 0;
  double timeout = -1;
  struct sigaction sa;
  const cli_opt opts[] = {{"since", 's', &since_text, NULL},
                          {"timeout", 't', &timeout_text, NULL},
                          {"owner", 0, &owner_text, &owner_flag},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if (since_text && parse_u64(since_text, &since) != 0)
    return cli_usage_error(cmd, "--since '%s': not a generation (a "
                           "non-negative integer)", since_text);
  if (timeout_text && cli_parse_seconds("timeout", timeout_text, &timeout))
    return CLI_USAGE;
  /* Ctrl-C and kill interrupt the wait (no SA_RESTART): we deregister as
   * a waiter and exit 130 instead of dying inside the wait. */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  if ((rc = cli_attach(pos[0], SA_ATTACH_RDONLY, &owner, &a)) < 0)
    return cli_fail(rc);
  /* no trailer: let the core say so, naming the wait */
  if (!sa_has_sync(a)) {
    rc = sa_wait(a, 0, 0, NULL);
    sa_release(a);
    return cli_fail(rc);
  }
  /* without --since: the next notify after now */
  if (!since_text && (rc = sa_generation(a, &since)) < 0) {
    sa_release(a);
    return cli_fail(rc);
  }
  /* Slices of at most a second: a Ctrl-C that lands just before a slice
   * sleeps is not lost for long (the core's sa_wait_interruptible). */
  rc = sa_wait_interruptible(a, since, cli_seconds_ms(timeout), 1000,
                             was_interrupted, NULL, &now);
  sa_release(a);
  if (interrupted) {
    cli_error("%s: wait: interrupted", pos[0]);
    return CLI_INTERRUPTED;
  }
  if (rc == -ETIMEDOUT) {
    cli_error("%s: wait: timed out after %g s (generation still %llu)",
              pos[0], timeout, (unsigned long long)since);
    return CLI_TIMEOUT;
  }
  if (rc < 0)
    return cli_fail(rc);
  printf("%llu\n", (unsigned long long)now);
  return CLI_OK;
}

const cli_cmd cli_cmd_wait = {
  "wait", "sleep until an array is notified, print its generation",
  "NAME [--since N] [--timeout S] [--owner[=USER]]",
  "Sleeps, without polling, until the generation of NAME differs from N,\n"
  "then prints the new generation. Without --since, N is the generation\n"
  "when the command starts: it waits for the next notify (from `sharedarray\n"
  "notify` or any language). With --since, it returns at once if the\n"
  "generation has moved on already, so a script that passes back what it\n"
  "printed never misses a notify:\n"
  "\n"
  "  g=$(sharedarray info --json frame | jq .generation)\n"
  "  while g=$(sharedarray wait frame --since \"$g\"); do ...; done\n"
  "\n"
  "Needs only read permission. Arrays made by other programs, by numpy or\n"
  "by older versions have no synchronisation trailer: wait then fails.\n"
  "\n"
  "Options:\n"
  "  -s, --since N        wait until the generation differs from N\n"
  "  -t, --timeout S      give up after S seconds (a decimal, e.g. 0.5):\n"
  "                       exit status 3\n"
  CLI_OWNER_HELP
  "  -h, --help           show this help\n"
  "\n"
  "Exit status: 0 when notified, 1 on an error, 2 for a bad command line,\n"
  "3 on a timeout, 130 when interrupted (Ctrl-C).\n"
  "\n"
  "Examples:\n"
  "  sharedarray wait frame\n"
  "  sharedarray wait frame --since 41 --timeout 2.5\n",
  run,
};
