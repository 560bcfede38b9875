/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * sync.c -- the synchronisation trailer of segment format 2
 * (docs/format.md section 10): a generation counter with wait/notify on a
 * futex word, and a lock that survives its holder's death, the kernel's
 * priority-inheriting futex protocol (FUTEX_LOCK_PI) on a 32-bit word.
 *
 * Nothing in the trailer is ever trusted for a size or a pointer: every
 * operation works on fixed offsets inside a mapping whose length was
 * checked at attach, with atomic instructions and futex system calls, so a
 * hostile trailer can make an operation fail or wait, never crash. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The trailer, in the creating machine's byte order (docs/format.md 10). */
typedef struct sa__trailer {
  unsigned char magic[8]; /* "SATRAIL" and the version byte, 1 */
  uint32_t size;          /* 128 */
  uint32_t bom;           /* 0x01020304: swapped = another byte order */
  uint64_t generation;    /* notifies so far */
  uint32_t seq;           /* the futex word waiters sleep on */
  uint32_t nwaiters;      /* waiters registered: notify skips FUTEX_WAKE
                             when 0 */
  uint32_t lock;          /* 0, or owner TID | FUTEX_WAITERS |
                             FUTEX_OWNER_DIED */
  uint32_t reserved;
  /* reserved (zero) for the provenance of issue 16 */
  uint32_t creator_pid, creator_uid;
  uint64_t creator_start, created_ns;
  unsigned char rest[64];
} sa__trailer;

_Static_assert(sizeof(sa__trailer) == SA__TRAIL_LEN, "the trailer is 128 B");
_Static_assert(offsetof(sa__trailer, generation) == 16 &&
               offsetof(sa__trailer, seq) == 24 &&
               offsetof(sa__trailer, nwaiters) == 28 &&
               offsetof(sa__trailer, lock) == 32 &&
               offsetof(sa__trailer, creator_pid) == 40 &&
               offsetof(sa__trailer, creator_start) == 48 &&
               offsetof(sa__trailer, created_ns) == 56,
               "the offsets of docs/format.md section 10");

static const unsigned char sa__trail_magic[8] = {'S', 'A', 'T', 'R',
                                                 'A', 'I', 'L', 1};

/* A waiter that cannot register itself (no write permission) re-checks
 * the generation this often, since notify wakes only registered waiters. */
#define SA__UNREGISTERED_POLL_MS 10

uint64_t sa__trail_offset(const sa_meta *m) {
  uint64_t end = m->data_offset + m->nbytes;
  return (end + (SA__TRAIL_ALIGN - 1)) & ~(uint64_t)(SA__TRAIL_ALIGN - 1);
}

void sa__trail_init(unsigned char buf[SA__TRAIL_LEN]) {
  sa__trailer t;
  int pid = (int)getpid();
  memset(&t, 0, sizeof t);
  memcpy(t.magic, sa__trail_magic, 8);
  t.size = SA__TRAIL_LEN;
  t.bom = SA__TRAIL_BOM;
  /* provenance (issue 16): who made it, and when */
  t.creator_pid = (uint32_t)pid;
  t.creator_uid = (uint32_t)geteuid();
  t.creator_start = sa__self_start(pid);
  t.created_ns = sa__now_ns();
  memcpy(buf, &t, sizeof t);
}

/* Read with relaxed atomic loads: another process may write these bytes
 * at any time (hostile or not), and a plain read of racing memory is
 * undefined behaviour in C. */
int sa__trail_valid(const unsigned char *p) {
  const sa__trailer *t = (const sa__trailer *)p;
  uint64_t magic, want;
  memcpy(&want, sa__trail_magic, 8);
  magic = __atomic_load_n((const uint64_t *)(const void *)t->magic,
                          __ATOMIC_RELAXED);
  return magic == want &&
         __atomic_load_n(&t->size, __ATOMIC_RELAXED) == SA__TRAIL_LEN &&
         __atomic_load_n(&t->bom, __ATOMIC_RELAXED) == SA__TRAIL_BOM;
}

void sa__trail_attach(sa_array *a, int fd, uint64_t size) {
  uint64_t off = sa__trail_offset(&a->meta), page, start;
  char path[64];
  void *p;
  int wfd;
  if (size < off || size - off < SA__TRAIL_LEN)
    return; /* too short: no trailer (format 1, numpy's files) */
  a->trail = a->map + off;
  if (!a->readonly) {
    a->trail_rw = a->trail;
    return;
  }
  /* Read-only: the data stays PROT_READ, and the trailer's page(s) get a
   * writable mapping of their own, through a writable descriptor opened
   * afresh on the same open file (it works after the name is deleted, and
   * is refused without write permission). */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  wfd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (wfd < 0)
    return;
  page = (uint64_t)sysconf(_SC_PAGESIZE);
  start = off & ~(page - 1);
  p = mmap(NULL, (size_t)(off + SA__TRAIL_LEN - start),
           PROT_READ | PROT_WRITE, MAP_SHARED, wfd, (off_t)start);
  close(wfd);
  if (p == MAP_FAILED)
    return;
  a->trail_map = p;
  a->trail_maplen = (size_t)(off + SA__TRAIL_LEN - start);
  a->trail_rw = (unsigned char *)p + (off - start);
}

void sa__trail_release(sa_array *a) {
  if (a->trail_map != NULL)
    munmap(a->trail_map, a->trail_maplen);
  a->trail_map = NULL;
}

void sa__trail_info(int fd, uint64_t size, sa_info *out) {
  sa__trailer t;
  uint64_t off;
  ssize_t k;
  out->has_sync = 0;
  out->generation = 0;
  out->creator_pid = out->creator_uid = 0;
  out->creator_start = out->created_ns = 0;
  if (out->meta.format != SA_FORMAT_NPY)
    return;
  off = sa__trail_offset(&out->meta);
  if (size < off || size - off < SA__TRAIL_LEN)
    return;
  do k = pread(fd, &t, sizeof t, (off_t)off); while (k < 0 && errno == EINTR);
  if (k != (ssize_t)sizeof t || !sa__trail_valid((unsigned char *)&t))
    return;
  out->has_sync = 1;
  out->generation = t.generation;
  out->creator_pid = t.creator_pid;
  out->creator_uid = t.creator_uid;
  out->creator_start = t.creator_start;
  out->created_ns = t.created_ns;
}

/* ------------------------------------------------------------ helpers */

static long sa__futex(uint32_t *uaddr, int op, uint32_t val,
                      const struct timespec *ts, uint32_t val3) {
  return syscall(SYS_futex, uaddr, op, val, ts, NULL, val3);
}

/* The trailer of a for reading and waiting, or NULL with SA_ENOSYNC
 * recorded. */
static sa__trailer *sa__sync(const sa_array *a, const char *op) {
  if (a == NULL) {
    sa__err(SA_EARG, op, "NULL array");
    return NULL;
  }
  if (a->trail == NULL || !sa__trail_valid(a->trail)) {
    sa__err(SA_ENOSYNC, a->name, "cannot %s", op);
    return NULL;
  }
  return (sa__trailer *)(void *)a->trail;
}

/* Its writable view, for lock, unlock and notify; NULL with the error
 * recorded in *rc. */
static sa__trailer *sa__sync_rw(sa_array *a, const char *op, int *rc) {
  if (sa__sync(a, op) == NULL) {
    *rc = sa__last_code();
    return NULL;
  }
  if (a->trail_rw == NULL) {
    *rc = sa__err(-EACCES, a->name, "%s: attached read-only, and the segment "
                  "may not be written (its lock and generation need write "
                  "permission)", op);
    return NULL;
  }
  return (sa__trailer *)(void *)a->trail_rw;
}

/* The calling thread's kernel thread id, the lock's owner value. Cached
 * per thread; a fork's child forgets the cache (pthread_atfork). */
static __thread uint32_t sa__tid_cache;
static pthread_once_t sa__tid_once = PTHREAD_ONCE_INIT;
static void sa__tid_forget(void) { sa__tid_cache = 0; }
static void sa__tid_register(void) {
  (void)pthread_atfork(NULL, NULL, sa__tid_forget);
}
static uint32_t sa__tid(void) {
  if (sa__tid_cache == 0) {
    (void)pthread_once(&sa__tid_once, sa__tid_register);
    sa__tid_cache = (uint32_t)syscall(SYS_gettid);
  }
  return sa__tid_cache;
}

static void sa__add_ms(struct timespec *ts, int ms) {
  ts->tv_sec += ms / 1000;
  ts->tv_nsec += (long)(ms % 1000) * 1000000L;
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
}

static int sa__ts_before(const struct timespec *x, const struct timespec *y) {
  return x->tv_sec < y->tv_sec ||
         (x->tv_sec == y->tv_sec && x->tv_nsec < y->tv_nsec);
}

/* ---------------------------------------------------------------- API */

int sa_has_sync(const sa_array *a) {
  return a != NULL && a->trail != NULL && sa__trail_valid(a->trail);
}

int sa_generation(const sa_array *a, uint64_t *gen) {
  sa__trailer *t = sa__sync(a, "generation");
  if (t == NULL)
    return sa__last_code();
  if (gen == NULL)
    return sa__err(SA_EARG, a->name, "generation: NULL result pointer");
  *gen = __atomic_load_n(&t->generation, __ATOMIC_SEQ_CST);
  return 0;
}

/* generation += 1, then seq += 1, then FUTEX_WAKE only if someone is
 * registered. Sequentially consistent: a waiter registers before it reads
 * the generation, and notify reads the count after it bumps the
 * generation, so either the waiter sees the new generation or notify sees
 * the waiter (docs/format.md section 10). */
int sa_notify(sa_array *a) {
  int rc;
  sa__trailer *t = sa__sync_rw(a, "notify", &rc);
  if (t == NULL)
    return rc;
  __atomic_add_fetch(&t->generation, 1, __ATOMIC_SEQ_CST);
  __atomic_add_fetch(&t->seq, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&t->nwaiters, __ATOMIC_SEQ_CST) != 0 &&
      sa__futex(&t->seq, FUTEX_WAKE, INT_MAX, NULL, 0) < 0)
    return sa__err(-errno, a->name, "notify: futex wake");
  return 0;
}

int sa_wait(sa_array *a, uint64_t since, int timeout_ms, uint64_t *now) {
  sa__trailer *t = sa__sync(a, "wait"), *w;
  struct timespec deadline, cur, ts;
  int rc = 0, registered;
  if (t == NULL)
    return sa__last_code();
  /* Register where we can write; sleep on either view (a futex on a
   * shared mapping is keyed by the file and offset, not the address). */
  w = (sa__trailer *)(void *)a->trail_rw;
  registered = w != NULL;
  if (!registered)
    w = t;
  else
    __atomic_add_fetch(&w->nwaiters, 1, __ATOMIC_SEQ_CST);
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  /* For ever is a year at a time: a wait with a timeout returns EINTR
   * whenever a signal handler ran, even one installed with SA_RESTART,
   * which is what lets callers check for Ctrl-C. */
  if (timeout_ms < 0)
    deadline.tv_sec += 365 * 86400;
  else
    sa__add_ms(&deadline, timeout_ms);
  for (;;) {
    uint32_t seq = __atomic_load_n(&w->seq, __ATOMIC_SEQ_CST);
    uint64_t g = __atomic_load_n(&w->generation, __ATOMIC_SEQ_CST);
    long r;
    if (g != since) {
      if (now != NULL)
        *now = g;
      break;
    }
    clock_gettime(CLOCK_MONOTONIC, &cur);
    if (!sa__ts_before(&cur, &deadline)) {
      if (timeout_ms < 0) { /* a year passed: another one */
        deadline = cur;
        deadline.tv_sec += 365 * 86400;
      } else {
        rc = sa__err(-ETIMEDOUT, a->name, "wait: generation still %llu "
                     "after %d ms", (unsigned long long)since, timeout_ms);
        break;
      }
    }
    ts = deadline;
    if (!registered) {
      struct timespec poll = cur;
      sa__add_ms(&poll, SA__UNREGISTERED_POLL_MS);
      if (sa__ts_before(&poll, &ts))
        ts = poll;
    }
    r = sa__futex(&w->seq, FUTEX_WAIT_BITSET, seq, &ts,
                  FUTEX_BITSET_MATCH_ANY);
    if (r < 0 && errno == EINTR) {
      rc = sa__err(-EINTR, a->name, "wait: interrupted by a signal");
      break;
    }
    if (r < 0 && errno != EAGAIN && errno != ETIMEDOUT) {
      rc = sa__err(-errno, a->name, "wait: futex wait");
      break;
    }
  }
  if (registered)
    __atomic_sub_fetch(&w->nwaiters, 1, __ATOMIC_SEQ_CST);
  return rc;
}

/* The kernel's PI-futex protocol on the lock word: 0 is free; otherwise
 * the owner's TID, or-ed with FUTEX_WAITERS when someone sleeps in the
 * kernel and FUTEX_OWNER_DIED when the kernel handed the lock on from a
 * holder that died. Uncontended lock and unlock are one compare-and-swap
 * each; contention goes to FUTEX_LOCK_PI / FUTEX_UNLOCK_PI. */
static int sa__take_dead(uint32_t *word, uint32_t tid) {
  /* We own it; clear FUTEX_OWNER_DIED, keeping FUTEX_WAITERS. */
  uint32_t v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
  while (!__atomic_compare_exchange_n(word, &v, v & ~(uint32_t)FUTEX_OWNER_DIED,
                                      0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    if ((v & FUTEX_TID_MASK) != tid)
      break; /* not ours after all (a hostile write): leave it */
  return SA_LOCK_OWNER_DIED;
}

static int sa__lock(sa_array *a, int timeout_ms);

/* How often sa_lock(a, 0) retries a lock word that changes under it before
 * it reports the lock as busy. */
#define SA__TRYLOCK_RETRIES 1000u

int sa_lock(sa_array *a, int timeout_ms) {
  int rc = sa__lock(a, timeout_ms);
  if (rc >= 0)
    a->lock_held = 1;
  return rc;
}

static int sa__lock(sa_array *a, int timeout_ms) {
  int rc;
  sa__trailer *t = sa__sync_rw(a, "lock", &rc);
  struct timespec deadline;
  uint32_t tid, v = 0, zero = 0;
  unsigned retries;
  if (t == NULL)
    return rc;
  tid = sa__tid();
  if (__atomic_compare_exchange_n(&t->lock, &zero, tid, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST))
    return 0;
  if (timeout_ms > 0) {
    clock_gettime(CLOCK_REALTIME, &deadline); /* FUTEX_LOCK_PI's clock */
    sa__add_ms(&deadline, timeout_ms);
  }
  for (retries = 0;; retries++) {
    long r;
    /* A retry (a lost race, an owner that was exiting, a signal) must not
     * outlive the timeout: another process flipping the lock word could
     * otherwise keep this loop going forever. */
    if (timeout_ms == 0 && retries >= SA__TRYLOCK_RETRIES)
      return sa__err(-ETIMEDOUT, a->name, "lock: the lock word kept changing "
                     "(%u tries)", retries);
    if (retries > 0 && timeout_ms > 0) {
      struct timespec cur;
      clock_gettime(CLOCK_REALTIME, &cur);
      if (!sa__ts_before(&cur, &deadline))
        return sa__err(-ETIMEDOUT, a->name, "lock: not taken in %d ms (the "
                       "lock word was %#x)", timeout_ms, (unsigned)v);
    }
    v = __atomic_load_n(&t->lock, __ATOMIC_SEQ_CST);
    if ((v & FUTEX_TID_MASK) == tid)
      return sa__err(-EDEADLK, a->name, "lock: this thread holds it already");
    if (v == 0) {
      if (__atomic_compare_exchange_n(&t->lock, &v, tid, 0, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST))
        return 0;
      continue;
    }
    r = sa__futex(&t->lock, timeout_ms == 0 ? FUTEX_TRYLOCK_PI : FUTEX_LOCK_PI,
                  0, timeout_ms > 0 ? &deadline : NULL, 0);
    if (r == 0) {
      /* Ours. The kernel sets FUTEX_OWNER_DIED when it hands the lock on
       * from a holder that exited with waiters queued. */
      v = __atomic_load_n(&t->lock, __ATOMIC_SEQ_CST);
      return (v & FUTEX_OWNER_DIED) ? sa__take_dead(&t->lock, tid) : 0;
    }
    switch (errno) {
      case ESRCH:
        /* The owner's TID names no thread: it died holding the lock, and
         * nobody was waiting. Take it over from that very value (another
         * locker racing us takes it, or we do). */
        if (__atomic_compare_exchange_n(&t->lock, &v, tid, 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
          return SA_LOCK_OWNER_DIED;
        continue;
      case EAGAIN: /* also EWOULDBLOCK: FUTEX_TRYLOCK_PI found it held */
        if (timeout_ms == 0)
          return sa__err(-ETIMEDOUT, a->name, "lock: held by thread %u",
                         (unsigned)(v & FUTEX_TID_MASK));
        continue;  /* FUTEX_LOCK_PI: the owner is exiting, retry */
      case EINTR:
        continue;
      case ETIMEDOUT:
        return sa__err(-ETIMEDOUT, a->name, "lock: held by thread %u for "
                       "%d ms", (unsigned)(v & FUTEX_TID_MASK), timeout_ms);
      case EDEADLK:
        return sa__err(-EDEADLK, a->name, "lock: this thread holds it "
                       "already");
      default:
        return sa__err(-errno, a->name, "lock: futex lock");
    }
  }
}

static int sa__unlock(sa_array *a);

void sa__lock_give_back(sa_array *a) {
  /* No load of the trailer here: another process may have shrunk the file
   * under the mapping. FUTEX_UNLOCK_PI reads the word in the kernel (EFAULT
   * if its page is gone), and unlocks only if this thread owns it (else
   * EPERM), handing the lock to a waiter if there is one. */
  if (a->trail_rw != NULL)
    (void)sa__futex((uint32_t *)(void *)(a->trail_rw +
                                         offsetof(sa__trailer, lock)),
                    FUTEX_UNLOCK_PI, 0, NULL, 0);
  a->lock_held = 0;
}

int sa_unlock(sa_array *a) {
  int rc = sa__unlock(a);
  if (rc == 0)
    a->lock_held = 0;
  return rc;
}

static int sa__unlock(sa_array *a) {
  int rc;
  sa__trailer *t = sa__sync_rw(a, "unlock", &rc);
  uint32_t tid, v;
  if (t == NULL)
    return rc;
  tid = sa__tid();
  v = __atomic_load_n(&t->lock, __ATOMIC_SEQ_CST);
  if ((v & FUTEX_TID_MASK) != tid)
    return sa__err(-EPERM, a->name, "unlock: this thread does not hold the "
                   "lock (%s)", v == 0 ? "nobody does" : "another thread does");
  v = tid; /* only the bare TID: never drop FUTEX_WAITERS */
  if (__atomic_compare_exchange_n(&t->lock, &v, 0, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST))
    return 0;
  /* FUTEX_WAITERS (or OWNER_DIED) is set: the kernel hands it on. */
  if (sa__futex(&t->lock, FUTEX_UNLOCK_PI, 0, NULL, 0) < 0)
    return sa__err(-errno, a->name, "unlock: futex unlock");
  return 0;
}

/* sa_lock ('l') or sa_wait ('w') for a whole timeout, in slices, asking
 * check(ctx) between them (sharedarray.h: sa_lock_interruptible). */
static int sa__interruptible(sa_array *a, int kind, uint64_t since,
                             int timeout_ms, int slice_ms,
                             sa_interrupt_fn check, void *ctx, uint64_t *now) {
  struct timespec end, cur;
  int rc;
  if (slice_ms <= 0) slice_ms = 100;
  clock_gettime(CLOCK_MONOTONIC, &end);
  if (timeout_ms > 0) sa__add_ms(&end, timeout_ms);
  for (;;) {
    int ms = slice_ms;
    if (timeout_ms >= 0) {
      long long left;
      clock_gettime(CLOCK_MONOTONIC, &cur);
      left = (long long)(end.tv_sec - cur.tv_sec) * 1000 +
             (end.tv_nsec - cur.tv_nsec + 999999) / 1000000;
      if (left < ms) ms = left > 0 ? (int)left : 0;
    }
    rc = kind == 'l' ? sa_lock(a, ms) : sa_wait(a, since, ms, now);
    if (rc != -ETIMEDOUT && rc != -EINTR)
      return rc; /* done, or an error other than time */
    if (check != NULL && check(ctx))
      return sa__err(-EINTR, a->name, "%s: interrupted",
                     kind == 'l' ? "lock" : "wait");
    if (rc == -ETIMEDOUT && timeout_ms == 0)
      return rc; /* one try: its own message (who holds it) */
    if (rc == -ETIMEDOUT && timeout_ms > 0 && ms < slice_ms) {
      /* the last slice ended at the deadline: name the whole timeout */
      if (kind == 'l')
        return sa__err(-ETIMEDOUT, a->name, "lock: held by another thread "
                       "or process for %d ms", timeout_ms);
      return sa__err(-ETIMEDOUT, a->name, "wait: generation still %llu "
                     "after %d ms", (unsigned long long)since, timeout_ms);
    }
  }
}

int sa_lock_interruptible(sa_array *a, int timeout_ms, int slice_ms,
                          sa_interrupt_fn check, void *ctx) {
  return sa__interruptible(a, 'l', 0, timeout_ms, slice_ms, check, ctx, NULL);
}

int sa_wait_interruptible(sa_array *a, uint64_t since, int timeout_ms,
                          int slice_ms, sa_interrupt_fn check, void *ctx,
                          uint64_t *now) {
  return sa__interruptible(a, 'w', since, timeout_ms, slice_ms, check, ctx,
                           now);
}

int sa_snapshot(sa_array *a, void *dst, uint64_t cap, int timeout_ms) {
  int rc, rc2;
  if (a == NULL || (dst == NULL && a->meta.nbytes > 0))
    return sa__err(SA_EARG, "snapshot", "NULL argument");
  if (cap < a->meta.nbytes)
    return sa__err(SA_EARG, a->name, "snapshot: %llu bytes of room for %llu "
                   "bytes of data", (unsigned long long)cap,
                   (unsigned long long)a->meta.nbytes);
  if ((rc = sa_lock(a, timeout_ms)) < 0)
    return rc;
  if (a->meta.nbytes > 0)
    memcpy(dst, a->data, (size_t)a->meta.nbytes);
  if ((rc2 = sa_unlock(a)) < 0)
    return rc2;
  return rc;
}
