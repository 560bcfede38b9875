/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_latency.c -- per-call latency of create+delete and attach+release,
 * through the C API and through the raw system calls doing the same work
 * (the floor). No assertions: numbers only.
 *
 *   c_latency [REPEATS]   standalone: every implementation, interleaved
 *                         within each repeat; prints one JSON object per
 *                         line with the median and the minimum.
 *   c_latency --serve     worker for bench/run_all.py: reads lines
 *                         "IMPL BENCH BYTES ITERS" on stdin and answers each
 *                         with one line, the mean microseconds per call of
 *                         one batch of ITERS calls (or "error: ..."). The
 *                         driver interleaves these batches with the Python
 *                         workers' so that drift on a shared machine hits
 *                         every implementation alike.
 *
 * Implementations (IMPL), per benchmark (BENCH):
 *   create_delete  raw_syscalls  shm_open(O_CREAT|O_EXCL), ftruncate, mmap,
 *                                munmap, close, shm_unlink: the floor
 *                  raw_reserve   the floor plus what a safe create must do
 *                                anyway: pwrite a 4 KiB header page and
 *                                posix_fallocate the whole segment
 *                  raw_reserve_mapwrite   diagnostic: like raw_reserve but
 *                                the header is written through the mapping
 *                                (no pwrite)
 *                  raw_pwrite_all   diagnostic, segments <= 64 KiB: one
 *                                pwrite of header + zeros reserves every
 *                                page, instead of pwrite + posix_fallocate
 *                  raw_reserve_validate   diagnostic: raw_reserve plus what
 *                                a validating delete adds (shm_open, fstat,
 *                                pread of the header, close)
 *                  c_api         sa_create + sa_release + sa_delete
 *                  c_api_lazy    the same with SA_CREATE_LAZY
 *   attach_release raw_syscalls  shm_open, fstat, mmap, close, munmap
 *                  raw_pread     diagnostic: the floor plus a pread of the
 *                                4 KiB header page (what sa_attach does)
 *                  raw_pread256  diagnostic: the same pread of only the
 *                                first 256 bytes (what reading the header
 *                                page whole costs over a short read)
 *                  raw_touch     diagnostic: the floor plus reading the
 *                                header in the mapping (one page fault)
 *                  c_api         sa_attach + sa_release
 * BYTES is the size of the data; segments get a 4 KiB header page on top
 * (the floor maps the same total size). */
#define _GNU_SOURCE
#include "sharedarray.h"
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char name[64], slash_name[72];
static size_t nbytes;
static const char *failure; /* set by a failing call; ends the batch */

#define FAIL(what) do { failure = (what); return; } while (0)

/* --- the floor: the system calls alone ------------------------------- */
static void floor_create_delete(void) {
  size_t len = nbytes + SA_DATA_OFFSET;
  int fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
  void *p;
  if (fd < 0) FAIL("shm_open");
  if (ftruncate(fd, (off_t)len) < 0) FAIL("ftruncate");
  p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  munmap(p, len);
  close(fd);
  shm_unlink(slash_name);
}

static void floor_reserve_create_delete(void) {
  static char page[SA_DATA_OFFSET];
  size_t len = nbytes + SA_DATA_OFFSET;
  int fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
  void *p;
  if (fd < 0) FAIL("shm_open");
  if (pwrite(fd, page, sizeof page, 0) != (ssize_t)sizeof page) FAIL("pwrite");
  if (posix_fallocate(fd, 0, (off_t)len) != 0) FAIL("posix_fallocate");
  p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  munmap(p, len);
  close(fd);
  shm_unlink(slash_name);
}

/* Diagnostics: the floor plus one ingredient of our create/delete. */
static void floor_reserve_mapwrite_create_delete(void) {
  size_t len = nbytes + SA_DATA_OFFSET;
  int fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
  unsigned char *p;
  if (fd < 0) FAIL("shm_open");
  if (posix_fallocate(fd, 0, (off_t)len) != 0) FAIL("posix_fallocate");
  p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  memset(p, ' ', 128); /* the header, written through the mapping */
  munmap(p, len);
  close(fd);
  shm_unlink(slash_name);
}

static void floor_pwrite_all_create_delete(void) {
  static char zeros[64 << 10];
  size_t len = nbytes + SA_DATA_OFFSET;
  int fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
  void *p;
  if (fd < 0) FAIL("shm_open");
  if (len > sizeof zeros) FAIL("raw_pwrite_all is for segments <= 64 KiB");
  /* one pwrite of header + zero data allocates (reserves) every page */
  if (pwrite(fd, zeros, len, 0) != (ssize_t)len) FAIL("pwrite");
  p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  munmap(p, len);
  close(fd);
  shm_unlink(slash_name);
}

static void floor_reserve_validate_create_delete(void) {
  static char page[SA_DATA_OFFSET];
  struct stat st;
  int fd;
  {
    size_t len = nbytes + SA_DATA_OFFSET;
    void *p;
    fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) FAIL("shm_open");
    if (pwrite(fd, page, sizeof page, 0) != (ssize_t)sizeof page) FAIL("pwrite");
    if (posix_fallocate(fd, 0, (off_t)len) != 0) FAIL("posix_fallocate");
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) FAIL("mmap");
    munmap(p, len);
    close(fd);
  }
  /* what a validating delete adds: open, fstat, pread the header, close */
  fd = shm_open(slash_name, O_RDONLY, 0);
  if (fd < 0) FAIL("shm_open");
  if (fstat(fd, &st) < 0) FAIL("fstat");
  if (pread(fd, page, sizeof page, 0) < 0) FAIL("pread");
  close(fd);
  shm_unlink(slash_name);
}

static void floor_attach_release(void) {
  struct stat st;
  int fd = shm_open(slash_name, O_RDWR, 0);
  void *p;
  if (fd < 0) FAIL("shm_open");
  if (fstat(fd, &st) < 0) FAIL("fstat");
  p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  close(fd);
  munmap(p, (size_t)st.st_size);
}

static void floor_pread_n(size_t n) {
  static char page[SA_DATA_OFFSET];
  struct stat st;
  int fd = shm_open(slash_name, O_RDWR, 0);
  void *p;
  if (fd < 0) FAIL("shm_open");
  if (fstat(fd, &st) < 0) FAIL("fstat");
  if (pread(fd, page, n, 0) < 0) FAIL("pread");
  p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  close(fd);
  munmap(p, (size_t)st.st_size);
}
static void floor_pread_attach_release(void) { floor_pread_n(SA_DATA_OFFSET); }
static void floor_pread256_attach_release(void) { floor_pread_n(256); }

static void floor_touch_attach_release(void) {
  struct stat st;
  int fd = shm_open(slash_name, O_RDWR, 0);
  volatile unsigned char *p;
  if (fd < 0) FAIL("shm_open");
  if (fstat(fd, &st) < 0) FAIL("fstat");
  p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) FAIL("mmap");
  close(fd);
  (void)p[0]; /* parse the header in the mapping: one page fault */
  munmap((void *)p, (size_t)st.st_size);
}

/* --- the C API ---------------------------------------------------------- */
static void api_create_delete_flags(unsigned flags) {
  int64_t shape[1];
  sa_array *a;
  shape[0] = (int64_t)nbytes;
  if (sa_create(name, 1, shape, "u1", 'C', 0, flags, &a) < 0) FAIL(sa_errmsg());
  sa_release(a);
  if (sa_delete(name, 0) < 0) FAIL(sa_errmsg());
}
static void api_create_delete(void) { api_create_delete_flags(0); }
static void api_create_delete_lazy(void) {
  api_create_delete_flags(SA_CREATE_LAZY);
}

static void api_attach_release(void) {
  sa_array *a;
  if (sa_attach(name, 0, &a) < 0) FAIL(sa_errmsg());
  sa_release(a);
}

/* --- the table of implementations -------------------------------------- */
struct impl {
  const char *bench, *impl;
  void (*fn)(void);
};
static const struct impl impls[] = {
  {"create_delete", "raw_syscalls", floor_create_delete},
  {"create_delete", "raw_reserve", floor_reserve_create_delete},
  {"create_delete", "raw_reserve_mapwrite", floor_reserve_mapwrite_create_delete},
  {"create_delete", "raw_pwrite_all", floor_pwrite_all_create_delete},
  {"create_delete", "raw_reserve_validate", floor_reserve_validate_create_delete},
  {"create_delete", "c_api", api_create_delete},
  {"create_delete", "c_api_lazy", api_create_delete_lazy},
  {"attach_release", "raw_syscalls", floor_attach_release},
  {"attach_release", "raw_pread", floor_pread_attach_release},
  {"attach_release", "raw_pread256", floor_pread256_attach_release},
  {"attach_release", "raw_touch", floor_touch_attach_release},
  {"attach_release", "c_api", api_attach_release},
};
#define NIMPLS (sizeof impls / sizeof impls[0])

static const struct impl *find(const char *impl, const char *bench) {
  size_t k;
  for (k = 0; k < NIMPLS; k++)
    if (!strcmp(impls[k].impl, impl) && !strcmp(impls[k].bench, bench))
      return &impls[k];
  return NULL;
}

/* One batch: mean microseconds per call of iters calls (after one untimed
 * warm-up call), or -1 with `failure` set. attach_release batches create
 * the array first and delete it afterwards, outside the timing. */
static double batch(const struct impl *im, size_t bytes, int iters) {
  sa_array *keep = NULL;
  double t0, t;
  int i;
  nbytes = bytes;
  failure = NULL;
  if (!strcmp(im->bench, "attach_release")) {
    int64_t shape[1];
    shape[0] = (int64_t)bytes;
    if (sa_create(name, 1, shape, "u1", 'C', 0, 0, &keep) < 0) {
      failure = sa_errmsg();
      return -1;
    }
  }
  im->fn();
  t0 = now();
  for (i = 0; i < iters && failure == NULL; i++) im->fn();
  t = (now() - t0) / iters * 1e6;
  if (keep != NULL) {
    sa_release(keep);
    sa_delete(name, SA_DELETE_FORCE);
  }
  return failure ? -1 : t;
}

static int serve(void) {
  char line[256], impl[64], bench[64];
  unsigned long long bytes;
  int iters;
  while (fgets(line, sizeof line, stdin) != NULL) {
    const struct impl *im;
    double t;
    if (sscanf(line, "%63s %63s %llu %d", impl, bench, &bytes, &iters) != 4 ||
        iters < 1) {
      printf("error: expected IMPL BENCH BYTES ITERS, got %s", line);
    } else if ((im = find(impl, bench)) == NULL) {
      printf("error: no implementation %s for %s\n", impl, bench);
    } else if ((t = batch(im, (size_t)bytes, iters)) < 0) {
      printf("error: %s\n", failure);
      shm_unlink(slash_name); /* leave nothing behind */
    } else {
      printf("%.4f\n", t);
    }
    fflush(stdout);
  }
  return 0;
}

/* Standalone: each repeat runs one batch of every implementation, in
 * turn, so slow drift on a busy machine affects them all alike. */
static int standalone(int repeats) {
  static const size_t sizes[] = {1024, 1 << 20, 256u << 20};
  static double t[NIMPLS][64];
  size_t s, k;
  int r;
  for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    int skip[NIMPLS];
    for (k = 0; k < NIMPLS; k++)  /* raw_pwrite_all is for small segments */
      skip[k] = !strcmp(impls[k].impl, "raw_pwrite_all") && sizes[s] > 32768;
    for (r = 0; r < repeats; r++) {
      for (k = 0; k < NIMPLS; k++) {
        /* Reserving 256 MiB takes ~0.1 s a call: few iterations then. */
        int reserve = !strcmp(impls[k].bench, "create_delete") &&
                      strcmp(impls[k].impl, "raw_syscalls") &&
                      strcmp(impls[k].impl, "c_api_lazy");
        int iters = sizes[s] >= (256u << 20) && reserve ? 3 : 2000;
        if (skip[k]) continue;
        t[k][r] = batch(&impls[k], sizes[s], iters);
        if (t[k][r] < 0) {
          fprintf(stderr, "c_latency: %s/%s: %s\n", impls[k].bench,
                  impls[k].impl, failure);
          shm_unlink(slash_name);
          return 1;
        }
      }
    }
    for (k = 0; k < NIMPLS; k++) {
      double med;
      if (skip[k]) continue;
      med = median(t[k], repeats);
      printf("{\"bench\": \"%s\", \"impl\": \"%s\", \"lang\": \"c\", "
             "\"bytes\": %zu, \"median_us\": %.3f, \"min_us\": %.3f, "
             "\"repeats\": %d}\n", impls[k].bench, impls[k].impl, sizes[s],
             med, t[k][0], repeats);
    }
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  snprintf(name, sizeof name, "sa-bench-c-%d", (int)getpid());
  snprintf(slash_name, sizeof slash_name, "/%s", name);
  if (argc > 1 && !strcmp(argv[1], "--serve"))
    return serve();
  if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    printf("usage: c_latency [REPEATS]   or   c_latency --serve\n");
    return 0;
  }
  {
    int repeats = argc > 1 ? atoi(argv[1]) : 7;
    if (repeats < 1 || repeats > 64) {
      fprintf(stderr, "c_latency: REPEATS must be 1..64\n");
      return 2;
    }
    return standalone(repeats);
  }
}
