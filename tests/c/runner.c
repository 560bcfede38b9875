/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * runner.c -- runs one named C test in a child process with a timeout, so
 * that a crash or hang fails that test alone. `sa_tests` lists the tests;
 * `sa_tests NAME` runs one. */
#include "task.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST_ENTRY(name) int test_##name(void);
#include "test-list.h"
#undef TEST_ENTRY

static const struct { const char *name; int (*fn)(void); } tests[] = {
#define TEST_ENTRY(name) {#name, test_##name},
#include "test-list.h"
#undef TEST_ENTRY
};

int main(int argc, char **argv) {
  size_t i, n = sizeof tests / sizeof tests[0];
  if (argc < 2) {
    for (i = 0; i < n; i++) printf("%s\n", tests[i].name);
    return 0;
  }
  for (i = 0; i < n; i++) {
    if (strcmp(argv[1], tests[i].name) == 0) {
      int pid = fork(), rc;
      ASSERT(pid >= 0);
      if (pid == 0) {
        alarm(120);
        exit(tests[i].fn()); /* exit, not _exit: leak checkers run at exit */
      }
      rc = wait_child(pid);
      if (rc == SKIP_RC) printf("SKIP %s\n", argv[1]);
      else if (rc) fprintf(stderr, "FAIL %s: exit %d%s\n", argv[1], rc,
                           rc > 128 ? " (killed by a signal)" : "");
      else printf("ok %s\n", argv[1]);
      return rc;
    }
  }
  fprintf(stderr, "no test named %s\n", argv[1]);
  return 2;
}
