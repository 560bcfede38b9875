/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * provenance.c -- who made an array, whether that process still runs, who
 * maps it now, and whether it is stale: what `info` and `list` show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* Whether a creator runs, remembered for the command's short life: a list
 * of 10,000 arrays made by one process reads /proc/PID/stat once, not
 * 10,000 times. */
static struct { unsigned pid; uint64_t start; int alive; } cli_alive[64];
static int cli_nalive;

static int creator_alive(const sa_info *info) {
  int i, alive;
  for (i = 0; i < cli_nalive; i++)
    if (cli_alive[i].pid == info->creator_pid &&
        cli_alive[i].start == info->creator_start)
      return cli_alive[i].alive;
  alive = sa_creator_alive(info);
  if (alive >= 0 && cli_nalive < (int)(sizeof cli_alive / sizeof cli_alive[0])) {
    cli_alive[cli_nalive].pid = info->creator_pid;
    cli_alive[cli_nalive].start = info->creator_start;
    cli_alive[cli_nalive++].alive = alive;
  }
  return alive;
}

int cli_prov_get(const sa_info *info, const sa_holders *h, cli_prov *p) {
  int n;
  memset(p, 0, sizeof *p);
  p->alive = creator_alive(info);
  if (p->alive < 0) p->alive = -1; /* no creator recorded */
  p->stale = -1;
  if (h == NULL) { /* --no-holders */
    p->nholders = -1;
    if (p->alive == 1) p->stale = 0;
    return 0;
  }
  p->incomplete = sa_holders_incomplete(h);
  n = sa_holders_of(h, info->dev, info->ino, NULL, 0);
  if (n > 0) {
    if ((p->holders = malloc((size_t)n * sizeof *p->holders)) == NULL)
      return -1;
    n = sa_holders_of(h, info->dev, info->ino, p->holders, n);
  }
  p->nholders = n < 0 ? 0 : n;
  if (p->alive == 1 || p->nholders > 0) {
    p->stale = 0;
  } else if (p->alive == 0) {
    /* nobody that /proc shows: the core asks the kernel (a lease) */
    int rc = sa_info_stale(info, h);
    p->stale = rc < 0 ? -1 : rc;
  }
  return 0;
}

void cli_prov_free(cli_prov *p) {
  free(p->holders);
  p->holders = NULL;
}

/* "2026-12-01T02:45:00.123456Z": to the microsecond, as the Python, Lua
 * and Octave records give it (and as Python's datetime parses it). */
static void iso_time(uint64_t ns, char *buf, size_t cap) {
  time_t s = (time_t)(ns / 1000000000u);
  struct tm tm;
  gmtime_r(&s, &tm);
  snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           (unsigned)(ns % 1000000000u / 1000u));
}

/* "42s", "17m", "5h", "3d": how long ago ns was */
static void age(uint64_t ns, char *buf, size_t cap) {
  struct timespec ts;
  uint64_t now, d;
  clock_gettime(CLOCK_REALTIME, &ts);
  now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  d = now > ns ? (now - ns) / 1000000000u : 0;
  if (d < 120) snprintf(buf, cap, "%llus", (unsigned long long)d);
  else if (d < 7200) snprintf(buf, cap, "%llum", (unsigned long long)(d / 60));
  else if (d < 172800) snprintf(buf, cap, "%lluh", (unsigned long long)(d / 3600));
  else snprintf(buf, cap, "%llud", (unsigned long long)(d / 86400));
}

void cli_prov_json(FILE *out, const sa_info *info, const cli_prov *p) {
  static const char *const tri[] = {"null", "false", "true"};
  int i;
  if (info->has_sync && info->creator_pid != 0) {
    char t[64];
    iso_time(info->created_ns, t, sizeof t);
    fprintf(out, ", \"creator_pid\": %u, \"creator_alive\": %s, "
            "\"created\": \"%s\", \"created_ns\": %llu", info->creator_pid,
            tri[p->alive + 1], t, (unsigned long long)info->created_ns);
  } else {
    fputs(", \"creator_pid\": null, \"creator_alive\": null, "
          "\"created\": null, \"created_ns\": null", out);
  }
  if (p->nholders < 0) {
    fputs(", \"holders\": null", out);
  } else {
    fputs(", \"holders\": [", out);
    for (i = 0; i < p->nholders; i++)
      fprintf(out, "%s%d", i ? ", " : "", p->holders[i]);
    fputc(']', out);
  }
  fprintf(out, ", \"holders_incomplete\": %s, \"stale\": %s",
          p->incomplete ? "true" : "false", tri[p->stale + 1]);
}

void cli_prov_text(FILE *out, const sa_info *info, const cli_prov *p) {
  int i;
  if (info->has_sync && info->creator_pid != 0) {
    char t[64], a[32];
    iso_time(info->created_ns, t, sizeof t);
    age(info->created_ns, a, sizeof a);
    fprintf(out, "creator:      pid %u (%s), uid %u\n", info->creator_pid,
            p->alive == 1 ? "running" : "gone", info->creator_uid);
    fprintf(out, "created:      %s (%s ago)\n", t, a);
  } else {
    fputs("creator:      unknown (no trailer: made by another program or an "
          "older version)\n", out);
  }
  if (p->nholders < 0) {
    fputs("holders:      not looked up\n", out);
  } else {
    fprintf(out, "holders:      %d", p->nholders);
    for (i = 0; i < p->nholders; i++)
      fprintf(out, "%s%d", i ? ", " : " (pid ", p->holders[i]);
    fputs(p->nholders ? ")" : "", out);
    fputs(p->incomplete ? " (maybe more: /proc does not show every "
          "process's mappings)\n" : "\n", out);
  }
  fprintf(out, "stale:        %s\n", p->stale < 0 ? "unknown"
          : p->stale ? "yes (its creator is gone and nobody has it open or "
                       "mapped)" : "no");
}

void cli_prov_cells(const sa_info *info, const cli_prov *p, char *creator,
                    char *agebuf, char *holders, size_t cap) {
  if (info->has_sync && info->creator_pid != 0) {
    snprintf(creator, cap, "%u%s", info->creator_pid,
             p->alive == 1 ? "" : " gone");
    age(info->created_ns, agebuf, cap);
  } else {
    snprintf(creator, cap, "-");
    snprintf(agebuf, cap, "-");
  }
  if (p->nholders < 0)
    snprintf(holders, cap, "-");
  else
    snprintf(holders, cap, "%d%s", p->nholders, p->incomplete ? "+?" : "");
}
