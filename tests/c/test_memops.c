/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_memops.c -- msync reaches the file; mlock and munlock. */
#include "task.h"

#include <fcntl.h>
#include <unistd.h>

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
  ASSERT_OK(sa_msync(a, SA_MS_SYNC));
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
