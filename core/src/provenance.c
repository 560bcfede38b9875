/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * provenance.c -- who made a segment, whether that process still lives,
 * whether anyone holds the segment, and removing a stale one without a
 * race against a process that attaches meanwhile (docs/format.md 10): the
 * kernel's write lease says whether anyone has the file open or mapped. */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* This process's start time, read once (a fork's child reads its own);
 * pid is getpid(), which the caller has. */
static uint64_t sa__self_start_cache;
static int sa__self_pid_cache;
uint64_t sa__self_start(int pid) {
  int exited = 0;
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

/* The directory of n as an O_PATH descriptor, and n's last component. */
static int sa__dir_of(const sa__name *n, char *base, size_t cap) {
  char dir[SA_NAME_MAX + 16];
  const char *slash;
  int dfd;
  if (n->kind == SA__SHM) {
    snprintf(dir, sizeof dir, "/dev/shm");
    snprintf(base, cap, "%s", n->path + 1); /* "/NAME" */
  } else if ((slash = strrchr(n->path, '/')) == NULL) {
    snprintf(dir, sizeof dir, ".");
    snprintf(base, cap, "%s", n->path);
  } else {
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - n->path), n->path);
    if (dir[0] == '\0') snprintf(dir, sizeof dir, "/");
    snprintf(base, cap, "%s", slash + 1);
  }
  dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  return dfd < 0 ? -errno : dfd;
}

/* A write lease on fd (fcntl F_SETLEASE), which the kernel grants only
 * when no other open file description of the file exists: no descriptor
 * and no mapping in any process, whoever owns it, whatever /proc shows.
 * 1 granted (held on return), 0 someone holds the file, or -errno (EACCES:
 * only the file's owner, or CAP_LEASE, may take one). While it is held, an
 * open() of the file by anyone waits for us and marks the lease as being
 * broken (F_GETLEASE then says so). The kernel signals a break with SIGIO
 * to the lease holder: the owner is cleared at once, and SIGIO ignored
 * meanwhile if it has its default (fatal) action. */
static int sa__lease(int fd, struct sigaction *saved, int *restore) {
  struct sigaction ign;
  *restore = 0;
  if (sigaction(SIGIO, NULL, saved) == 0 && saved->sa_handler == SIG_DFL) {
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    *restore = sigaction(SIGIO, &ign, NULL) == 0;
  }
  if (fcntl(fd, F_SETLEASE, F_WRLCK) < 0) {
    int e = errno;
    if (*restore) sigaction(SIGIO, saved, NULL);
    *restore = 0;
    return e == EAGAIN || e == EBUSY ? 0 : -e;
  }
  (void)fcntl(fd, F_SETOWN, 0); /* no SIGIO on a break: we ask instead */
  return 1;
}

static void sa__unlease(int fd, const struct sigaction *saved, int restore) {
  (void)fcntl(fd, F_SETLEASE, F_UNLCK);
  if (restore) sigaction(SIGIO, saved, NULL);
}

/* 1 when nobody has name's file open or mapped (a lease was granted), 0
 * when someone does, or -errno when that cannot be asked. */
static int sa__nobody_holds(const sa_info *info) {
  sa__name n;
  struct sigaction saved;
  struct stat st;
  int fd, rc, restore;
  if ((rc = sa__name_parse(info->name, &n)) < 0)
    return rc;
  if ((fd = sa__name_open(&n, O_RDONLY | O_NOFOLLOW, 0)) < 0)
    return fd;
  if (fstat(fd, &st) < 0 || (uint64_t)st.st_dev != info->dev ||
      (uint64_t)st.st_ino != info->ino) {
    close(fd); /* the name now holds another file: not ours to judge */
    return -ENOENT;
  }
  rc = sa__lease(fd, &saved, &restore);
  if (rc == 1)
    sa__unlease(fd, &saved, restore);
  close(fd);
  return rc;
}

int sa_info_stale(const sa_info *info, const sa_holders *h) {
  int alive = sa_creator_alive(info), rc;
  if (alive < 0)
    return alive;
  if (alive)
    return 0;
  if (h != NULL && sa_holders_of(h, info->dev, info->ino, NULL, 0) > 0)
    return 0;
  /* Nobody that /proc shows. The kernel knows for sure: a write lease is
   * granted only when no process has the file open or mapped (processes
   * whose maps /proc hides, threads whose leader exited, an attach between
   * its open and its mmap). Only the owner (or CAP_LEASE) may ask. */
  rc = sa__nobody_holds(info);
  if (rc >= 0)
    return rc;
  if (h != NULL && !sa_holders_incomplete(h))
    return 1; /* every process seen, none maps it */
  return sa__err(rc, info->name, "cannot tell whether it is stale: some "
                 "processes could not be looked at");
}

/* Test hook: called with the hidden name once the segment is renamed
 * aside, before the second look. Only the tests set it. */
void (*sa__stale_hook)(const char *hidden);

int sa_delete_stale(const char *name) {
  sa__name n;
  sa_info info;
  struct stat st, hid;
  struct sigaction saved;
  char base[SA_NAME_MAX], hidden[64];
  static unsigned serial;
  int dfd, fd, rc, restore, alive, tries;
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  if ((dfd = sa__dir_of(&n, base, sizeof base)) < 0)
    return sa__err(dfd, n.display, "its directory");
  /* Open what the name holds now, never through a symbolic link, and judge
   * that very file: every later step works on this descriptor. */
  tries = 0;
  do
    fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  while (fd < 0 && sa__lease_retry(&tries));
  if (fd < 0) {
    rc = -errno;
    close(dfd);
    return sa__err(rc, n.display, rc == -ELOOP ? "a symbolic link: not "
                   "removed" : NULL);
  }
  memset(&info, 0, sizeof info);
  rc = sa__read_meta(fd, 0, &info.meta, &st);
  if (rc == 0) {
    sa__trail_info(fd, (uint64_t)st.st_size, &info);
    snprintf(info.name, sizeof info.name, "%s", n.display);
    info.dev = (uint64_t)st.st_dev;
    info.ino = (uint64_t)st.st_ino;
    info.uid = (unsigned)st.st_uid;
  }
  if (rc < 0 || (rc = info.uid != (unsigned)geteuid()
                        ? sa__err(SA_EOWNER, n.display, "not yours to remove "
                                  "(owner uid %u)", info.uid) : 0) < 0 ||
      (alive = sa_creator_alive(&info)) < 0 || alive) {
    close(fd);
    close(dfd);
    if (rc < 0) return rc == SA_EOWNER ? rc : sa__err(rc, n.display, NULL);
    return alive < 0 ? alive : 1;
  }
  /* Nobody may have it open or mapped: a write lease says so for every
   * process, and holds off anyone who opens it from now on. */
  rc = sa__lease(fd, &saved, &restore);
  if (rc <= 0) {
    close(fd);
    close(dfd);
    return rc < 0 ? sa__err(rc, n.display, "lease") : 1;
  }
  /* Take the name away (a short hidden name in the same directory), make
   * sure it was our file that moved, and that nobody opened it meanwhile
   * (an open waits on our lease, and marks it as being broken). */
  snprintf(hidden, sizeof hidden, ".sa-stale-%ld-%u", (long)getpid(), serial++);
  if (renameat2(dfd, base, dfd, hidden, RENAME_NOREPLACE) < 0) {
    rc = -errno;
    sa__unlease(fd, &saved, restore);
    close(fd);
    close(dfd);
    return rc == -ENOENT ? 1 : sa__err(rc, n.display, "renaming it aside");
  }
  if (sa__stale_hook) sa__stale_hook(hidden);
  if (fstatat(dfd, hidden, &hid, AT_SYMLINK_NOFOLLOW) < 0 ||
      hid.st_dev != st.st_dev || hid.st_ino != st.st_ino ||
      fcntl(fd, F_GETLEASE) != F_WRLCK) {
    /* swapped, or someone opened it: give the name back */
    rc = renameat2(dfd, hidden, dfd, base, RENAME_NOREPLACE) < 0 ? -errno : 1;
    sa__unlease(fd, &saved, restore);
    close(fd);
    close(dfd);
    return rc < 0 ? sa__err(rc, n.display, "someone opened it while it was "
                            "being removed, and the name was taken meanwhile: "
                            "it is now %s in the same directory", hidden) : 1;
  }
  rc = unlinkat(dfd, hidden, 0) < 0 ? -errno : 0;
  sa__unlease(fd, &saved, restore);
  close(fd);
  close(dfd);
  return rc < 0 ? sa__err(rc, n.display, "unlink") : 0;
}
