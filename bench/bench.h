/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * bench.h -- the timing helpers the C benchmarks share. */
#ifndef SA_BENCH_H
#define SA_BENCH_H

#include <stdlib.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_cmp(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

/* Sorts v and returns its median (the mean of the middle two if n is even). */
static inline double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof v[0], bench_cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
