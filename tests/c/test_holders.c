/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_holders.c -- sa_holders_*: which processes map a segment now, by its
 * identity, including after its name was deleted; a process that exits
 * stops counting. Children are ordered with pipes, never with sleeps. */
#include "task.h"

#include <sys/wait.h>
#include <unistd.h>

static int holders(uint64_t dev, uint64_t ino, int *pids, int cap) {
  sa_holders *h = NULL;
  int n;
  ASSERT_OK(sa_holders_scan(&h));
  n = sa_holders_of(h, dev, ino, pids, cap);
  sa_holders_free(h);
  return n;
}

static int has(const int *pids, int n, int pid) {
  int i;
  for (i = 0; i < n; i++)
    if (pids[i] == pid) return 1;
  return 0;
}

TEST_IMPL(holders_scan) {
  const char *name = test_name("holders");
  int64_t s[1] = {1000};
  sa_array *a;
  uint64_t dev, ino;
  int ready[2], go[2], pids[16], n, status;
  pid_t child;
  char c;

  ASSERT_OK(sa_create(name, 1, s, "f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_identity(a, &dev, &ino));
  n = holders(dev, ino, pids, 16);
  ASSERT_EQ(n, 1);
  ASSERT_EQ(pids[0], getpid());
  /* a second mapping in the same process is still one holder */
  {
    sa_array *b;
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
    ASSERT_EQ(holders(dev, ino, pids, 16), 1);
    sa_release(b);
  }

  ASSERT(pipe(ready) == 0 && pipe(go) == 0);
  child = fork();
  ASSERT(child >= 0);
  if (child == 0) { /* attach, tell the parent, wait for its word, exit */
    sa_array *b;
    sa_release(a); /* only the child's own attach maps it */
    if (sa_attach(name, 0, &b) != 0) _exit(3);
    if (write(ready[1], "r", 1) != 1) _exit(4);
    if (read(go[0], &c, 1) != 1) _exit(5);
    sa_release(b);
    if (write(ready[1], "u", 1) != 1) _exit(6);
    if (read(go[0], &c, 1) != 1) _exit(7);
    _exit(0);
  }
  ASSERT(read(ready[0], &c, 1) == 1 && c == 'r');
  n = holders(dev, ino, pids, 16);
  ASSERT_EQ(n, 2);
  ASSERT(has(pids, n, getpid()) && has(pids, n, child));
  /* the name deleted: both still map the segment, both still count */
  ASSERT_OK(sa_delete(name, 0));
  n = holders(dev, ino, pids, 16);
  ASSERT_EQ(n, 2);
  ASSERT(has(pids, n, child));
  /* cap smaller than the count: the count, and only cap pids written */
  pids[1] = -7;
  ASSERT_EQ(holders(dev, ino, pids, 1), 2);
  ASSERT_EQ(pids[1], -7);
  /* the child releases its mapping: it no longer counts */
  ASSERT(write(go[1], "g", 1) == 1);
  ASSERT(read(ready[0], &c, 1) == 1 && c == 'u');
  n = holders(dev, ino, pids, 16);
  ASSERT_EQ(n, 1);
  ASSERT(!has(pids, n, child));
  ASSERT(write(go[1], "g", 1) == 1);
  ASSERT(waitpid(child, &status, 0) == child);
  ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  /* the last mapping gone: nobody */
  sa_release(a);
  ASSERT_EQ(holders(dev, ino, pids, 16), 0);
  ASSERT_ERR(sa_holders_of(NULL, dev, ino, pids, 16), SA_EARG);
  close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
  return 0;
}
