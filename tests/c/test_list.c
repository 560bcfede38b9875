/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_list.c -- listing /dev/shm and a directory of .npy files. */
#include "task.h"

#include <sys/stat.h>
#include <unistd.h>

TEST_IMPL(list_shm) {
  const char *n1 = test_name("list1"), *n2 = test_name("list2");
  int64_t s1[2] = {4, 5}, s2[1] = {7};
  sa_array *a, *b;
  sa_list *l;
  sa_info info;
  int seen1 = 0, seen2 = 0, rc;
  char dotted[128];
  int seen_dot = 0;
  sa_array *d;
  snprintf(dotted, sizeof dotted, ".%s", n2); /* a name is a name */
  ASSERT_OK(sa_create(n1, 2, s1, "<f4", 'F', 0, 0, &a));
  ASSERT_OK(sa_create(n2, 1, s2, "|u1", 'C', 0, 0, &b));
  ASSERT_OK(sa_create(dotted, 1, s2, "|u1", 'C', 0, 0, &d));
  sa_release(d);
  ASSERT_OK(sa_list_open(NULL, &l));
  while ((rc = sa_list_next(l, &info)) == 1) {
    if (strcmp(info.name, n1) == 0) {
      seen1++;
      ASSERT_STR_EQ(info.meta.dtype.descr, "<f4");
      ASSERT_EQ(info.meta.order, 'F');
      ASSERT_EQ(info.meta.ndim, 2);
      ASSERT_EQ(info.meta.shape[0], 4);
      ASSERT_EQ(info.meta.nbytes, 80);
      ASSERT_EQ(info.size, 4224 + 128); /* the trailer at a 64-B boundary */
      ASSERT_EQ(info.has_sync, 1);
    }
    if (strcmp(info.name, n2) == 0) seen2++;
    if (strcmp(info.name, dotted) == 0) seen_dot++;
  }
  ASSERT_EQ(rc, 0);
  sa_list_close(l);
  ASSERT_EQ(seen1, 1);
  ASSERT_EQ(seen2, 1);
  ASSERT_EQ(seen_dot, 1);
  ASSERT_OK(sa_delete(dotted, 0));
  sa_release(a); sa_release(b);
  ASSERT_OK(sa_delete(n1, 0));
  ASSERT_OK(sa_delete(n2, 0));
  ASSERT_ERR(sa_list_open("ftp://x", &l), SA_ESCHEME);
  ASSERT_ERR(sa_list_open("file://", &l), SA_ENAMEEMPTY);
  ASSERT_ERR(sa_list_open("file:///nonexistent-dir", &l), -ENOENT);
  return 0;
}

TEST_IMPL(list_dir) {
  char dir[128], name[192], junk[192];
  int64_t s[1] = {3};
  sa_array *a;
  sa_list *l;
  sa_info info;
  int n = 0;
  snprintf(dir, sizeof dir, "/tmp/sa-ctest-listdir-%d", (int)getpid());
  ASSERT_EQ(mkdir(dir, 0700), 0);
  snprintf(name, sizeof name, "file://%s/a.npy", dir);
  ASSERT_OK(sa_create(name, 1, s, "c8", 'C', 0, 0, &a));
  sa_release(a);
  snprintf(junk, sizeof junk, "%s/notes.txt", dir);
  write_file(junk, "hello", 5);
  snprintf(junk, sizeof junk, "file://%s", dir);
  ASSERT_OK(sa_list_open(junk, &l));
  while (sa_list_next(l, &info) == 1) {
    n++;
    ASSERT_STR_EQ(info.name, name);
    ASSERT_STR_EQ(info.meta.dtype.descr, "<c8");
  }
  sa_list_close(l);
  ASSERT_EQ(n, 1);
  ASSERT_OK(sa_delete(name, 0));
  snprintf(junk, sizeof junk, "%s/notes.txt", dir);
  ASSERT_EQ(unlink(junk), 0);
  ASSERT_EQ(rmdir(dir), 0);
  return 0;
}
