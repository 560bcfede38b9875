/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_handoff.c -- hand-off of a large array to another process, in C: the
 * time from the parent's request until a child (already running, blocked
 * on a pipe) has attached the parent's float64 array, summed every element
 * and unmapped it again. No assertions: numbers only.
 *
 *   c_handoff [REPEATS [MAX_MIB]]   (defaults 5 and 1024)
 *   c_handoff --serve
 *
 * Implementations, interleaved within each repeat:
 *   raw_syscalls  shm_open(O_RDONLY), fstat, mmap(PROT_READ), close, sum,
 *                 munmap: the floor
 *   c_api         sa_attach(SA_ATTACH_RDONLY), sum, sa_release
 *   c_api_populate  the same with SA_ATTACH_POPULATE (MAP_POPULATE maps
 *                 every page at attach instead of faulting them in)
 * Prints one JSON object per line with the median and minimum seconds and
 * the GB/s of the median. The child checks the sum (every element is 1.0)
 * and reports a mismatch as an error.
 *
 * --serve: this process is the child, for a parent in another language
 * (bench/py_handoff.py --c-handoff), so that the C floor is measured on
 * the parent's own array in the same run. It reads requests "IMPL NAME
 * NITEMS" (one a line, IMPL one of the names above) on stdin, maps the
 * named float64 array read-only the same way, sums its NITEMS elements
 * and answers one line: the sum (%.17g), or "error: ..." when it cannot
 * map it or the sum is not NITEMS (an element was not 1.0). Exits 0 at
 * end of input. */
#define _GNU_SOURCE
#include "sharedarray.h"
#include "bench.h"

#include <errno.h>
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

/* In the child: one request is {impl, nitems, name}; the answer is the
 * sum, or -1 on failure. */
struct request { int impl; size_t nitems; char name[64]; };
enum { NIMPL = 3 }; /* raw_syscalls, c_api, c_api_populate */
static const char *const names[NIMPL] = {"raw_syscalls", "c_api",
                                         "c_api_populate"};

/* The floor: only the system calls, and the layout known in advance (data
 * at SA_DATA_OFFSET, float64; the segment's 128-byte trailer after the
 * data is not summed). Returns -1 with err set on failure. */
static double child_raw(const char *name, size_t nitems, char *err,
                        size_t errlen) {
  char slash[300];
  struct stat st;
  const unsigned char *p;
  double s;
  int fd;
  if (strncmp(name, "shm://", 6) == 0) name += 6;
  if (strlen(name) + 2 > sizeof slash) {
    snprintf(err, errlen, "name too long");
    return -1;
  }
  snprintf(slash, sizeof slash, "/%s", name);
  if ((fd = shm_open(slash, O_RDONLY, 0)) < 0) {
    snprintf(err, errlen, "shm_open %s: %s", slash, strerror(errno));
    return -1;
  }
  if (fstat(fd, &st) < 0) {
    snprintf(err, errlen, "fstat %s: %s", slash, strerror(errno));
    close(fd);
    return -1;
  }
  if ((size_t)st.st_size < SA_DATA_OFFSET ||
      ((size_t)st.st_size - SA_DATA_OFFSET) / sizeof(double) < nitems) {
    snprintf(err, errlen, "%s has %lld bytes, too few for %zu float64 at "
             "offset %d", slash, (long long)st.st_size, nitems,
             SA_DATA_OFFSET);
    close(fd);
    return -1;
  }
  p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    snprintf(err, errlen, "mmap %s: %s", slash, strerror(errno));
    return -1;
  }
  s = sum((const double *)(const void *)(p + SA_DATA_OFFSET), nitems);
  munmap((void *)p, (size_t)st.st_size);
  return s;
}

static double child_api(const char *name, unsigned flags, size_t nitems,
                        char *err, size_t errlen) {
  sa_array *a;
  double s;
  if (sa_attach(name, SA_ATTACH_RDONLY | flags, &a) < 0) {
    snprintf(err, errlen, "sa_attach %s: %s", name, sa_errmsg());
    return -1;
  }
  if ((size_t)sa_nitems(a) != nitems) {
    snprintf(err, errlen, "%s has %llu items, not %zu", name,
             (unsigned long long)sa_nitems(a), nitems);
    sa_release(a);
    return -1;
  }
  s = sum(sa_data(a), nitems);
  sa_release(a);
  return s;
}

static double child_one(int impl, const char *name, size_t nitems, char *err,
                        size_t errlen) {
  return impl == 0 ? child_raw(name, nitems, err, errlen)
       : child_api(name, impl == 2 ? SA_ATTACH_POPULATE : 0, nitems, err,
                   errlen);
}

static void child_loop(int rfd, int wfd) {
  struct request rq;
  char err[512];
  while (read(rfd, &rq, sizeof rq) == (ssize_t)sizeof rq) {
    double s = child_one(rq.impl, rq.name, rq.nitems, err, sizeof err);
    if (write(wfd, &s, sizeof s) != (ssize_t)sizeof s) break;
  }
  _exit(0);
}

/* --serve: requests "IMPL NAME NITEMS" on stdin, one answer line each. */
static int serve(void) {
  char line[8192], err[512];
  while (fgets(line, sizeof line, stdin)) {
    char *impl = strtok(line, " \t\r\n"), *name = strtok(NULL, " \t\r\n");
    char *num = strtok(NULL, " \t\r\n"), *end = NULL;
    unsigned long long n = 0;
    int k = -1, i;
    if (num) {
      errno = 0;
      n = strtoull(num, &end, 10);
    }
    if (!impl || !name || !num || *end || errno || num[0] == '-' ||
        strtok(NULL, " \t\r\n")) {
      printf("error: expected IMPL NAME NITEMS\n");
    } else {
      for (i = 0; i < NIMPL; i++)
        if (strcmp(impl, names[i]) == 0) k = i;
      if (k < 0) {
        printf("error: unknown IMPL %s (raw_syscalls, c_api or "
               "c_api_populate)\n", impl);
      } else {
        double s = child_one(k, name, (size_t)n, err, sizeof err);
        if (s < 0)
          printf("error: %s: %s\n", names[k], err);
        else if (s != (double)n)
          printf("error: %s: sum %.17g, expected %llu\n", names[k], s, n);
        else
          printf("%.17g\n", s);
      }
    }
    if (fflush(stdout) != 0) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  static const size_t mib[] = {1, 64, 1024};
  int repeats;
  size_t max_mib = argc > 2 ? (size_t)atol(argv[2]) : 1024, s;
  int to_child[2], from_child[2], status = 0;
  struct request rq;
  pid_t pid;

  if (argc == 2 && strcmp(argv[1], "--serve") == 0) return serve();
  repeats = argc > 1 ? atoi(argv[1]) : 5;
  if (repeats < 1 || repeats > 64) {
    fprintf(stderr, "usage: c_handoff [REPEATS(1..64) [MAX_MIB]] | "
                    "c_handoff --serve\n");
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
    rq.nitems = n;
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
