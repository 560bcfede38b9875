/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_leaks.c -- no fd or mapping survives 10,000 full cycles. */
#include "task.h"

TEST_IMPL(no_leaks) {
  const char *name = test_name("leak");
  int64_t s[2] = {16, 16};
  int fds = count_fds(), maps, i;
  /* count only shared-memory mappings: sanitizers map memory as they go */
  sa_array *a, *b, *c;
  sa_info info;
  /* one warm-up cycle so that lazily loaded libraries are counted */
  ASSERT_OK(sa_create(name, 2, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  maps = maps_mention("/dev/shm/");
  for (i = 0; i < 10000; i++) {
    ASSERT_OK(sa_create(name, 2, s, "f8", 'C', 0, 0, &a));
    ASSERT_OK(sa_attach(name, i & 1 ? SA_ATTACH_RDONLY : 0, &b));
    ASSERT_OK(sa_info_get(name, &info));
    ASSERT_ERR(sa_attach("a/b", 0, &c), SA_ENAMESLASH);
    sa_release(a);
    sa_release(b);
    ASSERT_OK(sa_delete(name, 0));
    ASSERT_ERR(sa_attach(name, 0, &c), -ENOENT);
  }
  ASSERT_EQ(count_fds(), fds);
  ASSERT_EQ(maps_mention("/dev/shm/"), maps);
  ASSERT_EQ(maps_mention(name), 0);
  return 0;
}
