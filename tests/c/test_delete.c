/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_delete.c -- lifetime rules: delete refuses foreign files, never
 * invalidates a live mapping, and cleans up what a dead creator left. */
#include "task.h"

#include <sys/stat.h>
#include <unistd.h>

static void shm_path(char *buf, size_t cap, const char *name) {
  snprintf(buf, cap, "/dev/shm/%s", name);
}

TEST_IMPL(foreign_files) {
  const char *name = test_name("foreign");
  char path[256];
  sa_array *a;
  sa_info info;
  sa_list *l;
  static const char text[] = "this is someone else's data, not an array\n";
  static const unsigned char zeros[8192];
  shm_path(path, sizeof path, name);
  write_file(path, text, sizeof text);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EMAGIC);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_info_get(name, &info), SA_EMAGIC);
  ASSERT_ERR(sa_delete(name, 0), SA_EMAGIC);
  ASSERT_CONTAINS(sa_errmsg(), "refusing to delete");
  ASSERT_EQ(access(path, F_OK), 0); /* still there */
  ASSERT_OK(sa_list_open(NULL, &l));
  while (sa_list_next(l, &info) == 1)
    ASSERT(strcmp(info.name, name) != 0);
  sa_list_close(l);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE)); /* force */
  ASSERT(access(path, F_OK) != 0);
  /* zeros and an empty file */
  write_file(path, zeros, sizeof zeros);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EMAGIC);
  ASSERT_ERR(sa_delete(name, 0), SA_EMAGIC);
  write_file(path, zeros, 0);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EINCOMPLETE);
  /* an empty object could be anyone's (a lock file, say): force only */
  ASSERT_ERR(sa_delete(name, 0), SA_EINCOMPLETE);
  ASSERT_CONTAINS(sa_errmsg(), "force");
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  ASSERT_ERR(sa_delete(name, 0), -ENOENT);
  /* a FIFO planted under a name never blocks: it is not a regular file */
  ASSERT_EQ(mkdir(path, 0700), 0); /* a directory: EISDIR, either way */
  ASSERT_ERR(sa_attach(name, 0, &a), -EISDIR);
  ASSERT_ERR(sa_attach(name, SA_ATTACH_RDONLY, &a), -EISDIR);
  ASSERT_EQ(rmdir(path), 0);
  /* a file with content but no size (procfs) is not an array */
  ASSERT_ERR(sa_attach("file:///proc/self/status", SA_ATTACH_RDONLY, &a), SA_EMAGIC);
  ASSERT_EQ(mkfifo(path, 0600), 0);
  ASSERT_ERR(sa_attach(name, SA_ATTACH_RDONLY, &a), SA_EMAGIC);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EMAGIC);
  ASSERT_ERR(sa_info_get(name, &info), SA_EMAGIC);
  ASSERT_ERR(sa_delete(name, 0), SA_EMAGIC);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  return 0;
}

/* What a creator killed before publishing leaves: no magic, header text. */
TEST_IMPL(incomplete_segment) {
  const char *name = test_name("incomplete");
  char path[256];
  unsigned char buf[SA_DATA_OFFSET + 64];
  int64_t s[1] = {8};
  sa_meta m;
  sa_array *a;
  ASSERT_OK(sa_meta_init(&m, 1, s, "f8", 'C'));
  ASSERT_EQ(sa_header_write(&m, buf, SA_DATA_OFFSET), SA_DATA_OFFSET);
  memset(buf, 0, 8);
  memset(buf + SA_DATA_OFFSET, 0, 64);
  shm_path(path, sizeof path, name);
  write_file(path, buf, sizeof buf);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EINCOMPLETE);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

TEST_IMPL(delete_while_mapped) {
  const char *name = test_name("delmapped");
  int64_t s[1] = {1024};
  sa_array *a, *b, *c;
  double *d;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(name, 0, &b));
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_ERR(sa_attach(name, 0, &c), -ENOENT);
  d = sa_data(b);
  d[1023] = 42; /* both mappings stay valid after the name is gone */
  ASSERT(((double *)sa_data(a))[1023] == 42);
  ASSERT(maps_mention(name) >= 1);
  sa_release(a);
  sa_release(b);
  ASSERT_EQ(maps_mention(name), 0);
  /* the name is free again */
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT(((double *)sa_data(a))[1023] == 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A segment truncated after create is refused at attach, not SIGBUS. */
TEST_IMPL(truncated_segment) {
  const char *name = test_name("trunc");
  char path[256];
  int64_t s[1] = {100000};
  sa_array *a;
  sa_info info;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  shm_path(path, sizeof path, name);
  ASSERT_EQ(truncate(path, 4096 + 8 * 99999), 0);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_ETRUNC);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_info_get(name, &info), SA_ETRUNC);
  ASSERT_OK(sa_delete(name, 0)); /* its header is intact: still ours */
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  sa_release(a);
  ASSERT_EQ(truncate(path, 100), 0); /* now the header itself is cut */
  ASSERT_ERR(sa_attach(name, 0, &a), SA_ETRUNC);
  ASSERT_ERR(sa_delete(name, 0), SA_ETRUNC);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  return 0;
}

/* info reads the header without mapping anything. */
TEST_IMPL(info_no_map) {
  const char *name = test_name("info");
  int64_t s[2] = {3, 5};
  sa_array *a;
  sa_info info;
  ASSERT_OK(sa_create(name, 2, s, "<i4", 'F', 0, 0, &a));
  sa_release(a);
  ASSERT_EQ(maps_mention(name), 0);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(maps_mention(name), 0);
  ASSERT_STR_EQ(info.name, name);
  ASSERT_STR_EQ(info.meta.dtype.descr, "<i4");
  ASSERT_EQ(info.meta.order, 'F');
  ASSERT_EQ(info.meta.ndim, 2);
  ASSERT_EQ(info.meta.shape[1], 5);
  ASSERT_EQ(info.meta.nbytes, 60);
  /* segment format 2: the trailer at the next 64-byte boundary */
  ASSERT_EQ(info.size, 4160 + 128);
  ASSERT_EQ(info.has_sync, 1);
  ASSERT_EQ(info.generation, 0);
  ASSERT_EQ(info.uid, getuid());
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}
