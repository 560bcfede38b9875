/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_handoff.c -- hand-off of a large array to another process, in C: the
 * time from the parent's request until a child (already running, blocked
 * on a pipe) has attached the parent's float64 array, summed every element
 * and unmapped it again. No assertions: numbers only.
 *
 *   c_handoff [REPEATS [MAX_MIB]]   (defaults 5 and 1024)
 *
 * Implementations, interleaved within each repeat:
 *   raw_syscalls  shm_open(O_RDONLY), fstat, mmap(PROT_READ), close, sum,
 *                 munmap: the floor
 *   c_api         sa_attach(SA_ATTACH_RDONLY), sum, sa_release
 *   c_api_populate  the same with SA_ATTACH_POPULATE (MAP_POPULATE maps
 *                 every page at attach instead of faulting them in)
 * Prints one JSON object per line with the median and minimum seconds and
 * the GB/s of the median. The child checks the sum (every element is 1.0)
 * and reports a mismatch as an error. */
#define _GNU_SOURCE
#include "sharedarray.h"
#include "bench.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Four independent accumulators, so the adds pipeline as numpy's do. */
static double sum(const double *x, size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i;
  for (i = 0; i + 4 <= n; i += 4) {
    s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3];
  }
  for (; i < n; i++) s0 += x[i];
  return (s0 + s1) + (s2 + s3);
}

/* In the child: one request is {impl, name}; the answer is the sum, or
 * -1 on failure. */
struct request { int impl; char name[64]; };
enum { NIMPL = 3 }; /* raw_syscalls, c_api, c_api_populate */

static double child_raw(const char *name) {
  char slash[72];
  struct stat st;
  const unsigned char *p;
  double s;
  int fd;
  snprintf(slash, sizeof slash, "/%s", name);
  if ((fd = shm_open(slash, O_RDONLY, 0)) < 0) return -1;
  if (fstat(fd, &st) < 0) return -1;
  p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return -1;
  /* The floor knows the layout: data at 4096, float64. */
  s = sum((const double *)(const void *)(p + SA_DATA_OFFSET),
          ((size_t)st.st_size - SA_DATA_OFFSET) / sizeof(double));
  munmap((void *)p, (size_t)st.st_size);
  return s;
}

static double child_api(const char *name, unsigned flags) {
  sa_array *a;
  double s;
  if (sa_attach(name, SA_ATTACH_RDONLY | flags, &a) < 0) return -1;
  s = sum(sa_data(a), (size_t)sa_nitems(a));
  sa_release(a);
  return s;
}

static void child_loop(int rfd, int wfd) {
  struct request rq;
  while (read(rfd, &rq, sizeof rq) == (ssize_t)sizeof rq) {
    double s = rq.impl == 0 ? child_raw(rq.name)
             : child_api(rq.name, rq.impl == 2 ? SA_ATTACH_POPULATE : 0);
    if (write(wfd, &s, sizeof s) != (ssize_t)sizeof s) break;
  }
  _exit(0);
}

int main(int argc, char **argv) {
  static const char *names[NIMPL] = {"raw_syscalls", "c_api",
                                     "c_api_populate"};
  static const size_t mib[] = {1, 64, 1024};
  int repeats = argc > 1 ? atoi(argv[1]) : 5;
  size_t max_mib = argc > 2 ? (size_t)atol(argv[2]) : 1024, s;
  int to_child[2], from_child[2], status = 0;
  struct request rq;
  pid_t pid;

  if (repeats < 1 || repeats > 64) {
    fprintf(stderr, "usage: c_handoff [REPEATS(1..64) [MAX_MIB]]\n");
    return 2;
  }
  if (pipe(to_child) < 0 || pipe(from_child) < 0) { perror("pipe"); return 1; }
  pid = fork();
  if (pid < 0) { perror("fork"); return 1; }
  if (pid == 0) {
    close(to_child[1]); close(from_child[0]);
    child_loop(to_child[0], from_child[1]);
  }
  close(to_child[0]); close(from_child[1]);
  memset(&rq, 0, sizeof rq);
  snprintf(rq.name, sizeof rq.name, "sa-bench-handoff-c-%d", (int)getpid());

  for (s = 0; s < sizeof mib / sizeof mib[0] && mib[s] <= max_mib; s++) {
    size_t n = mib[s] << 17; /* float64 elements in mib[s] MiB */
    int64_t shape[1];
    double t[NIMPL][64], *x;
    sa_array *a;
    size_t i;
    int r, k;
    shape[0] = (int64_t)n;
    if (sa_create(rq.name, 1, shape, "<f8", 'C', 0, 0, &a) < 0) {
      fprintf(stderr, "c_handoff: %s\n", sa_errmsg());
      status = 1;
      break;
    }
    x = sa_data(a);
    for (i = 0; i < n; i++) x[i] = 1.0;
    for (r = 0; r < repeats; r++) {
      for (k = 0; k < NIMPL; k++) {
        double got, t0 = now();
        rq.impl = k;
        if (write(to_child[1], &rq, sizeof rq) != (ssize_t)sizeof rq ||
            read(from_child[0], &got, sizeof got) != (ssize_t)sizeof got) {
          fprintf(stderr, "c_handoff: lost the child\n");
          return 1;
        }
        t[k][r] = now() - t0;
        if (got != (double)n) {
          fprintf(stderr, "c_handoff: %s: child summed %g, expected %zu\n",
                  names[k], got, n);
          status = 1;
        }
      }
    }
    for (k = 0; k < NIMPL; k++) {
      double med = median(t[k], repeats);
      printf("{\"bench\": \"handoff\", \"impl\": \"%s\", \"lang\": \"c\", "
             "\"bytes\": %zu, \"median_s\": %.6f, \"min_s\": %.6f, "
             "\"gbps\": %.3f, \"repeats\": %d}\n", names[k], n * 8,
             med, t[k][0], (double)(n * 8) / med / 1e9, repeats);
    }
    fflush(stdout);
    sa_release(a);
    sa_delete(rq.name, 0);
  }
  close(to_child[1]);
  waitpid(pid, NULL, 0);
  return status;
}
