/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_roundtrip.c -- every dtype and both orders, seen by a second handle
 * and by a forked child; read-only mappings. */
#include "task.h"

#include <signal.h>
#include <unistd.h>

static const char *dtypes[] = {"|b1", "|i1", "<i2", "<i4", "<i8", "|u1",
                               "<u2", "<u4", "<u8", "<f2", "<f4", "<f8",
                               "<c8", "<c16", ">i2", ">i4", ">i8", ">u2",
                               ">u4", ">u8", ">f2", ">f4", ">f8", ">c8",
                               ">c16"};

/* A value for element i that every dtype can hold exactly. */
static sa_value pattern(char kind, uint64_t i) {
  sa_value v;
  memset(&v, 0, sizeof v);
  v.kind = kind;
  switch (kind) {
    case 'b': v.b = (int)(i % 3 == 1); break;
    case 'i': v.i = (int64_t)(i % 100) - 50; break;
    case 'u': v.u = i % 200; break;
    case 'f': v.f = (double)(i % 64) * 0.5 - 8; break;
    case 'c': v.re = (double)(i % 16); v.im = -(double)(i % 8); break;
  }
  return v;
}

static int same(const sa_value *a, const sa_value *b) {
  switch (a->kind) {
    case 'b': return a->b == b->b;
    case 'i': return a->i == b->i;
    case 'u': return a->u == b->u;
    case 'f': return a->f == b->f;
    default: return a->re == b->re && a->im == b->im;
  }
}

static void check_all(const sa_array *a) {
  uint64_t i;
  sa_value got, want;
  for (i = 0; i < sa_nitems(a); i++) {
    ASSERT_OK(sa_load(a, i, &got));
    want = pattern(sa_get_meta(a)->dtype.kind, i);
    if (!same(&got, &want))
      FAIL("%s %s element %" PRIu64 " differs", sa_name(a), sa_descr(a), i);
  }
}

TEST_IMPL(roundtrip_dtypes) {
  size_t d;
  int o;
  for (d = 0; d < sizeof dtypes / sizeof dtypes[0]; d++) {
    for (o = 0; o < 2; o++) {
      const char *name = test_name("rt");
      int64_t shape[3] = {2, 3, 4};
      sa_array *a, *b;
      uint64_t i;
      int pid;
      ASSERT_OK(sa_create(name, 3, shape, dtypes[d], o ? 'F' : 'C', 0, 0, &a));
      ASSERT_STR_EQ(sa_descr(a), dtypes[d]);
      ASSERT_EQ(sa_order(a), o ? 'F' : 'C');
      ASSERT_EQ(sa_nitems(a), 24);
      for (i = 0; i < 24; i++) { /* created zero-filled */
        sa_value v;
        ASSERT_OK(sa_load(a, i, &v));
        ASSERT(v.b == 0 && v.i == 0 && v.u == 0 && v.f == 0 && v.re == 0 && v.im == 0);
      }
      for (i = 0; i < 24; i++) {
        sa_value v = pattern(sa_get_meta(a)->dtype.kind, i);
        ASSERT_OK(sa_store(a, i, &v));
      }
      ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
      ASSERT_STR_EQ(sa_descr(b), dtypes[d]);
      ASSERT_EQ(sa_order(b), o ? 'F' : 'C');
      ASSERT_EQ(sa_ndim(b), 3);
      ASSERT_EQ(sa_shape(b)[0], 2);
      ASSERT_EQ(sa_shape(b)[2], 4);
      ASSERT_EQ(sa_nbytes(b), 24 * sa_itemsize(b));
      ASSERT(sa_data(a) != sa_data(b)); /* two mappings ... */
      check_all(b);                     /* ... of the same bytes */
      pid = fork();
      if (pid == 0) {
        sa_array *c;
        if (sa_attach(name, 0, &c) < 0) _exit(3);
        check_all(c);
        sa_release(c);
        _exit(0);
      }
      ASSERT_EQ(wait_child(pid), 0);
      sa_release(a);
      sa_release(b);
      ASSERT_OK(sa_delete(name, 0));
    }
  }
  return 0;
}

/* A child writes, the parent sees it; then the reverse. Pipes synchronise. */
TEST_IMPL(fork_share) {
  const char *name = test_name("fork");
  int64_t shape[1] = {1000};
  int to_child[2], to_parent[2], pid;
  char c;
  sa_array *a;
  double *d;
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(to_parent), 0);
  pid = fork();
  if (pid == 0) {
    sa_array *x;
    double *p;
    int k;
    if (sa_create(name, 1, shape, "f8", 'C', 0, 0, &x) < 0) _exit(3);
    p = sa_data(x);
    for (k = 0; k < 1000; k++) p[k] = k * 2.0;
    if (write(to_parent[1], "w", 1) != 1) _exit(4);
    if (read(to_child[0], &c, 1) != 1) _exit(5);
    for (k = 0; k < 1000; k++)
      if (p[k] != -k) _exit(6);
    sa_release(x);
    _exit(0);
  }
  ASSERT_EQ(read(to_parent[0], &c, 1), 1);
  ASSERT_OK(sa_attach(name, 0, &a));
  d = sa_data(a);
  for (int k = 0; k < 1000; k++) ASSERT(d[k] == k * 2.0);
  for (int k = 0; k < 1000; k++) d[k] = -k;
  ASSERT_EQ(write(to_child[1], "r", 1), 1);
  ASSERT_EQ(wait_child(pid), 0);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Read-only attach: the API refuses stores, and the mapping itself is
 * PROT_READ (a raw write dies with SIGSEGV, in a child). */
TEST_IMPL(readonly) {
  const char *name = test_name("ro");
  int64_t shape[1] = {8};
  sa_array *a, *r;
  sa_value v = {.kind = 'f', .f = 1.5};
  int pid;
  ASSERT_OK(sa_create(name, 1, shape, "<f8", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &r));
  ASSERT_EQ(sa_readonly(r), 1);
  ASSERT_EQ(sa_readonly(a), 0);
  ASSERT_ERR(sa_store(r, 0, &v), SA_EREADONLY);
  ASSERT_CONTAINS(sa_errmsg(), name);
  pid = fork();
  if (pid == 0) {
    exit_on_signal(SIGSEGV);
    ((volatile double *)sa_data(r))[0] = 2.0;
    _exit(0);
  }
  ASSERT_EQ(wait_child(pid), 128 + SIGSEGV);
  ASSERT_EQ(((double *)sa_data(a))[0], 0);
  sa_release(r);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Shapes with zero, one and 64 dimensions, and empty arrays. */
TEST_IMPL(shapes) {
  int64_t s64[SA_MAXDIMS], s65[SA_MAXDIMS + 1], zero[2] = {0, 5};
  const char *name = test_name("shapes");
  sa_array *a, *b;
  int i;
  for (i = 0; i < SA_MAXDIMS; i++) s64[i] = 1;
  for (i = 0; i <= SA_MAXDIMS; i++) s65[i] = 1;
  ASSERT_OK(sa_create(name, SA_MAXDIMS, s64, "i4", 'C', 0, 0, &a));
  ASSERT_OK(sa_attach(name, 0, &b));
  ASSERT_EQ(sa_ndim(b), 64);
  ASSERT_EQ(sa_nitems(b), 1);
  sa_release(a); sa_release(b);
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_ERR(sa_create(name, SA_MAXDIMS + 1, s65, "i4", 'C', 0, 0, &a), SA_ENDIM);
  ASSERT_OK(sa_create(name, 0, NULL, "f8", 'C', 0, 0, &a)); /* a scalar */
  ASSERT_EQ(sa_nitems(a), 1);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  {
    /* the largest dimension the format allows, in an empty array */
    int64_t widest[2] = {0, INT64_MAX};
    ASSERT_OK(sa_create(name, 2, widest, "u1", 'C', 0, 0, &a));
    sa_release(a);
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &b));
    ASSERT_EQ(sa_shape(b)[1], INT64_MAX);
    sa_release(b);
    ASSERT_OK(sa_delete(name, 0));
  }
  ASSERT_OK(sa_create(name, 2, zero, "f8", 'F', 0, 0, &a)); /* empty */
  ASSERT_OK(sa_attach(name, 0, &b));
  ASSERT_EQ(sa_nitems(b), 0);
  ASSERT_EQ(sa_nbytes(b), 0);
  sa_release(a); sa_release(b);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}

/* Bad arguments to create: each error names the thing at fault and leaves
 * no segment behind. */
TEST_IMPL(create_errors) {
  const char *name = test_name("cerr");
  int64_t neg[1] = {-1}, huge[2] = {INT64_MAX, 4}, ok[1] = {4};
  sa_array *a = (sa_array *)1;
  sa_info info;
  ASSERT_ERR(sa_create(name, 1, neg, "f8", 'C', 0, 0, &a), SA_ESHAPE);
  ASSERT(a == NULL);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_create(name, 2, huge, "f8", 'C', 0, 0, &a), SA_EOVERFLOW);
  ASSERT_ERR(sa_create(name, 1, ok, "object", 'C', 0, 0, &a), SA_EDTYPE);
  ASSERT_CONTAINS(sa_errmsg(), "object");
  ASSERT_ERR(sa_create(name, 1, ok, "<U4", 'C', 0, 0, &a), SA_EDTYPE);
  ASSERT_ERR(sa_create(name, 1, ok, "f8", 'X', 0, 0, &a), SA_EORDER);
  ASSERT_ERR(sa_create(name, 1, ok, "f8", 'C', 010000, 0, &a), SA_EARG);
  ASSERT_ERR(sa_create(name, 1, ok, "f8", 'C', 0, 0x100, &a), SA_EARG);
  ASSERT_ERR(sa_attach(name, 0x100, &a), SA_EARG);
  ASSERT_CONTAINS(sa_errmsg(), "flags");
  ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  ASSERT_ERR(sa_attach(name, 0, &a), -ENOENT);
  ASSERT_CONTAINS(sa_errmsg(), name);
  return 0;
}

/* Mode: 0600 by default, and what the caller asks for otherwise. */
TEST_IMPL(modes) {
  const char *name = test_name("mode");
  int64_t s[1] = {1};
  sa_array *a;
  sa_info info;
  ASSERT_OK(sa_create(name, 1, s, "u1", 'C', 0, 0, &a));
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.mode, 0600);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_OK(sa_create(name, 1, s, "u1", 'C', 0666, 0, &a));
  ASSERT_OK(sa_info_get(name, &info));
  ASSERT_EQ(info.mode, 0666);
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}
