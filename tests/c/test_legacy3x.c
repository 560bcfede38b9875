/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * test_legacy3x.c -- segments made by SharedArray 3.x (docs/format.md
 * section 13): the trailer codec on plain bytes, each validation rule, and
 * attach (read-only and read-write), info, list and delete of real 3.2.4
 * segments (tests/fixtures/sa3) copied into /dev/shm. */
#include "task.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SA_FIXTURES_DIR
# error "SA_FIXTURES_DIR must be defined"
#endif

#define NP1 SA_FIXTURES_DIR "/sa3/np1-lef8-C-2x3.sa3" /* 48 + 292 bytes */
#define NP2 SA_FIXTURES_DIR "/sa3/np2-lef8-C-2x3.sa3" /* 48 + 548 bytes */

static size_t slurp(const char *path, unsigned char *buf, size_t cap) {
  FILE *f = fopen(path, "rb");
  size_t n;
  ASSERT(f != NULL);
  n = fread(buf, 1, cap, f);
  ASSERT(feof(f));
  fclose(f);
  return n;
}

static int host_ok(void) {
  const uint16_t one = 1;
  return *(const unsigned char *)&one && sizeof(long) == 8 &&
         sizeof(size_t) == 8;
}

/* Fields of the trailer that ends buf[0..n), which has maxdims dims. */
static unsigned char *tr(unsigned char *buf, size_t n, int maxdims) {
  return buf + n - (36 + 8 * (size_t)maxdims);
}
static void put64(unsigned char *p, int64_t v) { memcpy(p, &v, 8); }
static void put32(unsigned char *p, int32_t v) { memcpy(p, &v, 4); }

/* Whether this build's dtype table reads descr (the numeric ones always;
 * longdouble, bytes, unicode and void once the table has them). */
static int has_descr(const char *descr) {
  sa_dtype dt;
  return sa_dtype_parse(descr, &dt) == 0;
}

static int parse(const unsigned char *buf, size_t n) {
  sa_meta m;
  return sa_legacy3x_parse(buf, n, n, &m);
}

TEST_IMPL(legacy3x_parse) {
  unsigned char orig[4096], b[4096];
  size_t n;
  sa_meta m;
  int maxdims;
  if (!host_ok()) return SKIP_RC;
  for (maxdims = 32; maxdims <= 64; maxdims += 32) {
    unsigned char *t;
    n = slurp(maxdims == 32 ? NP1 : NP2, orig, sizeof orig);
    ASSERT_EQ(n, 48 + 36 + 8 * maxdims);
    ASSERT_OK(sa_legacy3x_parse(orig, n, n, &m));
    ASSERT_EQ(m.format, maxdims == 32 ? SA_FORMAT_SA3_32 : SA_FORMAT_SA3_64);
    ASSERT_STR_EQ(m.dtype.descr, "<f8");
    ASSERT_EQ(m.ndim, 2);
    ASSERT_EQ(m.shape[0], 2);
    ASSERT_EQ(m.shape[1], 3);
    ASSERT_EQ(m.order, 'C');
    ASSERT_EQ(m.version, 0);
    ASSERT_EQ(m.nitems, 6);
    ASSERT_EQ(m.nbytes, 48);
    ASSERT_EQ(m.data_offset, 0);
    ASSERT_CONTAINS(sa_format_name(&m), maxdims == 32 ? "numpy 1.x" : "numpy 2.x");
    /* only the tail is needed: the last min(size, 548) bytes */
    ASSERT_OK(sa_legacy3x_parse(orig + n - (n < 548 ? n : 548),
                                n < 548 ? n : 548, n, &m));
    ASSERT_ERR(sa_legacy3x_parse(orig + 1, (n < 548 ? n : 548) - 1, n, &m),
               SA_EARG);
    ASSERT_ERR(sa_legacy3x_parse(orig, n, 0, &m), SA_EINCOMPLETE);
    /* one more byte before the data: a gap before the trailer */
    b[0] = 0;
    memcpy(b + 1, orig, n);
    ASSERT_ERR(sa_legacy3x_parse(b, n + 1, n + 1, &m), SA_EHEADER);
    ASSERT_CONTAINS(sa_errmsg(), "between the data and the trailer");
    /* shorter than the data claims */
    ASSERT_ERR(sa_legacy3x_parse(orig + 8, n - 8, n - 8, &m), SA_ETRUNC);

#define MUTATE(stmt, code)                                                   \
    do {                                                                     \
      memcpy(b, orig, n);                                                    \
      t = tr(b, n, maxdims);                                                 \
      stmt;                                                                  \
      ASSERT_ERR(parse(b, n), code);                                         \
    } while (0)
    /* rule 1: the magic, all 16 bytes */
    MUTATE(t[0] = '{', SA_EMAGIC);
    MUTATE(t[15] = 'x', SA_EMAGIC);
    MUTATE(t[13] = ' ', SA_EMAGIC);
    /* rule 2: ndims */
    MUTATE(put32(t + 32, -1), SA_ENDIM);
    MUTATE(put32(t + 32, maxdims + 1), SA_ENDIM);
    MUTATE(put32(t + 32, 65), SA_ENDIM);
    /* rule 3: dims >= 0, the unused ones zero */
    MUTATE(put64(t + 36, -2), SA_ESHAPE);
    MUTATE(put64(t + 36 + 8 * 2, 1), SA_EHEADER);
    MUTATE(put64(t + 36 + 8 * (maxdims - 1), 7), SA_EHEADER);
    /* rule 4: a numpy typenum with its item size */
    MUTATE(put32(t + 28, 4), SA_EHEADER);          /* double of 4 bytes */
    MUTATE(put32(t + 24, -1), SA_EHEADER);
    MUTATE(put32(t + 24, 24), SA_EHEADER);
    MUTATE(put32(t + 24, 255), SA_EHEADER);
    MUTATE((put32(t + 24, 18), put32(t + 28, 0)), SA_EHEADER); /* S0 */
    MUTATE((put32(t + 24, 19), put32(t + 28, 6)), SA_EHEADER); /* U of 6 B */
    /* rule 5: numpy's overflow rule, even for an empty array */
    MUTATE((put64(t + 36, 0), put64(t + 44, (int64_t)1 << 61),
            put64(t + 16, 0)), SA_EOVERFLOW);
    /* rule 6: the size field */
    MUTATE(put64(t + 16, 47), SA_EHEADER);
    MUTATE(put64(t + 16, 49), SA_EHEADER);
    /* rule 7: size + trailer == segment size */
    MUTATE((put64(t + 36, 3), put64(t + 16, 72)), SA_ETRUNC);
    MUTATE((put64(t + 36, 1), put64(t + 16, 24)), SA_EHEADER);
    /* rule 8: types this library does not read, named */
    memcpy(b, orig, n);                          /* 3x1 longdoubles */
    t = tr(b, n, maxdims);
    put32(t + 24, 13);
    put32(t + 28, 16);
    put64(t + 36, 3);
    put64(t + 44, 1);
    if (has_descr("<f16")) { /* a dtype table that reads them */
      ASSERT_OK(sa_legacy3x_parse(b, n, n, &m));
      ASSERT_STR_EQ(m.dtype.descr, "<f16");
    } else {
      ASSERT_ERR(parse(b, n), SA_EDTYPE);
      ASSERT_CONTAINS(sa_errmsg(), "3.x typenum 13 (longdouble, '<f16')");
    }
    MUTATE(put32(t + 24, 17), SA_EDTYPE);        /* object, 8 bytes */
    ASSERT_CONTAINS(sa_errmsg(), "object");
    MUTATE(put32(t + 24, 21), SA_EDTYPE);        /* datetime, 8 bytes */
    ASSERT_CONTAINS(sa_errmsg(), "unit");
    MUTATE(put32(t + 24, 300), SA_EDTYPE);       /* a user dtype */
    ASSERT_CONTAINS(sa_errmsg(), "user-defined");
#undef MUTATE
    /* other numeric typenums of 8 bytes read as such, natively */
    memcpy(b, orig, n);
    put32(tr(b, n, maxdims) + 24, 7);
    ASSERT_OK(sa_legacy3x_parse(b, n, n, &m));
    ASSERT_STR_EQ(m.dtype.descr, "<i8");
    put32(tr(b, n, maxdims) + 24, 10);
    ASSERT_OK(sa_legacy3x_parse(b, n, n, &m));
    ASSERT_STR_EQ(m.dtype.descr, "<u8");
    put32(tr(b, n, maxdims) + 24, 14);
    ASSERT_OK(sa_legacy3x_parse(b, n, n, &m));
    ASSERT_STR_EQ(m.dtype.descr, "<c8");
    ASSERT_EQ(m.nitems, 6);
  }
  /* too short for any trailer; no trailer at all */
  memset(b, 0, sizeof b);
  ASSERT_ERR(sa_legacy3x_parse(b, 291, 291, &m), SA_EMAGIC);
  ASSERT_ERR(sa_legacy3x_parse(b, 4096, 4096, &m), SA_EMAGIC);
  /* A 292-byte trailer inside a 548-byte one's dims: the larger one fails
   * (rule 5), whatever it says, and the smaller one is read. The segment:
   * 308 bytes of uint8 data, holding a 548-byte trailer at offset 52, then
   * the 292-byte trailer of those 308 bytes. */
  n = slurp(NP1, orig, sizeof orig);
  memset(b, 0, sizeof b);
  memcpy(b + 308, orig + 48, 292);
  put64(b + 308 + 16, 308);
  put32(b + 308 + 24, 2);
  put32(b + 308 + 28, 1);
  put32(b + 308 + 32, 1);
  put64(b + 308 + 36, 308);
  put64(b + 308 + 44, 0);
  memcpy(b + 52, "[SharedArray]\0\0\0", 16);
  put64(b + 52 + 16, 52);
  put32(b + 52 + 24, 2);
  put32(b + 52 + 28, 1);
  put32(b + 52 + 32, 64);
  ASSERT_OK(sa_legacy3x_parse(b, 600, 600, &m));
  ASSERT_EQ(m.format, SA_FORMAT_SA3_32);
  ASSERT_EQ(m.ndim, 1);
  ASSERT_EQ(m.shape[0], 308);
  ASSERT_STR_EQ(m.dtype.descr, "|u1");
  /* without the smaller one, the larger one's error */
  b[308] = 0;
  ASSERT_ERR(sa_legacy3x_parse(b, 600, 600, &m), SA_EOVERFLOW);
  /* a .npy header is not a 3.x trailer, and the reverse */
  ASSERT_ERR(sa_header_parse(orig, n, n, &m), SA_EMAGIC);
  return 0;
}

/* Copy a fixture into /dev/shm under name. */
static void plant(const char *fixture, const char *name) {
  unsigned char buf[8192];
  char path[256];
  size_t n = slurp(fixture, buf, sizeof buf);
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  write_file(path, buf, n);
}

static void read_shm(const char *name, unsigned char *buf, size_t n) {
  char path[256];
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT_EQ(slurp(path, buf, 8192), (int64_t)n);
}

TEST_IMPL(legacy3x_segments) {
  const char *name = test_name("sa3"), *name2 = test_name("sa3b");
  unsigned char before[8192], after[8192];
  char fixture[512], path[256];
  sa_array *a;
  sa_info info;
  sa_list *l;
  uint64_t i;
  int found = 0, maxdims, rc;
  if (!host_ok()) return SKIP_RC;
  for (maxdims = 32; maxdims <= 64; maxdims += 32) {
    size_t n = 48 + 36 + 8 * (size_t)maxdims;
    plant(maxdims == 32 ? NP1 : NP2, name);
    read_shm(name, before, n);

    /* info */
    ASSERT_OK(sa_info_get(name, &info));
    ASSERT_EQ(info.size, n);
    ASSERT_EQ(info.meta.format, maxdims == 32 ? SA_FORMAT_SA3_32 : SA_FORMAT_SA3_64);
    ASSERT_EQ(info.meta.ndim, 2);
    ASSERT_STR_EQ(info.meta.dtype.descr, "<f8");
    ASSERT_STR_EQ(info.name, name);

    /* list, with its real shape and dtype */
    found = 0;
    ASSERT_OK(sa_list_open(NULL, &l));
    while ((rc = sa_list_next(l, &info)) == 1)
      if (strcmp(info.name, name) == 0) {
        found++;
        ASSERT_EQ(info.meta.shape[0], 2);
        ASSERT_EQ(info.meta.shape[1], 3);
        ASSERT_EQ(info.meta.format, maxdims == 32 ? SA_FORMAT_SA3_32
                                                  : SA_FORMAT_SA3_64);
      }
    ASSERT_EQ(rc, 0);
    sa_list_close(l);
    ASSERT_EQ(found, 1);

    /* read-only attach: the values 3.x wrote, and no writes */
    ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
    ASSERT_EQ(sa_readonly(a), 1);
    for (i = 0; i < 6; i++) {
      sa_value v;
      ASSERT_OK(sa_load(a, i, &v));
      ASSERT(v.f == (double)i * 0.5);
    }
    {
      sa_value v = {0};
      v.kind = 'f';
      ASSERT_ERR(sa_store(a, 0, &v), SA_EREADONLY);
    }
    sa_release(a);

    /* read-write attach: writes reach the data, never the trailer */
    ASSERT_OK(sa_attach(name, SA_ATTACH_POPULATE, &a));
    ASSERT_EQ(sa_readonly(a), 0);
    ASSERT_EQ(sa_nbytes(a), 48);
    ASSERT_OK(sa_populate(a, 0, UINT64_MAX));
    for (i = 0; i < 6; i++) {
      sa_value v = {0};
      v.kind = 'f';
      v.f = -1.0 - (double)i;
      ASSERT_OK(sa_store(a, i, &v));
    }
    {
      sa_value v = {0};
      v.kind = 'f';
      ASSERT_ERR(sa_store(a, 6, &v), SA_EINDEX);
    }
    ASSERT_OK(sa_msync(a, SA_MS_SYNC));
    ASSERT_OK(sa_mlock(a));
    ASSERT_OK(sa_munlock(a));
    sa_release(a);
    read_shm(name, after, n);
    ASSERT(memcmp(before + 48, after + 48, n - 48) == 0); /* the trailer */
    for (i = 0; i < 6; i++) {
      double d;
      memcpy(&d, after + 8 * i, 8);
      ASSERT(d == -1.0 - (double)i);
    }

    /* delete without force: a valid 3.x segment is ours */
    ASSERT_OK(sa_delete(name, 0));
    ASSERT_ERR(sa_info_get(name, &info), -ENOENT);
  }

  /* create always writes .npy */
  {
    int64_t shape[2] = {2, 3};
    ASSERT_OK(sa_create(name, 2, shape, "f8", 'C', 0, 0, &a));
    ASSERT_EQ(sa_get_meta(a)->format, SA_FORMAT_NPY);
    ASSERT_STR_EQ(sa_format_name(sa_get_meta(a)), ".npy 1.0");
    sa_release(a);
    ASSERT_OK(sa_info_get(name, &info));
    ASSERT_EQ(info.meta.format, SA_FORMAT_NPY);
    ASSERT_EQ(info.meta.data_offset, SA_DATA_OFFSET);
    ASSERT_OK(sa_delete(name, 0));
  }

  /* an empty 3.x array attaches read-write, with no bytes to write */
  snprintf(fixture, sizeof fixture, "%s/sa3/np2-lei4-C-0x3.sa3", SA_FIXTURES_DIR);
  plant(fixture, name);
  ASSERT_OK(sa_attach(name, 0, &a));
  ASSERT_EQ(sa_nbytes(a), 0);
  ASSERT_EQ(sa_nitems(a), 0);
  ASSERT_EQ(sa_shape(a)[1], 3);
  ASSERT_OK(sa_msync(a, SA_MS_SYNC));
  sa_release(a);
  ASSERT_OK(sa_delete(name, 0));

  /* Types that are not numeric: a plain attach refuses them, naming the
   * type; delete accepts them (the trailer shows a 3.x array); list shows
   * the ones the dtype table reads, with their descr, and skips the rest.
   * object, datetime64 and timedelta64 are never read. */
  {
    static const struct { const char *file, *descr; } other[] = {
      {"longdouble", "<f16"}, {"clongdouble", "<c32"}, {"bytes", "|S5"},
      {"unicode", "<U3"}, {"structured", "|V12"}, {"object", NULL},
      {"datetime", NULL}, {"timedelta", NULL},
    };
    size_t k;
    for (k = 0; k < sizeof other / sizeof other[0]; k++) {
      int listed = 0;
      snprintf(fixture, sizeof fixture, "%s/sa3/np2-%s.sa3", SA_FIXTURES_DIR,
               other[k].file);
      plant(fixture, name);
      ASSERT_ERR(sa_attach(name, SA_ATTACH_RDONLY, &a), SA_EDTYPE);
      ASSERT_CONTAINS(sa_errmsg(), name);
      ASSERT_CONTAINS(sa_errmsg(), other[k].descr ? other[k].descr + 1
                                                  : other[k].file);
      ASSERT_OK(sa_list_open(NULL, &l));
      while ((rc = sa_list_next(l, &info)) == 1)
        if (strcmp(info.name, name) == 0) {
          listed = 1;
          ASSERT(other[k].descr != NULL);
          ASSERT_STR_EQ(info.meta.dtype.descr, other[k].descr);
          ASSERT_EQ(info.meta.shape[0], 2);
        }
      ASSERT_EQ(rc, 0);
      sa_list_close(l);
      ASSERT_EQ(listed, other[k].descr != NULL && has_descr(other[k].descr));
#ifdef SA_ATTACH_ANY_DTYPE
      if (other[k].descr && has_descr(other[k].descr)) {
        ASSERT_OK(sa_attach(name, SA_ATTACH_ANY_DTYPE, &a));
        ASSERT_STR_EQ(sa_descr(a), other[k].descr);
        ASSERT_EQ(sa_nitems(a), 2);
        sa_release(a);
      }
#endif
      ASSERT_OK(sa_delete(name, 0));
    }
  }

  /* a damaged trailer is not ours: delete needs force */
  plant(NP2, name);
  {
    int fd;
    int64_t junk = 5;
    snprintf(path, sizeof path, "/dev/shm/%s", name);
    fd = open(path, O_WRONLY);
    ASSERT(fd >= 0);
    ASSERT_EQ(pwrite(fd, &junk, 8, 48 + 36 + 8 * 10), 8); /* unused dim */
    close(fd);
  }
  ASSERT_ERR(sa_attach(name, 0, &a), SA_EHEADER);
  ASSERT_CONTAINS(sa_errmsg(), name);
  ASSERT_ERR(sa_delete(name, 0), SA_EHEADER);
  ASSERT_CONTAINS(sa_errmsg(), "refusing to delete");
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));

  /* cut short: the trailer is gone, so is the proof */
  plant(NP1, name);
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  ASSERT_EQ(truncate(path, 48 + 292 - 1), 0);
  ASSERT_ERR(sa_attach(name, SA_ATTACH_RDONLY, &a), SA_EMAGIC);
  ASSERT_ERR(sa_delete(name, 0), SA_EMAGIC);
  ASSERT_OK(sa_delete(name, SA_DELETE_FORCE));

  /* a 3.x byte array whose data starts like a .npy file: its trailer,
   * filling the segment, settles it (docs/format.md section 13) */
  {
    unsigned char b[8192];
    size_t n = slurp(SA_FIXTURES_DIR "/sa3/np2-u1-C-2x3.sa3", b, sizeof b);
    memcpy(b, "\x93NUMPY", 6);
    snprintf(path, sizeof path, "/dev/shm/%s", name2);
    write_file(path, b, n);
    ASSERT_OK(sa_attach(name2, SA_ATTACH_RDONLY, &a));
    ASSERT_EQ(sa_get_meta(a)->format, SA_FORMAT_SA3_64);
    ASSERT(memcmp(sa_data(a), "\x93NUMPY", 6) == 0);
    sa_release(a);
    ASSERT_OK(sa_delete(name2, 0));
  }

  /* file:// 3.x arrays: attach, info and the pinned delete */
  {
    unsigned char b[8192];
    char fname[300];
    size_t n = slurp(NP2, b, sizeof b);
    snprintf(path, sizeof path, "/tmp/%s.sa3", name);
    write_file(path, b, n);
    snprintf(fname, sizeof fname, "file://%s", path);
    ASSERT_OK(sa_attach(fname, 0, &a));
    ASSERT_EQ(sa_get_meta(a)->format, SA_FORMAT_SA3_64);
    sa_release(a);
    ASSERT_OK(sa_info_get(fname, &info));
    ASSERT_EQ(info.size, n);
    ASSERT_OK(sa_delete(fname, 0));
    ASSERT_EQ(access(path, F_OK), -1);
  }
  return 0;
}

/* A 3.x uint8 array whose data is a .npy file (or starts like one): its
 * trailer, filling the segment to the byte, says what it is. A .npy file
 * with trailing bytes that are no trailer stays a .npy file. */
TEST_IMPL(legacy3x_npy_lookalike) {
  const char *name = test_name("sa3look");
  unsigned char buf[1024];
  char path[256];
  int64_t four[1] = {4};
  size_t n = 144, t = 36 + 8 * 64;
  sa_meta m;
  sa_info info;
  sa_array *a;
  int variant;
  if (!host_ok()) return SKIP_RC;
  snprintf(path, sizeof path, "/dev/shm/%s", name);
  for (variant = 0; variant < 3; variant++) {
    memset(buf, 0, sizeof buf);
    ASSERT_OK(sa_meta_init(&m, 1, four, "<i4", 'C'));
    m.data_offset = 128;
    ASSERT_EQ(sa_header_write(&m, buf, 128), 128);
    if (variant == 1)
      memset(buf + 10, '?', 20); /* a .npy preamble, then no header */
    memcpy(buf + n, "[SharedArray]", 13);   /* the 3.x trailer */
    put64(buf + n + 16, (int64_t)n);        /* size */
    put32(buf + n + 24, 2);                 /* NPY_UBYTE */
    put32(buf + n + 28, 1);                 /* itemsize */
    put32(buf + n + 32, 1);                 /* ndims */
    put64(buf + n + 36, (int64_t)n);        /* dims[0] */
    if (variant == 2)
      memset(buf + n, 'x', 16); /* no magic: trailing bytes of a .npy file */
    write_file(path, buf, n + t);
    ASSERT_OK(sa_info_get(name, &info));
    if (variant < 2) {
      ASSERT_EQ(info.meta.format, SA_FORMAT_SA3_64);
      ASSERT_STR_EQ(info.meta.dtype.descr, "|u1");
      ASSERT_EQ(info.meta.shape[0], (int64_t)n);
      ASSERT_OK(sa_attach(name, SA_ATTACH_RDONLY, &a));
      ASSERT_EQ(sa_nbytes(a), n);
      ASSERT(memcmp(sa_data(a), buf, n) == 0); /* the bytes, from offset 0 */
      sa_release(a);
    } else {
      ASSERT_EQ(info.meta.format, SA_FORMAT_NPY);
      ASSERT_STR_EQ(info.meta.dtype.descr, "<i4");
    }
    ASSERT_OK(sa_delete(name, 0));
  }
  return 0;
}
