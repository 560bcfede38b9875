/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * task.h -- the C tests' assertion macros and helpers (after libuv's
 * test/task.h). Each test runs in its own process (see runner.c), so a
 * failed assertion or a crash fails that test alone. */
#ifndef SA_TASK_H
#define SA_TASK_H

#include "sharedarray_codec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_IMPL(name) int test_##name(void)
#define SKIP_RC 77 /* ctest SKIP_RETURN_CODE */

#define FAIL(...)                                                            \
  do {                                                                       \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                          \
    fprintf(stderr, __VA_ARGS__);                                            \
    fprintf(stderr, "\n");                                                   \
    abort();                                                                 \
  } while (0)

#define ASSERT(expr)                                                         \
  do { if (!(expr)) FAIL("assertion failed: %s", #expr); } while (0)

/* Compare two integers and print both on failure. */
#define ASSERT_INT_BASE(a, op, b)                                            \
  do {                                                                       \
    int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                            \
    if (!(a_ op b_))                                                         \
      FAIL("%s %s %s (%" PRId64 " %s %" PRId64 ")", #a, #op, #b, a_, #op,    \
           b_);                                                              \
  } while (0)
#define ASSERT_EQ(a, b) ASSERT_INT_BASE(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_INT_BASE(a, !=, b)
#define ASSERT_GE(a, b) ASSERT_INT_BASE(a, >=, b)
#define ASSERT_LT(a, b) ASSERT_INT_BASE(a, <, b)

/* A call that must succeed: print sa_errmsg() if it does not. */
#define ASSERT_OK(call)                                                      \
  do {                                                                       \
    int rc_ = (call);                                                        \
    if (rc_ < 0)                                                             \
      FAIL("%s failed: %s (%s)", #call, sa_errmsg(), sa_err_name(rc_));      \
  } while (0)

/* A call that must fail with a given code. */
#define ASSERT_ERR(call, code)                                               \
  do {                                                                       \
    int rc_ = (call);                                                        \
    if (rc_ != (code))                                                       \
      FAIL("%s returned %s (%d), expected %s; last message: %s", #call,      \
           sa_err_name(rc_), rc_, sa_err_name(code), sa_errmsg());           \
  } while (0)

#define ASSERT_STR_EQ(a, b)                                                  \
  do {                                                                       \
    const char *a_ = (a), *b_ = (b);                                         \
    if (strcmp(a_, b_) != 0) FAIL("%s == %s (\"%s\" vs \"%s\")", #a, #b, a_, b_); \
  } while (0)

#define ASSERT_CONTAINS(hay, needle)                                         \
  do {                                                                       \
    const char *h_ = (hay), *n_ = (needle);                                  \
    if (strstr(h_, n_) == NULL) FAIL("\"%s\" does not contain \"%s\"", h_, n_); \
  } while (0)

/* helpers.c */
const char *test_name(const char *tag);      /* unique per process */
int count_fds(void);
int maps_mention(const char *needle);        /* lines of /proc/self/maps */
void write_file(const char *path, const void *data, size_t len);
int wait_child(int pid);                     /* exit code, or 128+signal */
/* In a child: exit with 128+sig when sig arrives (works under ASan too). */
void exit_on_signal(int sig);

#endif
