/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_provenance.c -- who made a segment (the trailer's provenance), whether
 * that process lives (exit, SIGKILL, a reused pid simulated through the
 * start time), staleness, and sa_delete_stale against holders that map the
 * segment, hold only a descriptor, or try to attach while it is removed.
 * Processes are ordered with pipes and exits, never with sleeps. */
#include "task.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern void (*sa__stale_hook)(const char *hidden); /* internal, provenance.c */

static int stale_of(const char *name) {
  sa_info info;
  sa_holders *h = NULL;
  int rc;
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_OK(sa_holders_scan(&h));
  rc = sa_info_stale(&info, h);
  sa_holders_free(h);
  return rc;
}

/* A child creates name, says so, waits for a byte (or is killed), exits. */
static pid_t creator(const char *name, int *go_w) {
  int ready[2], go[2];
  pid_t pid;
  char c;
  if (pipe(ready) != 0 || pipe(go) != 0) return -1;
  pid = fork();
  if (pid == 0) {
    int64_t s[1] = {16};
    sa_array *a;
    close(ready[0]);
    close(go[1]);
    if (sa_create(name, 1, s, "f8", 'C', 0, 0, &a) != 0) _exit(3);
    sa_release(a);
    if (write(ready[1], "r", 1) != 1) _exit(4);
    if (read(go[0], &c, 1) < 0) _exit(5);
    _exit(0);
  }
  close(ready[1]);
  close(go[0]);
  if (read(ready[0], &c, 1) != 1) pid = -1;
  close(ready[0]);
  *go_w = go[1];
  return pid;
}

TEST_IMPL(provenance_creator) {
  const char *name = test_name("prov");
  sa_info info;
  uint64_t before, after;
  struct timespec ts;
  int go, status;
  pid_t pid;

  clock_gettime(CLOCK_REALTIME, &ts);
  before = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  pid = creator(name, &go);
  ASSERT(pid > 0);
  clock_gettime(CLOCK_REALTIME, &ts);
  after = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT(info.has_sync);
  ASSERT_EQ(info.creator_pid, (unsigned)pid);
  ASSERT_EQ(info.creator_uid, (unsigned)geteuid());
  ASSERT(info.creator_start > 0);
  ASSERT(info.created_ns >= before && info.created_ns <= after);
  {
    struct stat st;
    char path[256];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    ASSERT(stat(path, &st) == 0);
    ASSERT_EQ(info.dev, (uint64_t)st.st_dev);
    ASSERT_EQ(info.ino, (uint64_t)st.st_ino);
  }
  /* alive: not stale although nobody maps it */
  ASSERT_EQ(sa_creator_alive(&info), 1);
  ASSERT_EQ(stale_of(name), 0);
  /* the creator exits (and is reaped): stale */
  ASSERT(write(go, "g", 1) == 1);
  close(go);
  ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0);
  ASSERT_EQ(sa_creator_alive(&info), 0);
  ASSERT_EQ(stale_of(name), 1);
  /* someone maps it: no longer stale */
  {
    sa_array *b;
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
    ASSERT_EQ(stale_of(name), 0);
    sa_release(b);
  }
  ASSERT_EQ(stale_of(name), 1);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

TEST_IMPL(provenance_killed) {
  const char *name = test_name("provk");
  sa_info info;
  int go, status;
  pid_t pid = creator(name, &go);
  ASSERT(pid > 0);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(sa_creator_alive(&info), 1);
  ASSERT(kill(pid, SIGKILL) == 0);
  /* a zombie is dead: not reaped yet */
  {
    siginfo_t si;
    ASSERT(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0);
  }
  ASSERT_EQ(sa_creator_alive(&info), 0);
  ASSERT(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
  ASSERT_EQ(sa_creator_alive(&info), 0);
  ASSERT_EQ(stale_of(name), 1);
  close(go);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

TEST_IMPL(provenance_pid_reused) {
  const char *name = test_name("provr");
  int64_t s[1] = {3};
  sa_array *a;
  sa_info info;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.creator_pid, (unsigned)getpid());
  ASSERT_EQ(sa_creator_alive(&info), 1);
  /* the same pid, another start time: another process took the pid */
  info.creator_start += 1;
  ASSERT_EQ(sa_creator_alive(&info), 0);
  /* and in the segment itself: the trailer's creator_start (offset 48) */
  {
    const sa_meta *m = sa_get_meta(a);
    uint64_t off = (m->data_offset + m->nbytes + 63) & ~(uint64_t)63;
    unsigned char *trail = (unsigned char *)sa_data(a) - m->data_offset + off;
    uint64_t v;
    memcpy(&v, trail + 48, 8);
    v ^= 0x5a5a;
    memcpy(trail + 48, &v, 8);
  }
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(sa_creator_alive(&info), 0);
  /* mapped by us: not stale although its creator looks gone */
  ASSERT_EQ(stale_of(name), 0);
  sa_release(a);
  ASSERT_EQ(stale_of(name), 1);
  ASSERT_OK(sa_delete_stale(name));
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  return 0;
}

TEST_IMPL(provenance_no_trailer) {
  /* a .npy file as np.save writes it: no creator recorded, never stale */
  char path[128], url[160];
  sa_info info;
  FILE *f;
  const char hdr[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
  size_t hl = 128 - 10;
  char text[128];
  double d[2] = {1, 2};
  snprintf(path, sizeof path, "/tmp/sa-prov-%ld.npy", (long)getpid());
  snprintf(url, sizeof url, "file://%s", path);
  memset(text, ' ', hl);
  memcpy(text, hdr, sizeof hdr - 1);
  text[hl - 1] = '\n';
  pre[8] = (unsigned char)hl;
  ASSERT((f = fopen(path, "wb")) != NULL);
  ASSERT(fwrite(pre, 1, 10, f) == 10 && fwrite(text, 1, hl, f) == hl &&
         fwrite(d, 8, 2, f) == 2);
  fclose(f);
  ASSERT_OK(sa_info_get(url, &info));
  ASSERT(!info.has_sync && info.creator_pid == 0 && info.created_ns == 0);
  ASSERT_ERR(sa_creator_alive(&info), SA_ENOSYNC);
  ASSERT_ERR(stale_of(url), SA_ENOSYNC);
  ASSERT_ERR(sa_delete_stale(url), SA_ENOSYNC);
  ASSERT(access(path, F_OK) == 0); /* never removed */
  unlink(path);
  return 0;
}

/* The race: while the stale segment is renamed aside, an attach by its
 * name fails (no attach can begin), and one already begun keeps it. */
static const char *hook_name;
static int hook_seen;
static void hook_attach(const char *hidden) {
  sa_array *b = NULL;
  (void)hidden;
  hook_seen = sa_attach(hook_name, 0, &b) == -ENOENT;
  sa_release(b);
}

TEST_IMPL(delete_stale_race) {
  const char *name = test_name("stale");
  char path[256];
  sa_info info;
  int go, status, ready[2], hold[2];
  pid_t pid, holder;
  char c;

  /* 1. stale, nobody holds it: removed; an attach during the removal sees
   *    no name */
  pid = creator(name, &go);
  ASSERT(pid > 0);
  close(go);
  ASSERT(waitpid(pid, &status, 0) == pid);
  hook_name = name;
  sa__stale_hook = hook_attach;
  ASSERT_EQ(sa_delete_stale(name), 0);
  sa__stale_hook = NULL;
  ASSERT(hook_seen);
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);

  /* 2. stale by its creator, but a process holds only a descriptor (an
   *    attach between its open and its mmap): kept, name restored */
  pid = creator(name, &go);
  ASSERT(pid > 0);
  close(go);
  ASSERT(waitpid(pid, &status, 0) == pid);
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT(pipe(ready) == 0 && pipe(hold) == 0);
  holder = fork();
  ASSERT(holder >= 0);
  if (holder == 0) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) _exit(3);
    if (write(ready[1], "r", 1) != 1) _exit(4);
    if (read(hold[0], &c, 1) < 0) _exit(5);
    _exit(0);
  }
  ASSERT(read(ready[0], &c, 1) == 1);
  ASSERT_EQ(stale_of(name), 0);     /* no mapping, but a descriptor: held */
  ASSERT_EQ(sa_delete_stale(name), 1); /* kept */
  ASSERT(access(path, F_OK) == 0);
  ASSERT(write(hold[1], "g", 1) == 1);
  ASSERT(waitpid(holder, &status, 0) == holder && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0);

  /* 3. not the caller's: refused (only as root can we make one) */
  ASSERT_EQ(sa_delete_stale(name), 0);
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  if (geteuid() == 0) {
    int64_t s[1] = {1};
    sa_array *a;
    ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
    sa_release(a);
    ASSERT(chown(path, 65534, 65534) == 0);
    ASSERT_ERR(sa_delete_stale(name), SA_EOWNER);
    ASSERT_OK(sa_delete(name, 0));
  }
  close(ready[0]); close(ready[1]); close(hold[0]); close(hold[1]);
  return 0;
}

/* A holder that /proc does not show: a process whose main thread exited
 * while another thread still maps the segment (its /proc/PID/maps reads
 * empty). The kernel's lease still sees the mapping: not stale, kept. */
static int worker_pipe[2];
static sa_array *worker_array; /* the child's mapping, held by its worker */
static void *worker(void *arg) {
  char c;
  (void)arg;
  if (read(worker_pipe[0], &c, 1) < 0) _exit(9);
  sa_release(worker_array); /* no leak for valgrind to report */
  _exit(0);
  return NULL;
}

TEST_IMPL(delete_stale_hidden_holder) {
  const char *name = test_name("hidden");
  int go, status, ready[2];
  pid_t pid, holder;
  char c;
  sa_info info;
  sa_holders *h = NULL;

  pid = creator(name, &go);
  ASSERT(pid > 0);
  close(go);
  ASSERT(waitpid(pid, &status, 0) == pid);
  ASSERT(pipe(ready) == 0 && pipe(worker_pipe) == 0);
  holder = fork();
  ASSERT(holder >= 0);
  if (holder == 0) {
    pthread_t t;
    if (sa_attach(name, SA_ATTACH_RDONLY, &worker_array) != 0) _exit(3);
    if (pthread_create(&t, NULL, worker, NULL) != 0) _exit(4);
    if (write(ready[1], "r", 1) != 1) _exit(5);
    pthread_exit(NULL); /* the leader goes; the worker keeps the mapping */
  }
  ASSERT(read(ready[0], &c, 1) == 1);
  /* wait until the leader is a zombie: its maps then read empty */
  for (;;) {
    char path[64], buf[512];
    FILE *f;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)holder);
    ASSERT((f = fopen(path, "r")) != NULL);
    ASSERT(fgets(buf, sizeof buf, f) != NULL);
    fclose(f);
    if (strstr(buf, ") Z ") != NULL) break;
    sched_yield();
  }
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_OK(sa_holders_scan(&h));
  ASSERT_EQ(sa_holders_of(h, info.dev, info.ino, NULL, 0), 0); /* unseen */
  ASSERT_EQ(sa_info_stale(&info, h), 0);                       /* but held */
  sa_holders_free(h);
  ASSERT_EQ(sa_delete_stale(name), 1);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT(write(worker_pipe[1], "g", 1) == 1);
  ASSERT(waitpid(holder, &status, 0) == holder && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0);
  ASSERT_EQ(sa_delete_stale(name), 0); /* now nobody holds it */
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  close(ready[0]); close(ready[1]);
  close(worker_pipe[0]); close(worker_pipe[1]);
  return 0;
}

/* A symbolic link planted under a file:// name is never followed. */
TEST_IMPL(delete_stale_symlink) {
  char dir[64], real[96], link[96], url[128];
  int64_t s[1] = {1};
  sa_array *a;
  int status;
  pid_t pid;
  snprintf(dir, sizeof dir, "/tmp/sa-stale-sl-%ld", (long)getpid());
  snprintf(real, sizeof real, "%s/real.npy", dir);
  snprintf(link, sizeof link, "%s/link.npy", dir);
  ASSERT(mkdir(dir, 0700) == 0);
  snprintf(url, sizeof url, "file://%s", real);
  pid = fork(); /* a creator that exits: real.npy is stale */
  if (pid == 0) _exit(sa_create(url, 1, s, "f8", 'C', 0, 0, &a) == 0 ? 0 : 1);
  ASSERT(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
  ASSERT(symlink(real, link) == 0);
  snprintf(url, sizeof url, "file://%s", link);
  ASSERT_ERR(sa_delete_stale(url), -ELOOP);
  ASSERT(access(real, F_OK) == 0);
  snprintf(url, sizeof url, "file://%s", real);
  ASSERT_OK(sa_delete_stale(url));
  ASSERT(access(real, F_OK) != 0);
  unlink(link);
  rmdir(dir);
  return 0;
}

/* While another process holds a file lease on a segment (sa_info_stale and
 * sa_delete_stale take one for a moment), an attach does not fail with
 * EAGAIN: its open asks for the lease back and retries. The holder here
 * gives it back when told (SIGIO), so no timing is involved. */
TEST_IMPL(attach_during_lease) {
  const char *name = test_name("lease");
  char path[256], c;
  int64_t s[1] = {2};
  sa_array *a;
  int ready[2], st;
  pid_t pid;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT(pipe(ready) == 0);
  pid = fork();
  ASSERT(pid >= 0);
  if (pid == 0) {
    sigset_t set;
    siginfo_t si;
    int fd = open(path, O_RDONLY);
    sigemptyset(&set);
    sigaddset(&set, SIGIO);
    sigprocmask(SIG_BLOCK, &set, NULL);
    if (fd < 0 || fcntl(fd, F_SETLEASE, F_WRLCK) < 0) _exit(2);
    if (write(ready[1], "r", 1) != 1) _exit(3);
    if (sigwaitinfo(&set, &si) != SIGIO) _exit(4); /* the break */
    (void)fcntl(fd, F_SETLEASE, F_UNLCK);
    _exit(0);
  }
  ASSERT(read(ready[0], &c, 1) == 1);
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
  sa_release(a);
  ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 0);
  close(ready[0]);
  close(ready[1]);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}
