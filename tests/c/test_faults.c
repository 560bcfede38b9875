/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_faults.c -- a creator killed mid-create leaves nothing that attaches
 * as valid, and what it leaves is removable; other users are kept out. */
#include "task.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

extern void (*sa__create_hook)(int stage); /* internal, see segment.c */

static int hook_stage, hook_fd;

static void pause_at(int stage) {
  char c;
  if (stage != hook_stage) return;
  if (write(hook_fd, "p", 1) != 1) _exit(9);
  for (;;) pause(); /* until SIGKILL */
  (void)c;
}

TEST_IMPL(killed_creator) {
  int stage;
  for (stage = 1; stage <= 2; stage++) {
    const char *name = test_name("killed");
    int64_t s[1] = {4096};
    int p[2], pid;
    char c;
    sa_array *a;
    sa_info info;
    sa_list *l;
    ASSERT_EQ(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
      hook_stage = stage;
      hook_fd = p[1];
      sa__create_hook = pause_at;
      (void)sa_create(name, 1, s, "f8", 'C', 0, 0, &a);
      _exit(1);
    }
    ASSERT_EQ(read(p[0], &c, 1), 1); /* the creator is paused mid-create */
    ASSERT_ERR(sa_attach(name, 0, &a), SA_EINCOMPLETE);
    ASSERT_CONTAINS(sa_errmsg(), name);
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    ASSERT_EQ(wait_child(pid), 128 + SIGKILL);
    ASSERT_ERR(sa_attach(name, 0, &a), SA_EINCOMPLETE);
    ASSERT_ERR(sa_info_get(name, &info), SA_EINCOMPLETE);
    ASSERT_OK(sa_list_open(NULL, &l)); /* never listed as an array */
    while (sa_list_next(l, &info) == 1) ASSERT(strcmp(info.name, name) != 0);
    sa_list_close(l);
    ASSERT_ERR(sa_create(name, 1, s, "f8", 'C', 0, 0, &a), -EEXIST);
    ASSERT_OK(sa_delete(name, 0)); /* leftovers are ours to clean */
    ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
    sa_release(a);
    ASSERT_OK(sa_delete(name, 0));
    close(p[0]);
    close(p[1]);
  }
  return 0;
}

/* A header rewritten while attached: the live mapping keeps what it
 * validated, and later attaches validate afresh. */
static void rewrite(unsigned char *hdr, const char *dict) {
  memset(hdr + 10, ' ', 100);
  memcpy(hdr + 10, dict, strlen(dict));
}

TEST_IMPL(header_rewritten) {
  const char *name = test_name("rewrite");
  int64_t s[1] = {16};
  sa_array *a, *b;
  unsigned char *hdr;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  hdr = (unsigned char *)sa_data(a) - SA_DATA_OFFSET;
  rewrite(hdr, "{'descr': '<f8', 'fortran_order': False, 'shape': (999999,), }");
  ASSERT_ERR(sa_attach(name, 0, &b), SA_ETRUNC);
  ASSERT_EQ(sa_nitems(a), 16); /* unchanged for the live handle */
  rewrite(hdr, "{'descr': '<i4', 'fortran_order': False, 'shape': (32,), }");
  ASSERT_OK(sa_attach(name, 0, &b));
  ASSERT_STR_EQ(sa_descr(b), "<i4");
  ASSERT_EQ(sa_nitems(b), 32);
  sa_release(b);
  memcpy(hdr, "garbage!", 8);
  ASSERT_ERR(sa_attach(name, 0, &b), SA_EMAGIC);
  ASSERT_ERR(sa_delete(name, 0), SA_EMAGIC);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 1));
  return 0;
}

/* Another user: run a child as `nobody`. Mode 0600 keeps it out entirely;
 * 0644 lets it read but not write. */
TEST_IMPL(other_user) {
  const char *n600 = test_name("perm600"), *n644 = test_name("perm644");
  int64_t s[1] = {8};
  struct passwd *pw = getpwnam("nobody");
  sa_array *a, *b;
  int pid;
  if (getuid() != 0 || pw == NULL) {
    printf("SKIP other_user: needs root and a 'nobody' user to switch to\n");
    return SKIP_RC;
  }
  ASSERT_OK(sa_create(n600, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_create(n644, 1, s, "f8", 'C', 0644, 0, &b));
  pid = fork();
  if (pid == 0) {
    sa_array *x;
    if (setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) _exit(10);
    if (sa_attach(n600, SA_RDONLY, &x) != -EACCES) _exit(11);
    if (strstr(sa_errmsg(), n600) == NULL) _exit(12);
    if (sa_attach(n644, 0, &x) != -EACCES) _exit(13);
    if (sa_attach(n644, SA_RDONLY, &x) != 0) _exit(14);
    sa_release(x);
    if (sa_delete(n644, 1) != -EACCES && sa_delete(n644, 1) != -EPERM) _exit(15);
    if (sa_attach("file:///root/sa-not-yours.npy", 0, &x) != -EACCES &&
        sa_attach("file:///root/sa-not-yours.npy", 0, &x) != -ENOENT) _exit(16);
    {
      int64_t one[1] = {1};
      if (sa_create("file:///etc/sa-not-yours.npy", 1, one, "f8", 'C', 0, 0, &x) != -EACCES) _exit(17);
    }
    _exit(0);
  }
  ASSERT_EQ(wait_child(pid), 0);
  sa_release(a);
  sa_release(b);
  ASSERT_OK(sa_delete(n600, 0));
  ASSERT_OK(sa_delete(n644, 0));
  return 0;
}
