/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * c_first_touch.c -- the cost of writing a freshly created array for the
 * first time, next to memset bandwidth on private memory. No assertions.
 *
 *   c_first_touch [MIB [REPEATS]]   (defaults 1024 and 3)
 *
 * Implementations, interleaved within each repeat (each writes MIB MiB
 * with memset; "create" is everything before the write):
 *   private_warm       memset over private memory already faulted in: the
 *                      memory bandwidth, no page faults at all
 *   private_fresh      mmap(MAP_PRIVATE|MAP_ANONYMOUS) then memset: first
 *                      touch of private memory (a page fault per page)
 *   shm_ftruncate      shm_open + ftruncate + mmap, then memset: the raw
 *                      floor for shared memory without reserving
 *   c_api              sa_create (the default: posix_fallocate reserves
 *                      every page) then memset
 *   c_api_lazy         sa_create(SA_CREATE_LAZY) then memset
 *   c_api_populate     sa_create(SA_CREATE_POPULATE: reserve, then
 *                      MAP_POPULATE maps every page at create) then memset
 * Release and delete are outside the timing. Prints one JSON object per
 * line: median create, write and total seconds, and GB/s of the total. */
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

enum { WARM, FRESH, SHM, API, LAZY, POPULATE, NIMPL };
static const char *impl_names[NIMPL] = {
  "private_warm", "private_fresh", "shm_ftruncate", "c_api", "c_api_lazy",
  "c_api_populate"};

static char name[64], slash_name[72];
static unsigned char *warm;

/* One run: sets *create and *write in seconds; 0, or -1 on failure. */
static int run(int impl, size_t len, double *create, double *write) {
  unsigned char *p = NULL;
  sa_array *a = NULL;
  size_t maplen = len;
  int fd;
  double t0 = now(), t1;
  switch (impl) {
  case WARM:
    p = warm;
    break;
  case FRESH:
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return -1; }
    break;
  case SHM:
    maplen = len + SA_DATA_OFFSET;
    fd = shm_open(slash_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)maplen) < 0) {
      perror("shm_open/ftruncate");
      return -1;
    }
    p = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) { perror("mmap"); return -1; }
    break;
  default: {
    int64_t shape[1];
    unsigned flags = impl == LAZY ? SA_CREATE_LAZY
                   : impl == POPULATE ? SA_CREATE_POPULATE : 0;
    shape[0] = (int64_t)len;
    if (sa_create(name, 1, shape, "u1", 'C', 0, flags, &a) < 0) {
      fprintf(stderr, "c_first_touch: %s\n", sa_errmsg());
      return -1;
    }
    p = sa_data(a);
  }
  }
  t1 = now();
  memset(impl == SHM ? p + SA_DATA_OFFSET : p, 1, len);
  *create = t1 - t0;
  *write = now() - t1;
  if (impl == FRESH) munmap(p, len);
  if (impl == SHM) { munmap(p, maplen); shm_unlink(slash_name); }
  if (a != NULL) { sa_release(a); sa_delete(name, 0); }
  return 0;
}

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? (size_t)atol(argv[1]) : 1024, len;
  int repeats = argc > 2 ? atoi(argv[2]) : 3, r, k;
  static double c[NIMPL][64], w[NIMPL][64], tot[NIMPL][64];
  if (mib < 1 || repeats < 1 || repeats > 64) {
    fprintf(stderr, "usage: c_first_touch [MIB [REPEATS(1..64)]]\n");
    return 2;
  }
  len = mib << 20;
  snprintf(name, sizeof name, "sa-bench-touch-%d", (int)getpid());
  snprintf(slash_name, sizeof slash_name, "/%s", name);
  warm = malloc(len);
  if (warm == NULL) { perror("malloc"); return 1; }
  memset(warm, 2, len); /* fault it in once, untimed (not 0: gcc would
                          turn malloc+memset(0) into calloc) */
  for (r = 0; r < repeats; r++)
    for (k = 0; k < NIMPL; k++) {
      if (run(k, len, &c[k][r], &w[k][r]) < 0) return 1;
      tot[k][r] = c[k][r] + w[k][r];
    }
  for (k = 0; k < NIMPL; k++) {
    double mc = median(c[k], repeats), mw = median(w[k], repeats);
    double med = median(tot[k], repeats);
    printf("{\"bench\": \"first_touch\", \"impl\": \"%s\", \"lang\": \"c\", "
           "\"bytes\": %zu, \"create_s\": %.6f, \"write_s\": %.6f, "
           "\"median_s\": %.6f, \"min_s\": %.6f, \"gbps\": %.3f, "
           "\"repeats\": %d}\n", impl_names[k], len, mc, mw, med, tot[k][0], (double)len / med / 1e9,
           repeats);
  }
  free(warm);
  return 0;
}
