/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * wake_c.c -- the C consumer of wake.py: attach NAME read-only, read the
 * generation, sleep in sa_wait until a notify, then print the generation
 * and every float64 element, as the other languages' consumers do. */
#include <errno.h>
#include <stdio.h>

#include "sharedarray.h"

int main(int argc, char **argv) {
  sa_array *a;
  uint64_t g, now;
  uint64_t i;
  int rc;
  if (argc != 2) {
    fprintf(stderr, "usage: wake_c NAME\n");
    return 2;
  }
  if (sa_attach(argv[1], SA_ATTACH_RDONLY, &a) < 0 ||
      sa_generation(a, &g) < 0) {
    fprintf(stderr, "wake_c: %s\n", sa_errmsg());
    return 1;
  }
  while ((rc = sa_wait(a, g, 120000, &now)) == -EINTR) {}
  if (rc < 0) {
    fprintf(stderr, "wake_c: %s\n", sa_errmsg());
    return 1;
  }
  printf("%llu", (unsigned long long)now);
  for (i = 0; i < sa_nitems(a); i++)
    printf(" %.17g", ((const double *)sa_data(a))[i]);
  putchar('\n');
  sa_release(a);
  return 0;
}
