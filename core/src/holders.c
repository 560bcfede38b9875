/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * holders.c -- which processes map which segment now: one pass over
 * /proc/PID/maps for every process, kept as a sorted table of (device,
 * inode, pid) and queried by a segment's identity. A process that attached
 * through another name, or that still maps a segment whose name was
 * deleted, counts too: the identity is the file's, not the name's. */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

typedef struct sa__holder {
  uint64_t dev, ino;
  int pid;
} sa__holder;

struct sa_holders {
  sa__holder *v;
  size_t n, cap;
  int incomplete; /* some process's maps could not be read */
  int seen;       /* processes whose maps were read */
};

static int sa__holder_add(sa_holders *h, uint64_t dev, uint64_t ino, int pid) {
  if (h->n > 0 && h->v[h->n - 1].pid == pid && h->v[h->n - 1].dev == dev &&
      h->v[h->n - 1].ino == ino)
    return 0; /* the same segment mapped again by the same process */
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 256;
    sa__holder *v = realloc(h->v, cap * sizeof *v);
    if (v == NULL) return -ENOMEM;
    h->v = v;
    h->cap = cap;
  }
  h->v[h->n].dev = dev;
  h->v[h->n].ino = ino;
  h->v[h->n].pid = pid;
  h->n++;
  return 0;
}

/* One line of /proc/PID/maps: "lo-hi perms offset maj:min inode path".
 * Only shared mappings of a file (perms "...s", inode != 0) can be ours. */
static int sa__holder_line(sa_holders *h, const char *line, int pid) {
  const char *p = line;
  unsigned long maj, min;
  unsigned long long ino;
  int k;
  while (*p && *p != ' ') p++; /* skip the address range */
  while (*p == ' ') p++;
  if (strlen(p) < 4 || p[3] != 's')
    return 0;
  for (k = 0; k < 2; k++) { /* skip perms and offset */
    while (*p && *p != ' ') p++;
    while (*p == ' ') p++;
  }
  if (sscanf(p, "%lx:%lx %llu", &maj, &min, &ino) != 3 || ino == 0)
    return 0;
  return sa__holder_add(h, (uint64_t)makedev(maj, min), (uint64_t)ino, pid);
}

static int sa__holder_cmp(const void *a, const void *b) {
  const sa__holder *x = a, *y = b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino) return x->ino < y->ino ? -1 : 1;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

int sa_holders_scan(sa_holders **out) {
  sa_holders *h;
  DIR *proc;
  struct dirent *e;
  char path[64], buf[8192];
  int rc = 0;
  if (out == NULL)
    return sa__err(SA_EARG, "out", "NULL");
  *out = NULL;
  if ((h = calloc(1, sizeof *h)) == NULL)
    return sa__err(-ENOMEM, "holders", NULL);
  if ((proc = opendir("/proc")) == NULL) {
    rc = -errno;
    free(h);
    return sa__err(rc, "/proc", NULL);
  }
  while (rc == 0 && (e = readdir(proc)) != NULL) {
    FILE *f;
    int pid;
    char *end;
    long v;
    if (!isdigit((unsigned char)e->d_name[0]))
      continue;
    v = strtol(e->d_name, &end, 10);
    if (*end != '\0' || v <= 0 || v > 0x7fffffffL)
      continue;
    pid = (int)v;
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    f = fopen(path, "re");
    if (f == NULL) {
      /* another user's process (EACCES), or one that just exited (ENOENT,
       * ESRCH): the first makes the answer incomplete, never an error */
      if (errno == EACCES || errno == EPERM) h->incomplete = 1;
      continue;
    }
    while (rc == 0 && fgets(buf, sizeof buf, f) != NULL) {
      size_t len = strlen(buf);
      rc = sa__holder_line(h, buf, pid);
      /* a path longer than the buffer: skip the rest of that line */
      while (len > 0 && buf[len - 1] != '\n' && fgets(buf, sizeof buf, f))
        len = strlen(buf);
    }
    if (ferror(f) && (errno == EACCES || errno == EPERM))
      h->incomplete = 1;
    else
      h->seen++;
    fclose(f);
  }
  closedir(proc);
  if (rc < 0) {
    sa_holders_free(h);
    return sa__err(rc, "holders", NULL);
  }
  if (h->n > 1)
    qsort(h->v, h->n, sizeof *h->v, sa__holder_cmp);
  *out = h;
  return 0;
}

int sa_holders_of(const sa_holders *h, uint64_t dev, uint64_t ino, int *pids,
                  int cap) {
  size_t lo = 0, hi, i;
  int n = 0, last = -1;
  if (h == NULL || (pids == NULL && cap > 0) || cap < 0)
    return sa__err(SA_EARG, "holders", "NULL or negative capacity");
  hi = h->n;
  while (lo < hi) { /* the first entry >= (dev, ino) */
    size_t mid = lo + (hi - lo) / 2;
    const sa__holder *m = &h->v[mid];
    if (m->dev < dev || (m->dev == dev && m->ino < ino))
      lo = mid + 1;
    else
      hi = mid;
  }
  for (i = lo; i < h->n && h->v[i].dev == dev && h->v[i].ino == ino; i++) {
    if (h->v[i].pid == last)
      continue; /* sorted: one process's mappings are adjacent */
    last = h->v[i].pid;
    if (n < cap) pids[n] = last;
    n++;
  }
  return n;
}

int sa_holders_incomplete(const sa_holders *h) {
  return h != NULL && h->incomplete;
}

void sa_holders_free(sa_holders *h) {
  if (h == NULL) return;
  free(h->v);
  free(h);
}
