/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_memops.c -- msync writes dirty pages back; mlock and munlock. */
#include "task.h"

#include <fcntl.h>
#include <unistd.h>

/* kB of dirty pages in the mappings of /proc/self/smaps whose path
 * contains needle. A shared file mapping's pages stay dirty after a write
 * until they are written back: msync(MS_SYNC) does that at once. (A pread
 * sees the writes with or without msync, through the shared page cache, so
 * it cannot show that msync did anything.) */
static long dirty_kb(const char *needle) {
  FILE *f = fopen("/proc/self/smaps", "r");
  char line[512];
  long total = 0, kb;
  unsigned long lo, hi;
  int in = 0;
  if (f == NULL) return -1;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) /* a mapping's first line */
      in = strstr(line, needle) != NULL;
    else if (in && (sscanf(line, "Shared_Dirty: %ld kB", &kb) == 1 ||
                    sscanf(line, "Private_Dirty: %ld kB", &kb) == 1))
      total += kb;
  }
  fclose(f);
  return total;
}

TEST_IMPL(msync_file) {
  char name[128];
  int64_t s[1] = {512};
  sa_array *a;
  double *d, back = 0;
  int fd, i;
  snprintf(name, sizeof name, "file:///tmp/sa-ctest-msync-%d.npy", (int)getpid());
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  d = sa_data(a);
  for (i = 0; i < 512; i++) d[i] = i + 0.25;
  if (dirty_kb(name + 7) <= 0) {
    /* e.g. a /tmp on tmpfs, where nothing is ever written back */
    printf("note: no dirty pages seen in the file mapping (%ld kB); only "
           "that msync succeeds is tested\n", dirty_kb(name + 7));
    ASSERT_OK(sa_msync(a, SA_MS_SYNC));
  } else {
    ASSERT_OK(sa_msync(a, SA_MS_SYNC));
    ASSERT_EQ(dirty_kb(name + 7), 0); /* written back by msync */
  }
  ASSERT_OK(sa_msync(a, SA_MS_ASYNC));
  ASSERT_OK(sa_msync(a, SA_MS_SYNC | SA_MS_INVALIDATE));
  fd = open(name + 7, O_RDONLY);
  ASSERT(fd >= 0);
  ASSERT_EQ(pread(fd, &back, 8, 4096 + 8 * 511), 8);
  ASSERT(back == 511.25);
  close(fd);
  ASSERT_ERR(sa_msync(a, SA_MS_SYNC | SA_MS_ASYNC), -EINVAL);
  ASSERT_CONTAINS(sa_errmsg(), "msync");
  ASSERT_OK(sa_mlock(a));
  ASSERT_OK(sa_munlock(a));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}
