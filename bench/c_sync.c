/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_sync.c -- the synchronisation trailer (issue 15) against its floors.
 * No assertions: numbers only.
 *
 *   c_sync [REPEATS] [ITERS]
 *
 * 1. ping-pong round trip between two processes (parent and a forked
 *    child, each on its own side of the exchange), microseconds per round
 *    trip:
 *      sa_notify_wait  sa_notify then sa_wait on one segment's generation
 *      raw_futex       the floor: two shared futex words, an increment and
 *                      FUTEX_WAKE, FUTEX_WAIT until the other's word moves
 *      eventfd         two eventfds: write one, read the other
 *      pipe            two pipes: write a byte, read a byte
 * 2. an uncontended lock + unlock, nanoseconds per pair:
 *      sa_lock_unlock  sa_lock(a, -1) + sa_unlock(a)
 *      pthread_mutex   a PTHREAD_PROCESS_SHARED mutex in shared memory
 *      pthread_robust  the same, also PTHREAD_MUTEX_ROBUST
 *
 * Every implementation runs one batch per repeat, interleaved, so that
 * drift on a shared machine hits all alike. Prints one JSON object per
 * line (median and minimum), then the ratios. */
#define _GNU_SOURCE
#include "sharedarray.h"
#include "bench.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char name[64];
static int iters = 20000;

static void die(const char *what) {
  fprintf(stderr, "c_sync: %s: %s\n", what, sa_errmsg());
  sa_delete(name, SA_DELETE_FORCE);
  exit(1);
}

/* ------------------------------------------------------------ ping-pong */

/* Each ping-pong forks a child that answers iters pings, then exits. The
 * parent times the iters round trips. */

static double pp_sa(void) {
  sa_array *a;
  uint64_t g;
  int pid, i, ready[2];
  double t0, t;
  if (sa_attach(name, 0, &a) < 0) die("attach");
  if (pipe(ready) < 0) die("pipe");
  if (sa_generation(a, &g) < 0) die("generation");
  pid = fork();
  if (pid == 0) { /* the answerer: wait for g+1, notify g+2, ... */
    uint64_t h = g;
    char c = 'r';
    if (write(ready[1], &c, 1) != 1) _exit(1);
    for (i = 0; i < iters + 1; i++) {
      if (sa_wait(a, h, -1, &h) < 0) _exit(2);
      if (sa_notify(a) < 0) _exit(3);
      h++;
    }
    _exit(0);
  }
  {
    char c;
    if (read(ready[0], &c, 1) != 1) die("ready");
  }
  /* one untimed warm-up round trip */
  if (sa_notify(a) < 0 || sa_wait(a, g + 1, -1, &g) < 0) die("warm-up");
  t0 = now();
  for (i = 0; i < iters; i++) {
    if (sa_notify(a) < 0) die("notify");
    if (sa_wait(a, g + 1, -1, &g) < 0) die("wait");
  }
  t = (now() - t0) / iters * 1e6;
  waitpid(pid, NULL, 0);
  close(ready[0]);
  close(ready[1]);
  sa_release(a);
  return t;
}

static long futex(uint32_t *w, int op, uint32_t val) {
  return syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

/* The floor: word[0] is the parent's ping counter, word[1] the child's
 * pong counter; each side bumps its own and wakes, then sleeps until the
 * other's moves. Shared (not private) futexes, as between processes. */
static double pp_futex(void) {
  uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int pid, i;
  double t0 = now(), t;
  if (w == MAP_FAILED) die("mmap");
  w[0] = w[1] = 0;
  pid = fork();
  if (pid == 0) {
    for (i = 1; i <= iters + 1; i++) {
      while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) < (uint32_t)i)
        futex(&w[0], FUTEX_WAIT, (uint32_t)(i - 1));
      __atomic_store_n(&w[1], (uint32_t)i, __ATOMIC_SEQ_CST);
      futex(&w[1], FUTEX_WAKE, INT_MAX);
    }
    _exit(0);
  }
  for (i = 1; i <= iters + 1; i++) {
    if (i == 2) t0 = now(); /* round 1 is the warm-up */
    __atomic_store_n(&w[0], (uint32_t)i, __ATOMIC_SEQ_CST);
    futex(&w[0], FUTEX_WAKE, INT_MAX);
    while (__atomic_load_n(&w[1], __ATOMIC_SEQ_CST) < (uint32_t)i)
      futex(&w[1], FUTEX_WAIT, (uint32_t)(i - 1));
  }
  t = (now() - t0) / iters * 1e6;
  waitpid(pid, NULL, 0);
  munmap(w, 4096);
  return t;
}

/* fds[0] carries pings to the child, fds[1] pongs back; for eventfds both
 * ends of a channel are one descriptor. */
static double pp_fds(int ping_r, int ping_w, int pong_r, int pong_w,
                     size_t len) {
  uint64_t v = 1;
  int pid, i;
  double t0 = now(), t;
  pid = fork();
  if (pid == 0) {
    for (i = 0; i < iters + 1; i++) {
      if (read(ping_r, &v, len) != (ssize_t)len) _exit(1);
      v = 1;
      if (write(pong_w, &v, len) != (ssize_t)len) _exit(2);
    }
    _exit(0);
  }
  for (i = 0; i < iters + 1; i++) {
    if (i == 1) t0 = now();
    v = 1;
    if (write(ping_w, &v, len) != (ssize_t)len) die("write");
    if (read(pong_r, &v, len) != (ssize_t)len) die("read");
  }
  t = (now() - t0) / iters * 1e6;
  waitpid(pid, NULL, 0);
  return t;
}

static double pp_eventfd(void) {
  int a = eventfd(0, 0), b = eventfd(0, 0);
  double t;
  if (a < 0 || b < 0) die("eventfd");
  t = pp_fds(a, a, b, b, 8);
  close(a);
  close(b);
  return t;
}

static double pp_pipe(void) {
  int a[2], b[2];
  double t;
  if (pipe(a) < 0 || pipe(b) < 0) die("pipe");
  t = pp_fds(a[0], a[1], b[0], b[1], 1);
  close(a[0]); close(a[1]); close(b[0]); close(b[1]);
  return t;
}

/* --------------------------------------------------------------- locks */

#define LOCK_ITERS (iters * 50)

static double lk_sa(void) {
  sa_array *a;
  int i;
  double t0, t;
  if (sa_attach(name, 0, &a) < 0) die("attach");
  if (sa_lock(a, -1) < 0 || sa_unlock(a) < 0) die("lock");
  t0 = now();
  for (i = 0; i < LOCK_ITERS; i++) {
    sa_lock(a, -1);
    sa_unlock(a);
  }
  t = (now() - t0) / LOCK_ITERS * 1e9;
  sa_release(a);
  return t;
}

static double lk_pthread_kind(int robust) {
  pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t at;
  int i;
  double t0, t;
  if (m == MAP_FAILED) die("mmap");
  pthread_mutexattr_init(&at);
  pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
  if (robust) pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(m, &at);
  t0 = now();
  for (i = 0; i < LOCK_ITERS; i++) {
    pthread_mutex_lock(m);
    pthread_mutex_unlock(m);
  }
  t = (now() - t0) / LOCK_ITERS * 1e9;
  pthread_mutex_destroy(m);
  munmap(m, 4096);
  return t;
}
static double lk_pthread(void) { return lk_pthread_kind(0); }
static double lk_robust(void) { return lk_pthread_kind(1); }

/* ---------------------------------------------------------------- main */

struct impl {
  const char *bench, *impl, *unit;
  double (*fn)(void);
};
static const struct impl impls[] = {
  {"pingpong", "sa_notify_wait", "us", pp_sa},
  {"pingpong", "raw_futex", "us", pp_futex},
  {"pingpong", "eventfd", "us", pp_eventfd},
  {"pingpong", "pipe", "us", pp_pipe},
  {"lock_unlock", "sa_lock_unlock", "ns", lk_sa},
  {"lock_unlock", "pthread_mutex", "ns", lk_pthread},
  {"lock_unlock", "pthread_robust", "ns", lk_robust},
};
#define NIMPLS (sizeof impls / sizeof impls[0])

static double find_median(double med[], const char *impl) {
  size_t k;
  for (k = 0; k < NIMPLS; k++)
    if (!strcmp(impls[k].impl, impl)) return med[k];
  return -1;
}

int main(int argc, char **argv) {
  static double t[NIMPLS][64];
  double med[NIMPLS], mins[NIMPLS];
  int repeats = argc > 1 ? atoi(argv[1]) : 7, r;
  size_t k;
  int64_t shape[1] = {1};
  sa_array *keep;
  if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    printf("usage: c_sync [REPEATS [ITERS]]\n");
    return 0;
  }
  if (argc > 2) iters = atoi(argv[2]);
  if (repeats < 1 || repeats > 64 || iters < 1) {
    fprintf(stderr, "c_sync: REPEATS must be 1..64, ITERS >= 1\n");
    return 2;
  }
  snprintf(name, sizeof name, "sa-bench-sync-%d", (int)getpid());
  if (sa_create(name, 1, shape, "f8", 'C', 0, 0, &keep) < 0) die("create");
  for (r = 0; r < repeats; r++)
    for (k = 0; k < NIMPLS; k++)
      t[k][r] = impls[k].fn();
  sa_release(keep);
  sa_delete(name, 0);
  for (k = 0; k < NIMPLS; k++) {
    double mn = t[k][0];
    for (r = 1; r < repeats; r++) if (t[k][r] < mn) mn = t[k][r];
    mins[k] = mn;
    med[k] = median(t[k], repeats);
    printf("{\"bench\": \"%s\", \"impl\": \"%s\", \"lang\": \"c\", "
           "\"median_%s\": %.3f, \"min_%s\": %.3f, \"repeats\": %d, "
           "\"iters\": %d}\n", impls[k].bench, impls[k].impl, impls[k].unit,
           med[k], impls[k].unit, mins[k], repeats,
           !strcmp(impls[k].bench, "pingpong") ? iters : LOCK_ITERS);
  }
  printf("# round trip: sa_notify_wait / raw_futex = %.2fx (target <= 1.2x), "
         "/ eventfd = %.2fx, / pipe = %.2fx\n",
         find_median(med, "sa_notify_wait") / find_median(med, "raw_futex"),
         find_median(med, "sa_notify_wait") / find_median(med, "eventfd"),
         find_median(med, "sa_notify_wait") / find_median(med, "pipe"));
  printf("# lock+unlock: sa_lock_unlock / pthread_mutex = %.2fx, "
         "/ pthread_robust = %.2fx\n",
         find_median(med, "sa_lock_unlock") / find_median(med, "pthread_mutex"),
         find_median(med, "sa_lock_unlock") /
             find_median(med, "pthread_robust"));
  return 0;
}
