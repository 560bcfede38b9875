/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_faults.c -- a creator killed mid-create leaves nothing that attaches
 * as valid, and what it leaves is removable; other users are kept out. */
#include "task.h"

#include <fcntl.h>
#include <poll.h>
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
    /* leftovers are ours to clean: with the header text there, without
     * force; killed before any byte was written, the object is empty and
     * could be anyone's, so only with force */
    if (stage == 1) {
      ASSERT_ERR(sa_delete(name, 0), SA_EINCOMPLETE);
      ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
    } else {
      ASSERT_OK(sa_delete(name, 0));
    }
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
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
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
    if (sa_attach(n600, SA_ATTACH_RDONLY, &x) != -EACCES) _exit(11);
    if (strstr(sa_errmsg(), n600) == NULL) _exit(12);
    if (sa_attach(n644, 0, &x) != -EACCES) _exit(13);
    if (sa_attach(n644, SA_ATTACH_RDONLY, &x) != 0) _exit(14);
    sa_release(x);
    if (sa_delete(n644, SA_DELETE_FORCE) != -EACCES && sa_delete(n644, SA_DELETE_FORCE) != -EPERM) _exit(15);
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

/* A segment shrunk while mapped: the mapping cannot be protected (an access
 * past the new end is a SIGBUS, as for any shared mapping; docs/format.md
 * section 11), but every later attach sees the truncation as an error. */
TEST_IMPL(shrunk_while_mapped) {
  const char *name = test_name("shrunk");
  char path[256];
  int64_t s[1] = {1 << 16};
  sa_array *a, *b;
  int pid;
  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT_EQ(truncate(path, 8192), 0);
  ((volatile double *)sa_data(a))[0] = 1; /* still inside the file: fine */
  pid = fork();
  if (pid == 0) {
    exit_on_signal(SIGBUS);
    ((volatile double *)sa_data(a))[(1 << 16) - 1] = 1; /* past the end */
    _exit(0);
  }
  ASSERT_EQ(wait_child(pid), 128 + SIGBUS);
  ASSERT_ERR(sa_attach(name, 0, &b), SA_ETRUNC);
  sa_release(a);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  return 0;
}

/* Many processes create, attach and delete the same few names at once.
 * Invariants: an attach gives a complete array of the one shape each name is
 * ever created with, or a clean "not there" error; nothing leaks. */
TEST_IMPL(chaos) {
  enum { NPROC = 6, OPS = 3000, NNAMES = 3 };
  int pids[NPROC], k;
  for (k = 0; k < NPROC; k++) {
    pids[k] = fork();
    if (pids[k] == 0) {
      unsigned seed = (unsigned)getpid();
      int fds = count_fds(), maps = maps_mention("/dev/shm/"), op;
      for (op = 0; op < OPS; op++) {
        int which = (int)(rand_r(&seed) % NNAMES), rc;
        char nm[96];
        int64_t shape[2] = {which + 1, 100};
        sa_array *a;
        snprintf(nm, sizeof nm, "sa-ctest-chaos-%d-%d", (int)getppid(), which);
        switch (rand_r(&seed) % 3) {
          case 0:
            rc = sa_create(nm, 2, shape, "i8", 'C', 0, 0, &a);
            if (rc == 0) {
              ((int64_t *)sa_data(a))[0] = which;
              sa_release(a);
            } else if (rc != -EEXIST) {
              fprintf(stderr, "create: %s\n", sa_errmsg());
              _exit(3);
            }
            break;
          case 1:
            rc = sa_attach(nm, 0, &a);
            if (rc == 0) {
              if (sa_ndim(a) != 2 || sa_shape(a)[0] != which + 1 ||
                  sa_shape(a)[1] != 100 || strcmp(sa_descr(a), "<i8") != 0)
                _exit(4);
              sa_release(a);
            } else if (rc != -ENOENT && rc != SA_EINCOMPLETE) {
              fprintf(stderr, "attach: %s\n", sa_errmsg());
              _exit(5);
            }
            break;
          default:
            rc = sa_delete(nm, 0);
            /* EINCOMPLETE: caught between a creator's open and its first
             * write, when the object is still empty */
            if (rc != 0 && rc != -ENOENT && rc != SA_EINCOMPLETE) {
              fprintf(stderr, "delete: %s\n", sa_errmsg());
              _exit(6);
            }
        }
      }
      _exit(count_fds() == fds && maps_mention("/dev/shm/") == maps ? 0 : 7);
    }
  }
  for (k = 0; k < NPROC; k++) ASSERT_EQ(wait_child(pids[k]), 0);
  for (k = 0; k < NNAMES; k++) {
    char nm[96];
    snprintf(nm, sizeof nm, "sa-ctest-chaos-%d-%d", (int)getpid(), k);
    (void)sa_delete(nm, SA_DELETE_FORCE);
  }
  return 0;
}

/* Write a .npy image with a header of hlen bytes (version 1 or 2) and nb
 * bytes of data, into path. */
static void write_long(const char *path, int version, size_t hlen,
                       const char *dict, size_t nb) {
  size_t pre = version == 1 ? 10 : 12, total = pre + hlen + nb;
  unsigned char *b = calloc(1, total);
  ASSERT(b != NULL);
  memcpy(b, "\x93NUMPY", 6);
  b[6] = (unsigned char)version;
  b[8] = (unsigned char)(hlen & 0xff);
  b[9] = (unsigned char)((hlen >> 8) & 0xff);
  if (version > 1) {
    b[10] = (unsigned char)((hlen >> 16) & 0xff);
    b[11] = (unsigned char)(hlen >> 24);
  }
  memset(b + pre, ' ', hlen);
  memcpy(b + pre, dict, strlen(dict));
  b[pre + hlen - 1] = '\n';
  write_file(path, b, total);
  free(b);
}

/* Headers longer than a page: read whole, for every operation. */
TEST_IMPL(long_headers) {
  const char *name = test_name("longhdr");
  char path[256];
  sa_array *a;
  sa_info info;
  sa_list *l;
  int seen = 0;
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  /* v1, 8000-byte header, empty array: valid everywhere */
  write_long(path, 1, 7990, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", 0);
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
  ASSERT_EQ(sa_get_meta(a)->data_offset, 8000);
  sa_release(a);
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_OK(sa_list_open(NULL, &l));
  while (sa_list_next(l, &info) == 1) seen += strcmp(info.name, name) == 0;
  sa_list_close(l);
  ASSERT_EQ(seen, 1);
  ASSERT_OK(sa_delete(name, 0));
  /* v2, 200 KiB header, data cut short: refused, but still ours */
  write_long(path, 2, 200 * 1024, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }", 8);
  ASSERT_ERR(sa_attach(name, 0, &a), SA_ETRUNC);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_OK(sa_delete(name, 0));
  /* magic complete, version not yet: a creator mid-publish */
  write_long(path, 1, 118, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
  {
    int fd = open(path, O_WRONLY);
    ASSERT(fd >= 0);
    ASSERT_EQ(pwrite(fd, "\0", 1, 6), 1);
    close(fd);
  }
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EINCOMPLETE);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* A long-header segment truncated back and forth by another process while
 * we attach: every attach succeeds or fails cleanly, never a SIGBUS. */
TEST_IMPL(truncate_during_attach) {
  const char *name = test_name("trattach");
  char path[256];
  size_t full = 12 + 64 * 1024 + 800;
  int pid, i, go[2];
  char c;
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  write_long(path, 2, 64 * 1024, "{'descr': '<f8', 'fortran_order': False, 'shape': (100,), }", 800);
  ASSERT_EQ(pipe(go), 0);
  pid = fork();
  if (pid == 0) {
    close(go[1]);
    for (i = 0; ; i++) {
      if (truncate(path, i & 1 ? 8192 : (off_t)full) != 0) _exit(2);
      if (i % 64 == 0) { /* stop once the parent is done */
        struct pollfd p = {go[0], POLLIN, 0};
        if (poll(&p, 1, 0) > 0) _exit(0);
      }
    }
  }
  close(go[0]);
  for (i = 0; i < 3000; i++) {
    sa_array *a;
    int rc = sa_attach(name, SA_ATTACH_RDONLY, &a);
    if (rc == 0) {
      ASSERT_EQ(sa_nitems(a), 100);
      sa_release(a);
    } else {
      ASSERT(rc == SA_ETRUNC);
    }
  }
  ASSERT_EQ(write(go[1], "x", 1), 1);
  close(go[1]);
  ASSERT_EQ(wait_child(pid), 0);
  (void)c;
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));
  return 0;
}
