/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_race.c -- concurrent create of one name (exactly one wins), and
 * attachers racing a creator (never a half-written header). */
#include "task.h"

#include <unistd.h>

#define NPROC 12
#define ROUNDS 25

/* All children block on a pipe until the parent closes it: a start gun. */
TEST_IMPL(create_race) {
  int round;
  for (round = 0; round < ROUNDS; round++) {
    const char *name = test_name("race");
    int gun[2], pids[NPROC], wins = 0, exists = 0, k;
    int64_t s[1] = {256};
    ASSERT_EQ(pipe(gun), 0);
    for (k = 0; k < NPROC; k++) {
      pids[k] = fork();
      if (pids[k] == 0) {
        char c;
        sa_array *a;
        int rc;
        close(gun[1]);
        if (read(gun[0], &c, 1) != 0) _exit(2);
        rc = sa_create(name, 1, s, "i8", 'C', 0, 0, &a);
        if (rc == 0) {
          ((int64_t *)sa_data(a))[0] = k + 1;
          sa_release(a);
          _exit(0);
        }
        _exit(rc == -EEXIST ? 17 : 1);
      }
    }
    close(gun[0]);
    close(gun[1]);
    for (k = 0; k < NPROC; k++) {
      int rc = wait_child(pids[k]);
      if (rc == 0) wins++;
      else if (rc == 17) exists++;
      else FAIL("child exited %d", rc);
    }
    ASSERT_EQ(wins, 1);
    ASSERT_EQ(exists, NPROC - 1);
    ASSERT_OK(sa_delete(name, 0));
  }
  return 0;
}

/* Attachers spin while a creator creates: each attach gives a complete,
 * valid array or a clean "not there yet" error, never anything else. */
TEST_IMPL(attach_during_create) {
  int round;
  for (round = 0; round < ROUNDS; round++) {
    const char *name = test_name("adc");
    int gun[2], pids[4], k;
    int64_t s[2] = {300, 7};
    sa_array *a;
    ASSERT_EQ(pipe(gun), 0);
    for (k = 0; k < 4; k++) {
      pids[k] = fork();
      if (pids[k] == 0) {
        char c;
        long tries;
        close(gun[1]);
        if (read(gun[0], &c, 1) != 0) _exit(2);
        for (tries = 0; tries < 2000000; tries++) {
          sa_array *b;
          int rc = sa_attach(name, SA_ATTACH_RDONLY, &b);
          if (rc == -ENOENT || rc == SA_EINCOMPLETE) continue;
          if (rc < 0) { fprintf(stderr, "%s\n", sa_errmsg()); _exit(3); }
          if (sa_ndim(b) != 2 || sa_shape(b)[0] != 300 || sa_shape(b)[1] != 7 ||
              strcmp(sa_descr(b), "<f4") != 0)
            _exit(4);
          sa_release(b);
          _exit(0);
        }
        _exit(5);
      }
    }
    close(gun[0]);
    close(gun[1]);
    ASSERT_OK(sa_create(name, 2, s, "f4", 'C', 0, 0, &a));
    for (k = 0; k < 4; k++) ASSERT_EQ(wait_child(pids[k]), 0);
    sa_release(a);
    ASSERT_OK(sa_delete(name, 0));
  }
  return 0;
}
