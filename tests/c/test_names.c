/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_names.c -- the name parser: schemes, and each bad name's own error. */
#include "task.h"

#include <unistd.h>

TEST_IMPL(names) {
  char longname[300], path[64];
  int64_t s[1] = {3};
  sa_array *a, *b;
  const char *name = test_name("nm");
  char shm[160];
  memset(longname, 'x', 256);
  longname[256] = '\0';
  ASSERT_ERR(sa_attach("", 0, &a), SA_ENAMEEMPTY);
  ASSERT_ERR(sa_attach("shm://", 0, &a), SA_ENAMEEMPTY);
  ASSERT_ERR(sa_attach("file://", 0, &a), SA_ENAMEEMPTY);
  ASSERT_ERR(sa_attach(NULL, 0, &a), SA_ENAMEEMPTY);
  ASSERT_ERR(sa_attach("a/b", 0, &a), SA_ENAMESLASH);
  ASSERT_CONTAINS(sa_errmsg(), "a/b");
  ASSERT_ERR(sa_attach("shm://../etc", 0, &a), SA_ENAMESLASH);
  ASSERT_ERR(sa_attach("shm://..", 0, &a), SA_ENAMEBAD);
  ASSERT_ERR(sa_attach(longname, 0, &a), SA_ENAMELONG);
  ASSERT_ERR(sa_attach("http://x", 0, &a), SA_ESCHEME);
  ASSERT_CONTAINS(sa_errmsg(), "http://");
  ASSERT_ERR(sa_create("s3://bucket", 1, s, "f8", 'C', 0, 0, &a), SA_ESCHEME);
  ASSERT_ERR(sa_delete("", 0), SA_ENAMEEMPTY);
  longname[255] = '\0'; /* NAME_MAX itself is fine */
  ASSERT_ERR(sa_attach(longname, 0, &a), -ENOENT);
  /* "NAME" and "shm://NAME" are the same object */
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  snprintf(shm, sizeof shm, "shm://%s", name);
  ASSERT_OK(sa_attach(shm, 0, &b));
  ASSERT_STR_EQ(sa_name(b), name);
  ((double *)sa_data(a))[2] = 7;
  ASSERT(((double *)sa_data(b))[2] == 7);
  sa_release(a); sa_release(b);
  ASSERT_ERR(sa_create(shm, 1, s, "f8", 'C', 0, 0, &a), -EEXIST);
  ASSERT_OK(sa_delete(shm, 0));
  /* file:// names */
  snprintf(path, sizeof path, "file:///tmp/%s.npy", name);
  ASSERT_OK(sa_create(path, 1, s, "i2", 'C', 0, 0, &a));
  ASSERT_STR_EQ(sa_name(a), path);
  sa_release(a);
  ASSERT_EQ(access(path + 7, F_OK), 0);
  ASSERT_OK(sa_delete(path, 0));
  ASSERT_ERR(sa_attach("file:///tmp/", 0, &a), SA_ENAMEBAD);
  ASSERT_ERR(sa_attach("file:///nonexistent-dir/x.npy", 0, &a), -ENOENT);
  ASSERT_ERR(sa_create("file:///proc/sa-cannot-create", 1, s, "f8", 'C', 0, 0, &a), -ENOENT);
  return 0;
}
