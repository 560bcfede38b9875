/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * provenance.c -- who made a segment, whether that process still lives,
 * whether anyone holds the segment, and removing a stale one without a
 * race against a process that attaches meanwhile (docs/format.md 10). */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A process's start time (field 22 of /proc/PID/stat: clock ticks after
 * boot) and whether it has exited (state Z or X: a zombie is dead). Returns
 * 0, or -ENOENT when there is no such process. */
static int sa__proc_start(int pid, uint64_t *start, int *exited) {
  char path[64], buf[1024];
  const char *p;
  ssize_t k;
  int fd, field;
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
    return -ENOENT;
  do k = read(fd, buf, sizeof buf - 1); while (k < 0 && errno == EINTR);
  close(fd);
  if (k <= 0)
    return -ENOENT;
  buf[k] = '\0';
  /* the command name (field 2) is in parentheses and may hold anything,
   * ')' included: the fields after it start after the last ')' */
  if ((p = strrchr(buf, ')')) == NULL)
    return -ENOENT;
  p++;
  while (*p == ' ') p++;
  *exited = *p == 'Z' || *p == 'X';
  for (field = 3; field < 22 && *p; field++) { /* p is at field 3 */
    while (*p && *p != ' ') p++;
    while (*p == ' ') p++;
  }
  if (!isdigit((unsigned char)*p))
    return -ENOENT;
  *start = strtoull(p, NULL, 10);
  return 0;
}

/* This process's start time, read once (a fork's child reads its own). */
static uint64_t sa__self_start_cache;
static int sa__self_pid_cache;
uint64_t sa__self_start(void) {
  int pid = (int)getpid(), exited = 0;
  uint64_t s = 0;
  if (sa__self_pid_cache != pid) {
    if (sa__proc_start(pid, &s, &exited) < 0) s = 0;
    sa__self_start_cache = s;
    sa__self_pid_cache = pid;
  }
  return sa__self_start_cache;
}

uint64_t sa__now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int sa_creator_alive(const sa_info *info) {
  uint64_t start = 0;
  int exited = 0;
  if (info == NULL)
    return sa__err(SA_EARG, "info", "NULL");
  if (!info->has_sync || info->creator_pid == 0)
    return sa__err(SA_ENOSYNC, info->name, "no record of its creator");
  if (sa__proc_start((int)info->creator_pid, &start, &exited) < 0)
    return 0;
  /* the same pid with another start time: the pid was reused */
  return !exited && start == info->creator_start;
}

int sa_info_stale(const sa_info *info, const sa_holders *h) {
  int alive = sa_creator_alive(info);
  if (alive < 0)
    return alive;
  if (alive)
    return 0;
  return sa_holders_of(h, info->dev, info->ino, NULL, 0) == 0;
}

/* Does any process hold an open descriptor on (dev, ino)? One pass over
 * /proc/PID/fd of every process (what an attach holds between its open and
 * its mmap); unreadable ones (other users') are skipped. */
static int sa__fd_holders(uint64_t dev, uint64_t ino) {
  DIR *proc, *fds;
  struct dirent *e, *f;
  char path[300];
  int found = 0;
  if ((proc = opendir("/proc")) == NULL)
    return -errno;
  while (!found && (e = readdir(proc)) != NULL) {
    if (!isdigit((unsigned char)e->d_name[0]))
      continue;
    snprintf(path, sizeof path, "/proc/%s/fd", e->d_name);
    if ((fds = opendir(path)) == NULL)
      continue;
    while (!found && (f = readdir(fds)) != NULL) {
      struct stat st;
      if (f->d_name[0] == '.')
        continue;
      if (fstatat(dirfd(fds), f->d_name, &st, 0) == 0 &&
          (uint64_t)st.st_dev == dev && (uint64_t)st.st_ino == ino)
        found = 1;
    }
    closedir(fds);
  }
  closedir(proc);
  return found;
}

/* Test hook: called with the hidden name once the segment is renamed
 * aside, before the second look. Only the tests set it. */
void (*sa__stale_hook)(const char *hidden);

int sa_delete_stale(const char *name) {
  sa_info info;
  sa_holders *h = NULL;
  char tmp[SA_NAME_MAX + 64];
  const char *path, *slash;
  char dirpath[SA_NAME_MAX + 16];
  int rc, stale;
  sa__name n;
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  if ((rc = sa_info_get(name, &info)) < 0)
    return rc;
  if (info.uid != (unsigned)geteuid())
    return sa__err(SA_EOWNER, n.display, "not yours to remove (owner uid "
                   "%u)", info.uid);
  if ((rc = sa_holders_scan(&h)) < 0)
    return rc;
  stale = sa_info_stale(&info, h);
  sa_holders_free(h);
  if (stale <= 0)
    return stale < 0 ? stale : 1;
  /* Take the name away first, so that nobody can begin an attach through
   * it, then look again: an attach already begun holds a descriptor or a
   * mapping. Only then is the segment removed; otherwise the name comes
   * back (unless someone created it anew meanwhile: then ours keeps the
   * hidden name and is reported). */
  if (n.kind == SA__FILE) {
    path = n.path;
  } else { /* "/NAME" */
    snprintf(dirpath, sizeof dirpath, "/dev/shm%s", n.path);
    path = dirpath;
  }
  /* the hidden name, in the same directory: DIR/.sa-stale-PID-BASE */
  slash = strrchr(path, '/');
  if (slash == NULL) /* a relative file:// name in the current directory */
    snprintf(tmp, sizeof tmp, ".sa-stale-%ld-%s", (long)getpid(), path);
  else
    snprintf(tmp, sizeof tmp, "%.*s.sa-stale-%ld-%s", (int)(slash - path + 1),
             path, (long)getpid(), slash + 1);
  if (renameat2(AT_FDCWD, path, AT_FDCWD, tmp, RENAME_NOREPLACE) < 0)
    return sa__err(-errno, n.display, "renaming it aside");
  if (sa__stale_hook) sa__stale_hook(tmp);
  {
    struct stat st;
    int again;
    if (stat(tmp, &st) < 0 || (uint64_t)st.st_ino != info.ino ||
        (uint64_t)st.st_dev != info.dev) {
      /* another segment took the name after our look: put it back */
      (void)renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
      return 1;
    }
    again = 0;
    if ((rc = sa_holders_scan(&h)) == 0) {
      again = sa_holders_of(h, info.dev, info.ino, NULL, 0) > 0;
      sa_holders_free(h);
    }
    if (rc == 0 && !again)
      again = sa__fd_holders(info.dev, info.ino);
    if (rc < 0 || again != 0) {
      if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) < 0)
        return sa__err(-errno, n.display, "someone attached while it was "
                       "being removed, and the name was taken meanwhile: "
                       "the segment is now %s", tmp);
      return rc < 0 ? rc : 1;
    }
  }
  if (unlink(tmp) < 0)
    return sa__err(-errno, n.display, "unlink");
  return 0;
}
