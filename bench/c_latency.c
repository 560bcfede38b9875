/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_latency.c -- per-call latency of create+delete and attach+release,
 * through the C API and through the raw system calls doing the same work
 * (the floor). Prints one JSON object per line; bench/run_all.py collects
 * them. No assertions: numbers only.
 *
 *   c_latency [REPEATS]          (default 7; the median is reported) */
#define _GNU_SOURCE
#include "sharedarray.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char name[64], slash_name[72];
static size_t nbytes;

static void die(const char *what) { perror(what); exit(1); }

/* --- the floor: the system calls alone ------------------------------- */
static void floor_create_delete(void) {
  size_t len = nbytes + 4096;
  int fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
  void *p;
  if (fd < 0) die("shm_open");
  if (ftruncate(fd, (off_t)len) < 0) die("ftruncate");
  p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) die("mmap");
  munmap(p, len);
  close(fd);
  shm_unlink(slash_name);
}

static void floor_attach_release(void) {
  struct stat st;
  int fd = shm_open(slash_name, O_RDWR, 0);
  void *p;
  if (fd < 0) die("shm_open");
  if (fstat(fd, &st) < 0) die("fstat");
  p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) die("mmap");
  close(fd);
  munmap(p, (size_t)st.st_size);
}

/* --- the C API ---------------------------------------------------------- */
static void api_create_delete_flags(unsigned flags) {
  int64_t shape[1] = {(int64_t)nbytes};
  sa_array *a;
  if (sa_create(name, 1, shape, "u1", 'C', 0, flags, &a) < 0) {
    fprintf(stderr, "%s\n", sa_errmsg());
    exit(1);
  }
  sa_release(a);
  if (sa_delete(name, 0) < 0) exit(1);
}
static void api_create_delete(void) { api_create_delete_flags(0); }
static void api_create_delete_lazy(void) { api_create_delete_flags(SA_CREATE_LAZY); }

static void api_attach_release(void) {
  sa_array *a;
  if (sa_attach(name, 0, &a) < 0) {
    fprintf(stderr, "%s\n", sa_errmsg());
    exit(1);
  }
  sa_release(a);
}

static int cmp(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

static void run(const char *bench, const char *impl, void (*fn)(void),
                int iters, int repeats) {
  double t[64], t0;
  int r, i;
  fn(); /* warm up */
  for (r = 0; r < repeats; r++) {
    t0 = now();
    for (i = 0; i < iters; i++) fn();
    t[r] = (now() - t0) / iters * 1e6;
  }
  qsort(t, (size_t)repeats, sizeof t[0], cmp);
  printf("{\"bench\": \"%s\", \"impl\": \"%s\", \"lang\": \"c\", \"bytes\": %zu, "
         "\"median_us\": %.3f, \"min_us\": %.3f, \"iters\": %d, \"repeats\": %d}\n",
         bench, impl, nbytes, t[repeats / 2], t[0], iters, repeats);
  fflush(stdout);
}

int main(int argc, char **argv) {
  static const size_t sizes[] = {1024, 1 << 20, 256u << 20};
  int repeats = argc > 1 ? atoi(argv[1]) : 7;
  size_t s;
  if (repeats < 1 || repeats > 64) repeats = 7;
  snprintf(name, sizeof name, "sa-bench-c-%d", (int)getpid());
  snprintf(slash_name, sizeof slash_name, "/%s", name);
  for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    int64_t shape[1];
    sa_array *a;
    int iters = sizes[s] >= (256u << 20) ? 3 : 2000;
    nbytes = sizes[s];
    shape[0] = (int64_t)nbytes;
    run("create_delete", "raw_syscalls", floor_create_delete, iters, repeats);
    run("create_delete", "c_api", api_create_delete, iters, repeats);
    run("create_delete", "c_api_lazy", api_create_delete_lazy, iters, repeats);
    /* attach+release of an existing array */
    if (sa_create(name, 1, shape, "u1", 'C', 0, 0, &a) < 0) return 1;
    iters = 5000;
    run("attach_release", "raw_syscalls", floor_attach_release, iters, repeats);
    run("attach_release", "c_api", api_attach_release, iters, repeats);
    sa_release(a);
    sa_delete(name, 0);
  }
  return 0;
}
