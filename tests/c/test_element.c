/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_element.c -- element codecs: float16, byte order, range checks, and
 * multi-index arithmetic in both orders. */
#include "task.h"

#include <math.h>

TEST_IMPL(element_codecs) {
  sa_dtype f2, bi4, bc16, u1, i8, b1;
  unsigned char buf[16];
  sa_value v, out;
  ASSERT_OK(sa_dtype_parse("<f2", &f2));
  ASSERT_OK(sa_dtype_parse(">i4", &bi4));
  ASSERT_OK(sa_dtype_parse(">c16", &bc16));
  ASSERT_OK(sa_dtype_parse("u1", &u1));
  ASSERT_OK(sa_dtype_parse("i8", &i8));
  ASSERT_OK(sa_dtype_parse("b1", &b1));
  /* float16: exact values, rounding, overflow, subnormals */
  v.kind = 'f';
  v.f = 1.5;
  ASSERT_OK(sa_value_store(&f2, buf, &v));
  ASSERT(buf[0] == 0x00 && buf[1] == 0x3e);
  sa_value_load(&f2, buf, &out);
  ASSERT(out.f == 1.5);
  v.f = 65504; ASSERT_OK(sa_value_store(&f2, buf, &v));
  sa_value_load(&f2, buf, &out); ASSERT(out.f == 65504);
  v.f = 1e6; ASSERT_OK(sa_value_store(&f2, buf, &v));
  sa_value_load(&f2, buf, &out); ASSERT(isinf(out.f));
  v.f = 5.960464477539063e-08; ASSERT_OK(sa_value_store(&f2, buf, &v));
  ASSERT(buf[0] == 1 && buf[1] == 0);
  v.f = -0.0; ASSERT_OK(sa_value_store(&f2, buf, &v));
  ASSERT(buf[1] == 0x80);
  v.f = NAN; ASSERT_OK(sa_value_store(&f2, buf, &v));
  sa_value_load(&f2, buf, &out); ASSERT(isnan(out.f));
  /* big-endian: bytes in memory are swapped */
  v.kind = 'i'; v.i = 0x01020304;
  ASSERT_OK(sa_value_store(&bi4, buf, &v));
  ASSERT(buf[0] == 1 && buf[3] == 4);
  sa_value_load(&bi4, buf, &out); ASSERT_EQ(out.i, 0x01020304);
  v.kind = 'c'; v.re = 1.0; v.im = -2.0;
  ASSERT_OK(sa_value_store(&bc16, buf, &v));
  ASSERT(buf[0] == 0x3f && buf[1] == 0xf0 && buf[8] == 0xc0);
  sa_value_load(&bc16, buf, &out); ASSERT(out.re == 1.0 && out.im == -2.0);
  /* range checks leave the destination alone */
  buf[0] = 9;
  v.kind = 'i'; v.i = 256; ASSERT_ERR(sa_value_store(&u1, buf, &v), SA_EVALUE);
  v.i = -1; ASSERT_ERR(sa_value_store(&u1, buf, &v), SA_EVALUE);
  v.kind = 'f'; v.f = 2.5; ASSERT_ERR(sa_value_store(&u1, buf, &v), SA_EVALUE);
  v.f = NAN; ASSERT_ERR(sa_value_store(&i8, buf, &v), SA_EVALUE);
  v.kind = 'c'; v.re = 1; v.im = 1; ASSERT_ERR(sa_value_store(&i8, buf, &v), SA_EVALUE);
  ASSERT_EQ(buf[0], 9);
  v.kind = 'f'; v.f = 255.0; ASSERT_OK(sa_value_store(&u1, buf, &v));
  ASSERT_EQ(buf[0], 255);
  v.kind = 'u'; v.u = UINT64_MAX; ASSERT_ERR(sa_value_store(&i8, buf, &v), SA_EVALUE);
  v.kind = 'i'; v.i = INT64_MIN; ASSERT_OK(sa_value_store(&i8, buf, &v));
  sa_value_load(&i8, buf, &out); ASSERT(out.i == INT64_MIN);
  v.kind = 'f'; v.f = 0.5; ASSERT_OK(sa_value_store(&b1, buf, &v));
  ASSERT_EQ(buf[0], 1);
  return 0;
}

TEST_IMPL(flat_index) {
  const char *name = test_name("flat");
  int64_t s[3] = {2, 3, 4}, idx[3] = {1, 2, 3}, bad[3] = {2, 0, 0};
  uint64_t f;
  sa_array *c, *fo;
  ASSERT_OK(sa_create(name, 3, s, "f8", 'C', 0, 0, &c));
  ASSERT_OK(sa_flat_index(c, 3, idx, &f));
  ASSERT_EQ(f, 1 * 12 + 2 * 4 + 3);
  ASSERT_ERR(sa_flat_index(c, 3, bad, &f), SA_EINDEX);
  ASSERT_ERR(sa_flat_index(c, 2, idx, &f), SA_EINDEX);
  sa_release(c);
  ASSERT_OK(sa_delete(name, 0));
  ASSERT_OK(sa_create(name, 3, s, "f8", 'F', 0, 0, &fo));
  ASSERT_OK(sa_flat_index(fo, 3, idx, &f));
  ASSERT_EQ(f, 1 + 2 * 2 + 3 * 6);
  {
    sa_value v;
    ASSERT_ERR(sa_load(fo, 24, &v), SA_EINDEX);
  }
  sa_release(fo);
  ASSERT_OK(sa_delete(name, 0));
  return 0;
}
