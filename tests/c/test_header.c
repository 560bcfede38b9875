/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_header.c -- the .npy header codec on plain bytes: what numpy writes
 * is accepted, every malformed field is rejected with its own code. */
#include "task.h"

/* Build a v1.0 .npy image: preamble + dict text padded to 64 + data room. */
static size_t make(unsigned char *buf, size_t cap, const char *dict,
                   size_t data_bytes) {
  size_t dl = strlen(dict), hl = ((10 + dl + 1 + 63) / 64) * 64 - 10;
  ASSERT(10 + hl + data_bytes <= cap);
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (unsigned char)(hl & 0xff);
  buf[9] = (unsigned char)(hl >> 8);
  memset(buf + 10, ' ', hl);
  memcpy(buf + 10, dict, dl);
  buf[10 + hl - 1] = '\n';
  memset(buf + 10 + hl, 0, data_bytes);
  return 10 + hl + data_bytes;
}

static int parse(const char *dict, size_t data_bytes, sa_meta *m) {
  static unsigned char buf[1 << 16];
  size_t n = make(buf, sizeof buf, dict, data_bytes);
  return sa_header_parse(buf, n, n, m);
}

TEST_IMPL(header_accepts) {
  sa_meta m;
  ASSERT_OK(parse("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48, &m));
  ASSERT_EQ(m.ndim, 2);
  ASSERT_EQ(m.shape[1], 3);
  ASSERT_EQ(m.order, 'C');
  ASSERT_EQ(m.nbytes, 48);
  ASSERT_EQ(m.data_offset, 128);
  /* any key order, double quotes, no spaces, no trailing comma */
  ASSERT_OK(parse("{\"shape\":(5,),\"fortran_order\":True,\"descr\":\">i2\"}", 10, &m));
  ASSERT_EQ(m.order, 'F');
  ASSERT_STR_EQ(m.dtype.descr, ">i2");
  ASSERT_EQ(m.ndim, 1);
  /* a scalar, an empty array, 1-byte types with '|', py2 long suffix */
  ASSERT_OK(parse("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", 1, &m));
  ASSERT_EQ(m.ndim, 0);
  ASSERT_EQ(m.nitems, 1);
  ASSERT_OK(parse("{'descr': '<c16', 'fortran_order': False, 'shape': (0, 7), }", 0, &m));
  ASSERT_EQ(m.nbytes, 0);
  ASSERT_OK(parse("{'descr': '|u1', 'fortran_order': False, 'shape': (3L,), }", 3, &m));
  ASSERT_OK(parse("{'descr': '<f2', 'fortran_order': False, 'shape': (1,1,1,), }", 2, &m));
  ASSERT_EQ(m.ndim, 3);
  return 0;
}

TEST_IMPL(header_rejects) {
  static const struct { const char *dict; size_t data; int code; } bad[] = {
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 47, SA_ETRUNC},
    {"{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16, SA_EDTYPE},
    {"{'descr': [('a', '<i4'), ('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", 24, SA_EDTYPE},
    {"{'descr': [('a', '|O')], 'fortran_order': False, 'shape': (2,), }", 16, SA_EDTYPE},
    {"{'descr': '<U0', 'fortran_order': False, 'shape': (2,), }", 24, SA_EDTYPE},
    {"{'descr': '<f3', 'fortran_order': False, 'shape': (2,), }", 24, SA_EDTYPE},
    {"{'descr': 'f8', 'fortran_order': False, 'shape': (2,), }", 16, SA_EDTYPE},
    {"{'descr': '<m8[xs]', 'fortran_order': False, 'shape': (2,), }", 16, SA_EDTYPE},
    {"{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", 16, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", 16, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", 16, SA_ESHAPE},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }", 16, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", 16, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False}", 0, SA_EHEADER},
    {"{'descr': '<f8', 'shape': (1,), 'fortran_order': False, 'x': 1}", 8, SA_EHEADER},
    {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", 8, SA_EHEADER},
    {"{'descr': '<f8' 'fortran_order': False, 'shape': (1,)}", 8, SA_EHEADER},
    {"{'descr: '<f8', 'fortran_order': False, 'shape': (1,)}", 8, SA_EHEADER},
    {"['descr', '<f8']", 8, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk", 8, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", 8, SA_EOVERFLOW},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 8, SA_EOVERFLOW},
    {"{'descr': '<c16', 'fortran_order': False, 'shape': (1152921504606846976,)}", 8, SA_EOVERFLOW},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,)}", 8, SA_ETRUNC},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", 8, SA_EHEADER},
    {"{'descr': '<f\0', 'fortran_order': False, 'shape': (1,)}", 8, SA_EHEADER},
    {"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0, 4611686018427387904)}", 0, SA_EOVERFLOW},
    /* the first failure in the order of format.md section 7, whatever the
     * order of the keys: syntax (5), then descr (6), then shape (7) */
    {"{'shape': (-2,), 'descr': '<f8', 'fortran_order': False, !}", 8, SA_EHEADER},
    {"{'descr': '|O', 'fortran_order': False, 'shape': (1,) 'x'}", 8, SA_EHEADER},
    {"{'shape': (-2,), 'fortran_order': False, 'descr': '|O'}", 8, SA_EDTYPE},
    {"{'shape': (1,) * 2, 'fortran_order': False, 'descr': '<f8'}", 8, SA_EHEADER},
    {"{'fortran_order': 1, 'descr': '|O', 'shape': (1,)}", 8, SA_EHEADER},
    {"{'shape': (70000000000, 70000000000), 'descr': '<c99', 'fortran_order': False}", 8, SA_EDTYPE},
    {"{'descr': ('<f8',), 'fortran_order': False, 'shape': (1,)}", 8, SA_EDTYPE},
  };
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sa_meta m;
    int rc = parse(bad[i].dict, bad[i].data, &m);
    if (rc != bad[i].code)
      FAIL("case %zu (%s): got %s, want %s (%s)", i, bad[i].dict,
           sa_err_name(rc), sa_err_name(bad[i].code), sa_errmsg());
  }
  return 0;
}

TEST_IMPL(header_preamble) {
  unsigned char buf[256];
  sa_meta m;
  size_t n = make(buf, sizeof buf, "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", 16);
  size_t cut;
  /* every truncation of a valid file is refused, never read past */
  for (cut = 0; cut < n; cut++) {
    int rc = sa_header_parse(buf, cut, cut, &m);
    ASSERT(rc == SA_ETRUNC || rc == SA_EINCOMPLETE);
  }
  ASSERT_OK(sa_header_parse(buf, n, n, &m));
  buf[0] = 'X';
  ASSERT_ERR(sa_header_parse(buf, n, n, &m), SA_EMAGIC);
  buf[0] = 0x93;
  buf[6] = 4;
  ASSERT_ERR(sa_header_parse(buf, n, n, &m), SA_EVERSION);
  buf[6] = 1; buf[7] = 1;
  ASSERT_ERR(sa_header_parse(buf, n, n, &m), SA_EVERSION);
  buf[7] = 0;
  buf[8] = 0xff; buf[9] = 0xff; /* header length past the end */
  ASSERT_ERR(sa_header_parse(buf, n, n, &m), SA_ETRUNC);
  /* version 2.0: a 4-byte length */
  buf[8] = 118; buf[9] = 0; /* as make() wrote it */
  memmove(buf + 12, buf + 10, n - 10);
  buf[6] = 2; buf[10] = 0; buf[11] = 0;
  ASSERT_OK(sa_header_parse(buf, n + 2, n + 2, &m));
  ASSERT_EQ(m.version, 2);
  ASSERT_EQ(m.data_offset, 130);
  buf[11] = 0x7f; /* 2 GiB header */
  ASSERT_ERR(sa_header_parse(buf, n + 2, n + 2, &m), SA_EHEADER);
  /* an empty segment is one still being created */
  ASSERT_ERR(sa_header_parse(buf, 0, 0, &m), SA_EINCOMPLETE);
  return 0;
}

/* The writer's output is what numpy writes, and it parses back. */
TEST_IMPL(header_write) {
  unsigned char buf[SA_DATA_OFFSET];
  sa_meta m, back;
  int64_t s1[1] = {5}, s3[3] = {2, 3, 4};
  ASSERT_OK(sa_meta_init(&m, 1, s1, "float64", 'C'));
  ASSERT_EQ(sa_header_write(&m, buf, sizeof buf), 4096);
  ASSERT(memcmp(buf + 10, "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }", 57) == 0);
  ASSERT_EQ(buf[4095], '\n');
  ASSERT_OK(sa_header_parse(buf, sizeof buf, 4096 + 40, &back));
  ASSERT_EQ(back.data_offset, 4096);
  ASSERT_OK(sa_meta_init(&m, 3, s3, ">c8", 'F'));
  m.data_offset = 128;
  ASSERT_EQ(sa_header_write(&m, buf, sizeof buf), 128);
  ASSERT(memcmp(buf + 10, "{'descr': '>c8', 'fortran_order': True, 'shape': (2, 3, 4), }", 61) == 0);
  ASSERT_OK(sa_meta_init(&m, 0, NULL, "b1", 'C'));
  m.data_offset = 64; /* too small for this header */
  ASSERT_ERR(sa_header_write(&m, buf, sizeof buf), SA_EARG);
  m.data_offset = 128;
  ASSERT_EQ(sa_header_write(&m, buf, sizeof buf), 128);
  ASSERT(memcmp(buf + 10, "{'descr': '|b1', 'fortran_order': False, 'shape': (), }", 55) == 0);
  m.data_offset = 100; /* not a multiple of 64 */
  ASSERT_ERR(sa_header_write(&m, buf, sizeof buf), SA_EARG);
  return 0;
}

TEST_IMPL(dtype_parse) {
  static const struct { const char *in, *out; } ok[] = {
    {"f8", "<f8"}, {"float64", "<f8"}, {"double", "<f8"}, {"float", "<f8"},
    {">f4", ">f4"}, {"=i2", "<i2"}, {"i1", "|i1"}, {"<u1", "|u1"},
    {"bool", "|b1"}, {"?", "|b1"}, {"c16", "<c16"}, {"complex64", "<c8"},
    {"half", "<f2"}, {"uint64", "<u8"}, {"int", "<i8"}, {"e", "<f2"},
    {"S10", "|S10"}, {"<S3", "|S3"}, {"U8", "<U8"}, {">U1", ">U1"},
    {"V8", "|V8"}, {"M8[ns]", "<M8[ns]"}, {">m8[10ms]", ">m8[10ms]"},
    {"<M8", "<M8"}, {"f16", "<f16"}, {"c32", "<c32"},
    {"[('x', '<f8'), ('y', '<i4', (2,))]", "[('x', '<f8'), ('y', '<i4', (2,))]"},
    {"[ ( 'x' , 'f8' ) , (\"it's\", '|u1', 3,), ]",
     "[('x', '<f8'), (\"it's\", '|u1', (3,))]"},
    {"[(('t', 'n'), [('a', '>i2', (2, 3))]), ('', '|V4')]",
     "[(('t', 'n'), [('a', '>i2', (2, 3))]), ('', '|V4')]"},
  };
  static const char *bad[] = {"", "g", "f12", "i3", "b2", "c4", "U0", "O",
                              "<", "float128", "f8 ", "object", "S01", "M4",
                              "M8[xx]", "m8[0s]", "c64", "[]", "[('a', '|O')]",
                              "[('a', 'f8'), ('a', 'i4')]", "[('', 'f8')]",
                              "[('a', 'f8')] x", "[('a', '(2,)f8')]"};
  static const struct { const char *in; int itemsize; } sizes[] = {
    {"U3", 12}, {"[('x', '<f8'), ('y', '<i4', (2,))]", 16},
    {"[('a', [('b', '|u1', (2, 3))], 2)]", 12}, {"[('', '|V4'), ('z', 'c8')]", 12},
  };
  size_t i;
  sa_dtype d;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    ASSERT_OK(sa_dtype_parse(ok[i].in, &d));
    ASSERT_STR_EQ(d.descr, ok[i].out);
  }
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ASSERT_ERR(sa_dtype_parse(bad[i], &d), SA_EDTYPE);
    ASSERT_CONTAINS(sa_errmsg(), "dtype");
  }
  for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    ASSERT_OK(sa_dtype_parse(sizes[i].in, &d));
    ASSERT_EQ(d.itemsize, sizes[i].itemsize);
    ASSERT_EQ(sa_dtype_is_numeric(&d), 0);
  }
  ASSERT_OK(sa_dtype_parse("<c16", &d));
  ASSERT_EQ(sa_dtype_is_numeric(&d), 1);
  return 0;
}

/* docs/format.md section 7: the first failure in the table's order, not in
 * the order of the keys: syntax (rule 5), then descr (6), then shape (7). */
TEST_IMPL(header_fault_order) {
  sa_meta m;
  /* a bad shape or descr written before a syntax error: the syntax error */
  ASSERT_EQ(parse("{'shape': (-1,), 'descr': '<f8', 'fortran_order': False, }}", 0, &m),
            SA_EHEADER);
  ASSERT_EQ(parse("{'descr': 'zz', 'fortran_order': False, 'shape': (2,), } x", 0, &m),
            SA_EHEADER);
  ASSERT_EQ(parse("{'shape': (-1,), 'descr': 'zz', 'fortran_order': False, 'x': 1}", 0, &m),
            SA_EHEADER);
  ASSERT_EQ(parse("{'shape': (-1,), 'descr': '<f8', 'fortran_order': 2, }", 0, &m),
            SA_EHEADER);
  /* a bad shape before a bad descr: the descr */
  ASSERT_EQ(parse("{'shape': (-1,), 'descr': 'zz', 'fortran_order': False, }", 0, &m),
            SA_EDTYPE);
  /* the shape last */
  ASSERT_EQ(parse("{'shape': (-1,), 'descr': '<f8', 'fortran_order': False, }", 0, &m),
            SA_ESHAPE);
  return 0;
}

/* The parser reads the spelling numpy and sa_header_write use in one pass
 * (header.c, sa__dict_fast) and everything else with the general parser.
 * "{ " instead of "{" is a spelling only the general parser reads: each
 * header below, and thousands of one-byte mutations of them, must give the
 * same result (code, dtype, order, shape) both ways. */
static int same_both_ways(const char *dict) {
  char slow[512];
  sa_meta a, b;
  int ra, rb, i;
  ASSERT(strlen(dict) + 2 < sizeof slow && dict[0] != '\0');
  slow[0] = dict[0];
  slow[1] = ' ';
  strcpy(slow + 2, dict + 1);
  ra = parse(dict, 4096, &a);
  rb = parse(slow, 4096, &b);
  if (ra != rb) {
    fprintf(stderr, "fast/general disagree (%d vs %d) on: %s\n", ra, rb, dict);
    return 1;
  }
  if (ra < 0)
    return 0;
  ASSERT_STR_EQ(a.dtype.descr, b.dtype.descr);
  ASSERT_EQ(a.dtype.itemsize, b.dtype.itemsize);
  ASSERT_EQ(a.dtype.kind, b.dtype.kind);
  ASSERT_EQ(a.order, b.order);
  ASSERT_EQ(a.ndim, b.ndim);
  ASSERT_EQ(a.nbytes, b.nbytes);
  for (i = 0; i < a.ndim; i++)
    ASSERT_EQ(a.shape[i], b.shape[i]);
  return 0;
}

TEST_IMPL(header_fast_agrees) {
  static const char *const dicts[] = {
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '|b1', 'fortran_order': True, 'shape': (5,), }",
    "{'descr': '<c16', 'fortran_order': False, 'shape': (), }",
    "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (0, 7), }",
    "{'descr': '|S10', 'fortran_order': False, 'shape': (1, 1, 1), }",
    "{'descr': '>i2', 'fortran_order': True, 'shape': (4, 2)}",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (5), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (3, ), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807,), }",
    "{'descr': 'f8', 'fortran_order': False, 'shape': (2,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } x",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}",
    "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }",
  };
  static const char alphabet[] = "0123456789 ,()'\"{}:<>|[]xfbTFLN\n\t-";
  unsigned seed = 12345;
  size_t i;
  int k;
  char big[512];
  sa_meta m;
  for (i = 0; i < sizeof dicts / sizeof dicts[0]; i++)
    ASSERT_EQ(same_both_ways(dicts[i]), 0);
  /* the edges, each with the answer it must give (not only the same one
   * both ways): 64 dims and not 65, INT64_MAX and not one more, padding
   * with one byte that is not a space */
  for (k = 64; k <= 65; k++) {
    int d;
    strcpy(big, "{'descr': '|u1', 'fortran_order': False, 'shape': (");
    for (d = 0; d < k; d++) strcat(big, d + 1 < k ? "1, " : "1");
    strcat(big, "), }");
    ASSERT_EQ(same_both_ways(big), 0);
    if (k == 64) {
      ASSERT_OK(parse(big, 1, &m));
      ASSERT_EQ(m.ndim, 64);
    } else {
      ASSERT_EQ(parse(big, 1, &m), SA_ENDIM);
    }
  }
  ASSERT_EQ(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(9223372036854775808,), }", 0, &m), SA_EOVERFLOW);
  /* a leading zero is a syntax error in Python, so np.load refuses it;
   * "0" and "00" are zero */
  ASSERT_EQ(same_both_ways("{'descr': '|u1', 'fortran_order': False, "
                           "'shape': (03,), }"), 0);
  ASSERT_EQ(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(03,), }", 3, &m), SA_EHEADER);
  ASSERT_EQ(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(1, 03), }", 3, &m), SA_EHEADER);
  ASSERT_EQ(parse("{'descr': [('a', '|u1', (02,))], 'fortran_order': "
                  "False, 'shape': (1,), }", 2, &m), SA_EHEADER);
  ASSERT_EQ(same_both_ways("{'descr': '|u1', 'fortran_order': False, "
                           "'shape': (00, 3), }"), 0);
  ASSERT_OK(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(00, 3), }", 0, &m));
  ASSERT_EQ(m.shape[0], 0);
  ASSERT_OK(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(0, 3), }", 0, &m));
  ASSERT_EQ(parse("{'descr': '|u1', 'fortran_order': False, 'shape': "
                  "(9223372036854775807, 0), }", 0, &m), 0);
  ASSERT_EQ(m.shape[0], INT64_MAX);
  {
    static unsigned char buf[8192];
    size_t n = make(buf, sizeof buf, "{'descr': '<f8', 'fortran_order': "
                    "False, 'shape': (2,), }", 16), pos;
    size_t dict_end = 10 + strlen("{'descr': '<f8', 'fortran_order': "
                                  "False, 'shape': (2,), }");
    for (pos = dict_end; pos < n - 16 - 1; pos++) { /* not the final '\n' */
      buf[pos] = 'x';
      ASSERT_EQ(sa_header_parse(buf, n, n, &m), SA_EHEADER);
      buf[pos] = ' ';
    }
    buf[n - 16 - 1] = 'x'; /* the final '\n' */
    ASSERT_EQ(sa_header_parse(buf, n, n, &m), SA_EHEADER);
    buf[n - 16 - 1] = ' '; /* a space there is padding too */
    ASSERT_OK(sa_header_parse(buf, n, n, &m));
  }
  for (k = 0; k < 20000; k++) {
    char d[256];
    size_t n;
    strcpy(d, dicts[k % 6]);
    n = strlen(d);
    seed = seed * 1103515245u + 12345u;
    d[1 + (seed >> 8) % (n - 1)] = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
    ASSERT_EQ(same_both_ways(d), 0);
  }
  return 0;
}
