/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_sync.c -- the synchronisation trailer (docs/format.md section 10):
 * its layout, notify/wait across processes, many waiters, timeouts, the
 * lock's owner death (SIGKILL, with and without a sleeping waiter), unlock
 * by a non-owner, torn reads with and without the lock, signals during a
 * wait, segments without a trailer, and hostile trailers.
 *
 * Processes are ordered with pipes, never with sleeps. Where a test needs
 * to know that another process is asleep in the kernel, it watches the
 * trailer's own words (the waiter count, or FUTEX_WAITERS in the lock
 * word), which the sleeper sets before it sleeps. */
#include "task.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The trailer's fields, at the offsets of docs/format.md section 10. */
#define T_GEN      16
#define T_SEQ      24
#define T_NWAITERS 28
#define T_LOCK     32

static unsigned char *trailer(sa_array *a) {
  const sa_meta *m = sa_get_meta(a);
  uint64_t end = m->data_offset + m->nbytes;
  uint64_t off = (end + 63) & ~(uint64_t)63;
  return (unsigned char *)sa_data(a) + (off - m->data_offset);
}

static uint32_t word(sa_array *a, int off) {
  return __atomic_load_n((uint32_t *)(void *)(trailer(a) + off),
                         __ATOMIC_SEQ_CST);
}

static uint32_t syscall_tid(void) { return (uint32_t)syscall(SYS_gettid); }

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Spin (yielding) until the trailer word at off satisfies pred; a memory
 * word that the other process writes before it sleeps, not a timing. */
static void until_waiters(sa_array *a, uint32_t n) {
  while (word(a, T_NWAITERS) != n) sched_yield();
}
static void until_lock_contended(sa_array *a) {
  while (!(word(a, T_LOCK) & FUTEX_WAITERS)) sched_yield();
}

static void put(int fd, char c) { ASSERT_EQ(write(fd, &c, 1), 1); }
static char get(int fd) {
  char c = 0;
  ASSERT_EQ(read(fd, &c, 1), 1);
  return c;
}

static sa_array *make(const char *name, int64_t n) {
  sa_array *a;
  int64_t s[1];
  s[0] = n;
  ASSERT_OK(sa_create(name, 1, s, "i8", 'C', 0, 0, &a));
  return a;
}

/* The layout on the segment, and the operations in one process. */
TEST_IMPL(sync_basics) {
  const char *name = test_name("syncb");
  sa_array *a, *r;
  uint64_t g = 99;
  unsigned char raw[128];
  char path[256];
  sa_info info;
  int fd, k;
  int64_t copy[10];
  uint32_t u;
  a = make(name, 10);
  ASSERT_EQ(sa_has_sync(a), 1);
  ASSERT_OK(sa_generation(a, &g));
  ASSERT_EQ(g, 0);
  /* the bytes: at the first 64-byte boundary after the data, and last */
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  fd = open(path, O_RDONLY);
  ASSERT(fd >= 0);
  {
    struct stat st;
    ASSERT_EQ(fstat(fd, &st), 0);
    ASSERT_EQ(st.st_size, 4096 + 80 + 48 + 128); /* 4176 -> 4224 */
  }
  ASSERT_OK(sa_notify(a));
  ASSERT_EQ(pread(fd, raw, 128, 4224), 128);
  ASSERT(memcmp(raw, "SATRAIL\001", 8) == 0);
  memcpy(&u, raw + 8, 4);
  ASSERT_EQ(u, 128);
  memcpy(&u, raw + 12, 4);
  ASSERT_EQ(u, 0x01020304);
  memcpy(&g, raw + T_GEN, 8);
  ASSERT_EQ(g, 1);
  for (k = 36; k < 40; k++) ASSERT_EQ(raw[k], 0); /* reserved, zero */
  memcpy(&u, raw + 40, 4); /* provenance: the creator (us) */
  ASSERT_EQ(u, (uint32_t)getpid());
  memcpy(&u, raw + 44, 4);
  ASSERT_EQ(u, (uint32_t)geteuid());
  memcpy(&g, raw + 56, 8);
  ASSERT(g > 0); /* created_ns */
  for (k = 64; k < 128; k++) ASSERT_EQ(raw[k], 0); /* reserved, zero */
  close(fd);
  /* wait returns at once when the generation differs, times out else */
  ASSERT_OK(sa_wait(a, 0, -1, &g));
  ASSERT_EQ(g, 1);
  ASSERT_ERR(sa_wait(a, 1, 0, &g), -ETIMEDOUT);
  ASSERT_ERR(sa_wait(a, 1, 20, NULL), -ETIMEDOUT);
  ASSERT_EQ(word(a, T_NWAITERS), 0); /* deregistered on every path */
  /* the lock: not recursive; unlock only by its holder */
  ASSERT_EQ(sa_lock(a, -1), 0);
  ASSERT_EQ(word(a, T_LOCK), (uint32_t)syscall_tid());
  ASSERT_ERR(sa_lock(a, 0), -EDEADLK);
  ASSERT_OK(sa_unlock(a));
  ASSERT_EQ(word(a, T_LOCK), 0);
  ASSERT_ERR(sa_unlock(a), -EPERM);
  ASSERT_EQ(sa_lock(a, 0), 0);
  ASSERT_OK(sa_unlock(a));
  ((int64_t *)sa_data(a))[3] = 7;
  ASSERT_EQ(sa_snapshot(a, copy, sizeof copy, -1), 0);
  ASSERT_EQ(copy[3], 7);
  ASSERT_ERR(sa_snapshot(a, copy, sizeof copy - 1, -1), SA_EARG);
  /* info reports it, from a pread */
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.has_sync, 1);
  ASSERT_EQ(info.generation, 1);
  /* a read-only attach waits, notifies and locks; its data stays
   * read-only */
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &r));
  ASSERT_EQ(sa_has_sync(r), 1);
  ASSERT_OK(sa_notify(r));
  ASSERT_OK(sa_generation(a, &g));
  ASSERT_EQ(g, 2);
  ASSERT_EQ(sa_lock(r, 0), 0);
  ASSERT_ERR(sa_lock(a, 0), -EDEADLK); /* the same lock, the same thread */
  ASSERT_EQ(sa_snapshot(a, copy, sizeof copy, 0), -EDEADLK);
  ASSERT_OK(sa_unlock(a));             /* either handle unlocks it */
  ASSERT_EQ(sa_snapshot(r, copy, sizeof copy, 0), 0);
  ASSERT_OK(sa_wait(r, 1, 0, &g));
  ASSERT_EQ(g, 2);
  sa_release(r);
  /* the deleted name does not matter to an attached array */
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &r));
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_OK(sa_notify(r));
  ASSERT_EQ(sa_lock(r, 0), 0);
  ASSERT_OK(sa_unlock(r));
  sa_release(r);
  /* NULL handles */
  ASSERT_ERR(sa_notify(NULL), SA_EARG);
  ASSERT_EQ(sa_has_sync(NULL), 0);
  /* lazily created segments have the trailer too */
  sa_release(a);
  {
    int64_t s[1] = {1 << 20};
    ASSERT_OK(sa_create(name, 1, s, "u1", 'C', 0, SA_CREATE_LAZY, &a));
    ASSERT_EQ(sa_has_sync(a), 1);
    sa_release(a);
    ASSERT_OK(sa_attach(name, 0, &a));
    ASSERT_EQ(sa_has_sync(a), 1);
    sa_release(a);
    ASSERT_OK(sa_delete(name, 0));
    s[0] = 0; /* and empty ones */
    ASSERT_OK(sa_create(name, 1, s, "u1", 'C', 0, 0, &a));
    sa_release(a);
    ASSERT_OK(sa_attach(name, 0, &a));
    ASSERT_EQ(sa_has_sync(a), 1);
    ASSERT_OK(sa_notify(a));
    sa_release(a);
    ASSERT_OK(sa_delete(name, 0));
  }
  return 0;
}

/* Ping-pong between two processes: each side writes the data, notifies,
 * and waits for the other's notify; each sees the other's data. */
TEST_IMPL(sync_notify_across) {
  const char *name = test_name("syncx");
  sa_array *a = make(name, 4);
  int64_t *d = sa_data(a);
  int ready[2], pid, i;
  ASSERT_EQ(pipe(ready), 0);
  pid = fork();
  if (pid == 0) {
    sa_array *b;
    uint64_t g;
    ASSERT_OK(sa_attach(name, 0, &b));
    ASSERT_OK(sa_generation(b, &g));
    put(ready[1], 'r');
    for (i = 0; i < 200; i++) {
      ASSERT_OK(sa_wait(b, g, 10000, &g));  /* the parent's turn ... */
      ASSERT_EQ(((int64_t *)sa_data(b))[0], 2 * i + 1);
      ((int64_t *)sa_data(b))[0] = 2 * i + 2;
      ASSERT_OK(sa_notify(b));             /* ... and ours */
      g++;
    }
    sa_release(b);
    sa_release(a);
    _exit(0);
  }
  ASSERT_EQ(get(ready[0]), 'r');
  {
    uint64_t g;
    ASSERT_OK(sa_generation(a, &g));
    for (i = 0; i < 200; i++) {
      d[0] = 2 * i + 1;
      ASSERT_OK(sa_notify(a));
      g++;
      ASSERT_OK(sa_wait(a, g, 10000, &g));
      ASSERT_EQ(d[0], 2 * i + 2);
    }
  }
  ASSERT_EQ(wait_child(pid), 0);
  ASSERT_EQ(word(a, T_NWAITERS), 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Many waiters asleep at once; one notify wakes them all. */
TEST_IMPL(sync_many_waiters) {
  enum { N = 16 };
  const char *name = test_name("syncm");
  sa_array *a = make(name, 1);
  int pids[N], k;
  uint64_t g0;
  ASSERT_OK(sa_generation(a, &g0));
  for (k = 0; k < N; k++) {
    pids[k] = fork();
    if (pids[k] == 0) {
      sa_array *b;
      uint64_t g;
      /* half read-write, half read-only attaches */
      ASSERT_OK(sa_attach(name, k % 2 ? SA_ATTACH_RDONLY : 0, &b));
      if (sa_wait(b, g0, 30000, &g) != 0) _exit(3);
      if (g != g0 + 1) _exit(4);
      if (((int64_t *)sa_data(b))[0] != 1234) _exit(5);
      sa_release(b);
      sa_release(a);
      _exit(0);
    }
  }
  until_waiters(a, N); /* every one registered, so asleep or about to be */
  ((int64_t *)sa_data(a))[0] = 1234;
  ASSERT_OK(sa_notify(a));
  for (k = 0; k < N; k++) ASSERT_EQ(wait_child(pids[k]), 0);
  ASSERT_EQ(word(a, T_NWAITERS), 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Timeouts of wait and lock take about as long as asked. */
TEST_IMPL(sync_timeouts) {
  const char *name = test_name("synct");
  sa_array *a = make(name, 1);
  int to_child[2], from_child[2], pid;
  double t0, dt;
  t0 = now_ms();
  ASSERT_ERR(sa_wait(a, 0, 100, NULL), -ETIMEDOUT);
  dt = now_ms() - t0;
  ASSERT(dt >= 99 && dt < 5000);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  pid = fork();
  if (pid == 0) { /* holds the lock until told to let go */
    ASSERT_EQ(sa_lock(a, -1), 0);
    put(from_child[1], 'l');
    ASSERT_EQ(get(to_child[0]), 'u');
    ASSERT_OK(sa_unlock(a));
    put(from_child[1], 'u');
    sa_release(a);
    _exit(0);
  }
  ASSERT_EQ(get(from_child[0]), 'l');
  t0 = now_ms();
  ASSERT_ERR(sa_lock(a, 0), -ETIMEDOUT); /* try */
  ASSERT(now_ms() - t0 < 1000);
  t0 = now_ms();
  ASSERT_ERR(sa_lock(a, 100), -ETIMEDOUT);
  dt = now_ms() - t0;
  ASSERT(dt >= 99 && dt < 5000);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_unlock(a), -EPERM); /* not ours */
  put(to_child[1], 'u');
  ASSERT_EQ(get(from_child[0]), 'u');
  ASSERT_EQ(wait_child(pid), 0);
  ASSERT_EQ(sa_lock(a, 100), 0);
  ASSERT_OK(sa_unlock(a));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A holder killed with SIGKILL: the next locker gets the lock and
 * SA_LOCK_OWNER_DIED, whether the dead holder is reaped or still a zombie,
 * and the one after gets 0. */
TEST_IMPL(sync_owner_death) {
  const char *name = test_name("syncd");
  sa_array *a = make(name, 1);
  int round;
  for (round = 0; round < 2; round++) {
    int p[2], pid;
    ASSERT_EQ(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
      ASSERT_EQ(sa_lock(a, -1), 0);
      put(p[1], 'l');
      for (;;) pause();
    }
    ASSERT_EQ(get(p[0]), 'l');
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    if (round == 0) {
      ASSERT_EQ(wait_child(pid), 128 + SIGKILL);
    } else {
      siginfo_t si; /* dead but not reaped: a zombie still has its pid */
      ASSERT_EQ(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
    }
    ASSERT_EQ(sa_lock(a, 5000), SA_LOCK_OWNER_DIED);
    ASSERT_OK(sa_unlock(a));
    ASSERT_EQ(sa_lock(a, 0), 0);
    ASSERT_OK(sa_unlock(a));
    if (round == 1) ASSERT_EQ(wait_child(pid), 128 + SIGKILL);
    close(p[0]);
    close(p[1]);
  }
  /* a forever lock (no timeout) takes over the same way */
  {
    int p[2], pid;
    ASSERT_EQ(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
      ASSERT_EQ(sa_lock(a, -1), 0);
      put(p[1], 'l');
      for (;;) pause();
    }
    ASSERT_EQ(get(p[0]), 'l');
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    ASSERT_EQ(wait_child(pid), 128 + SIGKILL);
    ASSERT_EQ(sa_lock(a, -1), SA_LOCK_OWNER_DIED);
    ASSERT_OK(sa_unlock(a));
  }
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* The holder dies while another process sleeps in sa_lock: the kernel
 * hands the lock to the sleeper with FUTEX_OWNER_DIED. */
TEST_IMPL(sync_owner_death_waiter) {
  const char *name = test_name("syncw");
  sa_array *a = make(name, 1);
  int p[2], holder, waiter;
  ASSERT_EQ(pipe(p), 0);
  holder = fork();
  if (holder == 0) {
    ASSERT_EQ(sa_lock(a, -1), 0);
    put(p[1], 'l');
    for (;;) pause();
  }
  ASSERT_EQ(get(p[0]), 'l');
  waiter = fork();
  if (waiter == 0) {
    int rc = sa_lock(a, 30000);
    if (rc != SA_LOCK_OWNER_DIED) _exit(10 + (rc < 0 ? 0 : rc));
    if (word(a, T_LOCK) & FUTEX_OWNER_DIED) _exit(20); /* cleared */
    if (sa_unlock(a) != 0) _exit(21);
    sa_release(a);
    _exit(0);
  }
  until_lock_contended(a); /* the waiter is queued in the kernel */
  ASSERT_EQ(kill(holder, SIGKILL), 0);
  ASSERT_EQ(wait_child(waiter), 0);
  ASSERT_EQ(wait_child(holder), 128 + SIGKILL);
  ASSERT_EQ(word(a, T_LOCK), 0);
  ASSERT_EQ(sa_lock(a, 0), 0);
  ASSERT_OK(sa_unlock(a));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

static sa_array *thread_array;
static void *unlock_other(void *arg) {
  (void)arg;
  return (void *)(intptr_t)sa_unlock(thread_array);
}
static void *lock_other(void *arg) {
  (void)arg;
  return (void *)(intptr_t)sa_lock(thread_array, 0);
}

/* Unlock by a thread or process that does not hold the lock: -EPERM, and
 * the lock stays held. Contended handoff between threads works. */
TEST_IMPL(sync_unlock_non_owner) {
  const char *name = test_name("syncu");
  sa_array *a = make(name, 1);
  pthread_t th;
  void *ret;
  ASSERT_EQ(sa_lock(a, -1), 0);
  thread_array = a;
  ASSERT_EQ(pthread_create(&th, NULL, unlock_other, NULL), 0);
  ASSERT_EQ(pthread_join(th, &ret), 0);
  ASSERT_EQ((intptr_t)ret, -EPERM);
  ASSERT_EQ(pthread_create(&th, NULL, lock_other, NULL), 0);
  ASSERT_EQ(pthread_join(th, &ret), 0);
  ASSERT_EQ((intptr_t)ret, -ETIMEDOUT); /* still held, by us */
  ASSERT_OK(sa_unlock(a));
  {
    int pid = fork(); /* a child holds no lock of its parent's */
    if (pid == 0) {
      int ok = sa_unlock(a) == -EPERM && sa_lock(a, 0) == 0 &&
               sa_unlock(a) == 0;
      sa_release(a);
      _exit(ok ? 0 : 1);
    }
    ASSERT_EQ(wait_child(pid), 0);
  }
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A writer child rewrites the whole array in a loop, every element the
 * same counter value, under the lock. Every snapshot is uniform. Without
 * the lock, the same copies are torn: measured on a 2-core machine, 197 to
 * 200 of 200 copies of 512 KiB were torn. The test asserts that at least
 * one is (of up to 20000), so the snapshot's check is known to bite. */
TEST_IMPL(sync_torn_reads) {
  enum { N = 65536 };
  const char *name = test_name("syncr");
  sa_array *a = make(name, N);
  int64_t *copy = malloc(N * sizeof(int64_t));
  volatile int *stop = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int p[2], pid, k, torn = 0, tries;
  ASSERT(copy != NULL && stop != MAP_FAILED);
  ASSERT_EQ(pipe(p), 0);
  pid = fork();
  if (pid == 0) {
    int64_t *d = sa_data(a), c = 1;
    int first = 1;
    while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {
      int i;
      ASSERT(sa_lock(a, -1) >= 0);
      for (i = 0; i < N; i++) ((volatile int64_t *)d)[i] = c;
      ASSERT_OK(sa_unlock(a));
      c++;
      if (first) put(p[1], 'w');
      first = 0;
    }
    sa_release(a);
    free(copy);
    _exit(0);
  }
  ASSERT_EQ(get(p[0]), 'w');
  for (k = 0; k < 300; k++) {
    int i;
    ASSERT_EQ(sa_snapshot(a, copy, N * sizeof(int64_t), -1), 0);
    for (i = 1; i < N; i++)
      if (copy[i] != copy[0])
        FAIL("snapshot %d torn: [0] = %lld, [%d] = %lld", k,
             (long long)copy[0], i, (long long)copy[i]);
  }
  for (tries = 0; tries < 200 || (torn == 0 && tries < 20000); tries++) {
    int i;
    memcpy(copy, sa_data(a), N * sizeof(int64_t)); /* no lock */
    for (i = 1; i < N; i++)
      if (copy[i] != copy[0]) { torn++; break; }
    sched_yield(); /* as the snapshots do, between copies */
  }
  *stop = 1;
  ASSERT_EQ(wait_child(pid), 0);
  printf("torn copies without the lock: %d in %d\n", torn, tries);
  ASSERT(torn > 0);
  free(copy);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig) { (void)sig; got_usr1++; }

/* A signal handler running during sa_wait gives -EINTR (even with
 * SA_RESTART), and the wait can be resumed with the same since without
 * losing a notify. */
TEST_IMPL(sync_wait_signals) {
  const char *name = test_name("syncs");
  sa_array *a = make(name, 1);
  int restart;
  for (restart = 0; restart < 2; restart++) {
    int p[2], pid;
    ASSERT_EQ(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
      struct sigaction sa;
      uint64_t g, g2;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = on_usr1;
      sa.sa_flags = restart ? SA_RESTART : 0;
      ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
      ASSERT_OK(sa_generation(a, &g));
      put(p[1], 'r');
      if (sa_wait(a, g, -1, &g2) != -EINTR) _exit(3);
      if (got_usr1 < 1) _exit(4);
      put(p[1], 'i');
      if (sa_wait(a, g, 20000, &g2) != 0) _exit(5);
      if (g2 != g + 1) _exit(6);
      sa_release(a);
      _exit(0);
    }
    ASSERT_EQ(get(p[0]), 'r');
    until_waiters(a, 1);
    /* A signal that lands after the waiter registered but before it is
     * asleep in the kernel runs its handler then, and the wait sleeps on
     * (the race of every EINTR protocol): signal again until it answers. */
    for (;;) {
      struct pollfd pf = {p[0], POLLIN, 0};
      ASSERT_EQ(kill(pid, SIGUSR1), 0);
      if (poll(&pf, 1, 50) == 1) break;
    }
    ASSERT_EQ(get(p[0]), 'i');
    until_waiters(a, 1);
    ASSERT_OK(sa_notify(a));
    ASSERT_EQ(wait_child(pid), 0);
    ASSERT_EQ(word(a, T_NWAITERS), 0);
    close(p[0]);
    close(p[1]);
  }
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Every operation on a segment without a trailer: SA_ENOSYNC naming it. */
static void expect_nosync(const char *name) {
  sa_array *a;
  sa_info info;
  uint64_t g;
  int64_t buf[64];
  ASSERT_OK(sa_attach(name, 0, &a));
  ASSERT_EQ(sa_has_sync(a), 0);
  ASSERT_ERR(sa_notify(a), SA_ENOSYNC);
  ASSERT_CONTAINS(sa_errmsg(), "synchronisation");
  ASSERT_CONTAINS(sa_errmsg(), strstr(name, "sa-ctest"));
  ASSERT_ERR(sa_wait(a, 0, 10, &g), SA_ENOSYNC);
  ASSERT_ERR(sa_lock(a, 10), SA_ENOSYNC);
  ASSERT_ERR(sa_unlock(a), SA_ENOSYNC);
  ASSERT_ERR(sa_generation(a, &g), SA_ENOSYNC);
  ASSERT_ERR(sa_snapshot(a, buf, sizeof buf, 10), SA_ENOSYNC);
  sa_release(a);
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
  ASSERT_EQ(sa_has_sync(a), 0);
  ASSERT_ERR(sa_wait(a, 0, 10, &g), SA_ENOSYNC);
  sa_release(a);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.has_sync, 0);
}

/* Writes a .npy segment: header (data at data_offset), nbytes of data,
 * then tail (tlen bytes) right after the data. */
static void write_npy(const char *path, uint64_t data_offset,
                      const void *tail, size_t tlen) {
  sa_meta m;
  int64_t s[1] = {16};
  size_t total;
  unsigned char *buf;
  ASSERT_OK(sa_meta_init(&m, 1, s, "<i8", 'C'));
  m.data_offset = data_offset;
  total = (size_t)(data_offset + m.nbytes) + tlen;
  buf = calloc(1, total);
  ASSERT(buf != NULL);
  ASSERT(sa_header_write(&m, buf, (size_t)data_offset) > 0);
  if (tlen) memcpy(buf + data_offset + m.nbytes, tail, tlen);
  write_file(path, buf, total);
  free(buf);
}

TEST_IMPL(sync_no_trailer) {
  char path[256], name[300];
  unsigned char t[128 + 64];
  uint32_t u;
  sa_array *a;
  /* what np.save writes: data at 128, nothing after it */
  snprintf(path, sizeof path, "/tmp/sa-ctest-nosync-%d.npy", (int)getpid());
  snprintf(name, sizeof name, "file://%s", path);
  write_npy(path, 128, NULL, 0);
  expect_nosync(name);
  /* bytes after the data that are not a trailer: garbage, too short */
  memset(t, 0x5a, sizeof t);
  write_npy(path, 128, t, sizeof t);
  expect_nosync(name);
  /* a trailer from the other byte order, or of another size or version */
  memset(t, 0, sizeof t);
  memcpy(t, "SATRAIL\001", 8);
  u = 128; memcpy(t + 8, &u, 4);
  u = 0x04030201; memcpy(t + 12, &u, 4);
  write_npy(path, 128, t, 128);
  expect_nosync(name);
  u = 0x01020304; memcpy(t + 12, &u, 4);
  write_npy(path, 128, t, 127); /* one byte short */
  expect_nosync(name);
  u = 256; memcpy(t + 8, &u, 4);
  write_npy(path, 128, t, 128);
  expect_nosync(name);
  u = 128; memcpy(t + 8, &u, 4);
  t[7] = 2;
  write_npy(path, 128, t, 128);
  expect_nosync(name);
  /* and the same bytes, right, are a trailer (the data ends at 256, a
   * 64-byte boundary) */
  t[7] = 1;
  write_npy(path, 128, t, 128);
  ASSERT_OK(sa_attach(name, 0, &a));
  ASSERT_EQ(sa_has_sync(a), 1);
  ASSERT_OK(sa_notify(a));
  sa_release(a);
  ASSERT_EQ(unlink(path), 0);
  /* a segment of format 1 (SharedArray 1.0 before the trailer): the data
   * at 4096 and nothing after it */
  snprintf(path, sizeof path, "/dev/shm/sa-ctest-nosync-%d", (int)getpid());
  write_npy(path, 4096, NULL, 0);
  expect_nosync(path + 9);
  ASSERT_OK(sa_delete(path + 9, 0));
  /* a segment whose trailer was cut off */
  {
    const char *n2 = test_name("synccut");
    a = make(n2, 16);
    sa_release(a);
    snprintf(path, sizeof path, "/dev/shm/%s", n2);
    ASSERT_EQ(truncate(path, 4096 + 128), 0);
    expect_nosync(n2);
    ASSERT_OK(sa_delete(n2, 0));
  }
  return 0;
}

/* Garbage in a trailer whose magic is valid: every operation returns a
 * code, none crashes or hangs past its timeout. */
TEST_IMPL(sync_hostile_trailer) {
  const char *name = test_name("synch");
  sa_array *a = make(name, 3);
  unsigned char *t = trailer(a);
  uint32_t seed = 12345;
  int round;
  for (round = 0; round < 60; round++) {
    int k, rc;
    uint64_t g;
    int64_t buf[3];
    for (k = 16; k < 128; k++) { /* everything but magic, size, bom */
      seed = seed * 1103515245u + 12345u;
      t[k] = (unsigned char)(seed >> 16);
    }
    /* some rounds: lock words the kernel must judge */
    if (round % 4 == 1) memcpy(t + T_LOCK, &(uint32_t){0xffffffffu}, 4);
    if (round % 4 == 2) memcpy(t + T_LOCK, &(uint32_t){FUTEX_OWNER_DIED}, 4);
    if (round % 4 == 3) memcpy(t + T_LOCK, &(uint32_t){1}, 4); /* init */
    ASSERT_EQ(sa_has_sync(a), 1);
    ASSERT_OK(sa_generation(a, &g));
    ASSERT_OK(sa_notify(a));
    ASSERT_ERR(sa_wait(a, g + 1, 5, NULL), -ETIMEDOUT);
    rc = sa_lock(a, 5);
    ASSERT(rc == 0 || rc == SA_LOCK_OWNER_DIED || rc == -ETIMEDOUT ||
           rc == -EINVAL || rc == -EPERM || rc == -EDEADLK);
    if (rc >= 0) ASSERT_OK(sa_unlock(a));
    rc = sa_snapshot(a, buf, sizeof buf, 0);
    ASSERT(rc == 0 || rc == SA_LOCK_OWNER_DIED || rc == -ETIMEDOUT ||
           rc == -EINVAL || rc == -EPERM || rc == -EDEADLK);
    (void)sa_unlock(a);
  }
  /* a broken magic: no trailer, whatever follows */
  t[0] = 'X';
  ASSERT_EQ(sa_has_sync(a), 0);
  ASSERT_ERR(sa_notify(a), SA_ENOSYNC);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A reader without write permission: waits (polling every 10 ms, as it
 * cannot register), reads the generation; lock and notify give -EACCES. */
TEST_IMPL(sync_no_write_permission) {
  const char *name = test_name("syncp");
  sa_array *a;
  int64_t s[1] = {4};
  int p[2], pid;
  ASSERT_OK(sa_create(name, 1, s, "i8", 'C', 0644, 0, &a));
  ASSERT_EQ(pipe(p), 0);
  pid = fork();
  if (pid == 0) {
    sa_array *b;
    uint64_t g;
    if (geteuid() == 0) { /* root writes anything: become nobody */
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
    } else {
      char path[256];
      snprintf(path, sizeof path, "/dev/shm/%s", name);
      if (chmod(path, 0444) != 0) _exit(2);
    }
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
    ASSERT_EQ(sa_has_sync(b), 1);
    ASSERT_ERR(sa_lock(b, 0), -EACCES);
    ASSERT_ERR(sa_notify(b), -EACCES);
    ASSERT_OK(sa_generation(b, &g));
    put(p[1], 'r');
    ASSERT_OK(sa_wait(b, g, 20000, &g));
    ASSERT_EQ(g, 1);
    sa_release(b);
    sa_release(a);
    _exit(0);
  }
  ASSERT_EQ(get(p[0]), 'r');
  ASSERT_OK(sa_notify(a));
  ASSERT_EQ(wait_child(pid), 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* sa_lock_interruptible / sa_wait_interruptible: the whole timeout in
 * slices, and the check stops them with -EINTR, the lock not taken. */
static int checks_left;
static int stop_after(void *ctx) {
  (void)ctx;
  return --checks_left < 0;
}

TEST_IMPL(sync_interruptible) {
  const char *name = test_name("intr");
  int64_t s[1] = {4};
  sa_array *a, *b;
  uint64_t now = 7;
  int st;
  pid_t pid;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(name, 0, &b));
  /* free: at once */
  ASSERT_EQ(sa_lock_interruptible(a, 1000, 10, stop_after, NULL), 0);
  /* held by this thread: an error other than time, at once */
  ASSERT_ERR(sa_lock_interruptible(a, 1000, 10, NULL, NULL), -EDEADLK);
  /* held by another process: the whole timeout, named */
  pid = fork();
  ASSERT(pid >= 0);
  if (pid == 0) {
    if (sa_lock_interruptible(b, 60, 10, NULL, NULL) != -ETIMEDOUT) _exit(1);
    if (strstr(sa_errmsg(), "for 60 ms") == NULL) _exit(2);
    checks_left = 3; /* stopped by the check after three slices */
    if (sa_lock_interruptible(b, -1, 10, stop_after, NULL) != -EINTR) _exit(3);
    if (strstr(sa_errmsg(), "interrupted") == NULL) _exit(4);
    _exit(0);
  }
  ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 0);
  ASSERT_OK(sa_unlock(a));
  /* wait: at once when the generation differs, else slices to the end */
  ASSERT_OK(sa_notify(a));
  ASSERT_EQ(sa_wait_interruptible(a, 0, 1000, 10, NULL, NULL, &now), 0);
  ASSERT_EQ(now, 1);
  ASSERT_ERR(sa_wait_interruptible(a, 1, 50, 10, NULL, NULL, &now),
             -ETIMEDOUT);
  ASSERT_CONTAINS(sa_errmsg(), "after 50 ms");
  checks_left = 2;
  ASSERT_ERR(sa_wait_interruptible(a, 1, -1, 10, stop_after, NULL, &now),
             -EINTR);
  sa_release(b);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A handle freed while its lock is held gives the lock back (a finalizer
 * or a closed handle must not leave every other process waiting); one
 * freed by a thread that does not hold the lock leaves it alone. */
TEST_IMPL(sync_release_unlocks) {
  const char *name = test_name("relock");
  int64_t s[1] = {2};
  sa_array *a, *b, *c;
  int st;
  pid_t pid;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(name, 0, &b));
  ASSERT_OK(sa_attach(name, 0, &c));
  ASSERT_OK(sa_lock(b, 0));
  sa_release(b); /* freed while held: released */
  pid = fork();
  ASSERT(pid >= 0);
  if (pid == 0) _exit(sa_lock(a, 0) == 0 ? 0 : 1); /* another process */
  ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 0);
  ASSERT_OK(sa_lock(a, 0)); /* and this thread: not EDEADLK */
  /* freeing another handle of the same segment leaves a's lock alone */
  sa_release(c);
  ASSERT_ERR(sa_lock(a, 0), -EDEADLK);
  ASSERT_OK(sa_unlock(a));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Another process (here a thread) that keeps rewriting the lock word with
 * owners that do not exist: a timed lock returns by its deadline and a
 * try-lock at once, whether they win the word or not. (The retry bound
 * itself is hard to drive: in practice the locker's compare-and-swap or
 * the kernel wins the word within a few tries.) */
static volatile int flip_stop;
static void *flipper(void *arg) {
  uint32_t *w = arg, k = 0;
  while (!flip_stop)
    __atomic_store_n(w, 0x3ffffff0u + (k++ & 7u), __ATOMIC_RELAXED);
  return NULL;
}

TEST_IMPL(sync_lock_word_flipped) {
  const char *name = test_name("syncf");
  sa_array *a = make(name, 8);
  pthread_t th;
  int k, rc;
  flip_stop = 0;
  ASSERT_EQ(pthread_create(&th, NULL, flipper, trailer(a) + T_LOCK), 0);
  while (word(a, T_LOCK) == 0) sched_yield(); /* the flipper is running */
  for (k = 0; k < 10; k++) {
    double t0 = now_ms();
    rc = sa_lock(a, 30);
    if (rc >= 0) (void)sa_unlock(a); /* won a race: the flipper undoes it */
    ASSERT(now_ms() - t0 < 1000);
    t0 = now_ms();
    rc = sa_lock(a, 0);
    if (rc >= 0) (void)sa_unlock(a);
    ASSERT(now_ms() - t0 < 1000);
  }
  flip_stop = 1;
  ASSERT_EQ(pthread_join(th, NULL), 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Another process shrinks the segment under a handle that holds the lock:
 * releasing the handle (what a finalizer does) gives the lock back through
 * the kernel, and must not die of SIGBUS on the trailer that is gone. */
TEST_IMPL(sync_release_after_shrink) {
  const char *name = test_name("syncs");
  int pid = fork();
  ASSERT(pid >= 0);
  if (pid == 0) {
    sa_array *a = make(name, 1 << 18); /* 2 MiB: the trailer pages away */
    char path[256];
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    if (sa_lock(a, -1) < 0) _exit(2);
    if (truncate(path, 4096) < 0) _exit(3);
    sa_release(a); /* the lock's page is gone: no SIGBUS */
    _exit(0);
  }
  ASSERT_EQ(wait_child(pid), 0);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  return 0;
}
