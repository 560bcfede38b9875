/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_identity.c -- sa_identity, sa_name_refers and sa_attach_same: what a
 * binding uses to hand an array to another process by name without ever
 * attaching a different segment that took the name since. */
#include "task.h"

#include <sys/stat.h>
#include <unistd.h>

TEST_IMPL(attach_same) {
  const char *name = test_name("same");
  int64_t s[1] = {4}, s2[2] = {2, 3};
  sa_array *a, *b, *c;
  uint64_t dev, ino, dev2, ino2;
  struct stat st;
  char path[256];
  int fds;

  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_identity(a, &dev, &ino));
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT(stat(path, &st) == 0);
  ASSERT_EQ(dev, st.st_dev);
  ASSERT_EQ(ino, st.st_ino);
  ASSERT_ERR(sa_identity(NULL, &dev2, &ino2), SA_EARG);
  ASSERT_OK(sa_name_refers(a));

  /* the same segment: attached, same memory, same identity */
  fds = count_fds();
  ASSERT_OK(sa_attach_same(name, 0, dev, ino, &b));
  ASSERT_EQ(count_fds(), fds);
  ASSERT_OK(sa_identity(b, &dev2, &ino2));
  ASSERT_EQ(dev2, dev);
  ASSERT_EQ(ino2, ino);
  ((double *)sa_data(a))[2] = 7.5;
  ASSERT(((double *)sa_data(b))[2] == 7.5);
  sa_release(b);
  ASSERT_OK(sa_attach_same(name, SA_ATTACH_RDONLY, dev, ino, &b));
  ASSERT(sa_readonly(b));
  sa_release(b);

  /* deleted: the name is gone */
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_ERR(sa_name_refers(a), -ENOENT);
  ASSERT_CONTAINS(sa_errmsg(), "gone");
  ASSERT_ERR(sa_attach_same(name, 0, dev, ino, &b), -ENOENT);
  ASSERT(b == NULL);

  /* created again, with another shape: refused, never attached */
  ASSERT_OK(sa_create(name, 2, s2, "i4", 'C', 0, 0, &c));
  ASSERT_ERR(sa_name_refers(a), -ENOENT);
  ASSERT_CONTAINS(sa_errmsg(), "another segment");
  fds = count_fds();
  ASSERT_ERR(sa_attach_same(name, 0, dev, ino, &b), -ENOENT);
  ASSERT_CONTAINS(sa_errmsg(), "another segment");
  ASSERT(b == NULL);
  ASSERT_EQ(count_fds(), fds); /* the descriptor was closed */
  ASSERT_EQ(maps_mention(name), 2); /* a's and c's mappings only */
  /* the new one is attachable by its own identity */
  ASSERT_OK(sa_identity(c, &dev2, &ino2));
  ASSERT_OK(sa_attach_same(name, SA_ATTACH_RDONLY, dev2, ino2, &b));
  ASSERT_EQ(sa_ndim(b), 2);
  ASSERT_STR_EQ(sa_descr(b), "<i4");
  ASSERT_OK(sa_name_refers(c));
  sa_release(b);
  ASSERT_OK(sa_unlink(c));
  sa_release(c);
  sa_release(a);

  /* file:// too; and a bad name is a name error */
  snprintf(path, sizeof path, "file:///tmp/sa-ctest-same-%d.npy", (int)getpid());
  ASSERT_OK(sa_create(path, 1, s, "u1", 'C', 0, 0, &a));
  ASSERT_OK(sa_identity(a, &dev, &ino));
  ASSERT_OK(sa_attach_same(path, 0, dev, ino, &b));
  ASSERT_OK(sa_name_refers(b));
  sa_release(b);
  ASSERT_ERR(sa_attach_same(path, 0, dev, ino + 1, &b), -ENOENT);
  ASSERT_OK(sa_unlink(a));
  ASSERT_ERR(sa_name_refers(a), -ENOENT);
  sa_release(a);
  ASSERT_ERR(sa_attach_same("", 0, dev, ino, &b), SA_ENAMEEMPTY);
  return 0;
}
