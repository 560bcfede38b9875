/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_enospc.c -- a full tmpfs gives ENOSPC at create, never SIGBUS later.
 * Needs a private mount (root with CAP_SYS_ADMIN, or a user namespace);
 * where the machine does not allow one, the test says so and skips. */
#include "task.h"

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

TEST_IMPL(enospc) {
  char dir[128], name[192], name2[192];
  int64_t big[1] = {1 << 20}, small[1] = {1000};
  sa_array *a;
  int pid, k;
  snprintf(dir, sizeof dir, "/tmp/sa-ctest-tmpfs-%d", (int)getpid());
  ASSERT_EQ(mkdir(dir, 0700), 0);
  /* a private mount namespace so nothing leaks if we die */
  if (unshare(CLONE_NEWNS) != 0 ||
      mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount("tmpfs", dir, "tmpfs", 0, "size=1m") != 0) {
    printf("SKIP enospc: cannot mount a 1 MiB tmpfs here (%s); run as root "
           "with CAP_SYS_ADMIN to test a full /dev/shm\n", strerror(errno));
    rmdir(dir);
    return SKIP_RC;
  }
  snprintf(name, sizeof name, "file://%s/big.npy", dir);
  /* 8 MiB in a 1 MiB tmpfs: a clean ENOSPC naming the array, nothing left */
  ASSERT_ERR(sa_create(name, 1, big, "f8", 'C', 0, 0, &a), -ENOSPC);
  ASSERT_CONTAINS(sa_errmsg(), "big.npy");
  ASSERT(access(name + 7, F_OK) != 0);
  /* arrays that fit fill the space; every byte of each is writable, and
   * the first one that does not fit fails cleanly */
  for (k = 0; k < 200; k++) {
    int rc;
    snprintf(name2, sizeof name2, "file://%s/s%d.npy", dir, k);
    rc = sa_create(name2, 1, small, "f8", 'C', 0, 0, &a);
    if (rc == -ENOSPC) break;
    ASSERT_OK(rc);
    memset(sa_data(a), 0xab, 8000);
    sa_release(a);
  }
  ASSERT(k > 10 && k < 200);
  ASSERT(access(name2 + 7, F_OK) != 0);
  /* room for the lazy array's header page and trailer page */
  snprintf(name2, sizeof name2, "%s/s0.npy", dir);
  ASSERT_EQ(unlink(name2), 0);
  /* the lazy flag skips the reservation: create succeeds, and a write to an
   * unreserved page is the SIGBUS that reserving prevents */
  snprintf(name2, sizeof name2, "file://%s/lazy.npy", dir);
  ASSERT_OK(sa_create(name2, 1, big, "f8", 'C', 0, SA_CREATE_LAZY, &a));
  pid = fork();
  if (pid == 0) {
    exit_on_signal(SIGBUS);
    memset(sa_data(a), 1, 8 << 20);
    _exit(0);
  }
  ASSERT_EQ(wait_child(pid), 128 + SIGBUS);
  sa_release(a);
  /* leave nothing behind: the mount goes with this namespace, and the
   * directory under it, which the outer /tmp still holds, goes now */
  ASSERT_EQ(umount(dir), 0);
  ASSERT_EQ(rmdir(dir), 0);
  return 0;
}
