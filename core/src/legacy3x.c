/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * legacy3x.c -- reading segments that SharedArray 3.x (the PyPI package,
 * 3.1.0 to 3.2.4) made: a read-only legacy input; sa_create never writes
 * it. docs/format.md section 13 is the specification this file implements.
 *
 * 3.x puts the data at offset 0 and a packed binary trailer after it, at
 * the very end of the segment:
 *
 *   char     magic[16];       "[SharedArray]" and three NULs (strncpy)
 *   size_t   size;            bytes of data
 *   int      typenum;         numpy's NPY_TYPES value
 *   int      itemsize;
 *   int      ndims;
 *   npy_intp dims[NPY_MAXDIMS];  32 (numpy 1.x builds) or 64 (numpy 2.x)
 *
 * in the host's byte order and sizes (the layout of 64-bit Linux: size_t
 * and npy_intp are 8 bytes). The trailer is 292 or 548 bytes, and the
 * segment size is exactly size + trailer (3.x ftruncates it to that).
 *
 * sa__legacy3x_parse is a pure function on bytes (no system calls), fuzzed
 * by tests/fuzz/fuzz_legacy3x.c; sa__legacy3x_read is the one place that
 * reads a tail from a segment. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* strncpy(magic, "[SharedArray]", 16) pads with NULs: all 16 bytes. */
static const char sa__sa3_magic[16] = "[SharedArray]\0\0";

/* numpy's NPY_TYPES (numpy/ndarraytypes.h, the same in 1.x and 2.x), with
 * the descr letter each one is read as and its fixed item size (0: any). */
static const struct {
  const char *name; /* the NPY_ constant, lower case */
  char kind;        /* descr kind letter; 0: refused, see sa__sa3_dtype */
  int size;         /* the item size numpy gives it; 0 for flexible types */
} sa__sa3_types[] = {
  /*  0 */ {"bool", 'b', 1},
  /*  1 */ {"byte", 'i', (int)sizeof(signed char)},
  /*  2 */ {"ubyte", 'u', (int)sizeof(unsigned char)},
  /*  3 */ {"short", 'i', (int)sizeof(short)},
  /*  4 */ {"ushort", 'u', (int)sizeof(short)},
  /*  5 */ {"int", 'i', (int)sizeof(int)},
  /*  6 */ {"uint", 'u', (int)sizeof(int)},
  /*  7 */ {"long", 'i', (int)sizeof(long)},
  /*  8 */ {"ulong", 'u', (int)sizeof(long)},
  /*  9 */ {"longlong", 'i', (int)sizeof(long long)},
  /* 10 */ {"ulonglong", 'u', (int)sizeof(long long)},
  /* 11 */ {"float", 'f', (int)sizeof(float)},
  /* 12 */ {"double", 'f', (int)sizeof(double)},
  /* 13 */ {"longdouble", 'f', (int)sizeof(long double)},
  /* 14 */ {"cfloat", 'c', 2 * (int)sizeof(float)},
  /* 15 */ {"cdouble", 'c', 2 * (int)sizeof(double)},
  /* 16 */ {"clongdouble", 'c', 2 * (int)sizeof(long double)},
  /* 17 */ {"object", 0, (int)sizeof(void *)},
  /* 18 */ {"string", 'S', 0},
  /* 19 */ {"unicode", 'U', 0},
  /* 20 */ {"void", 'V', 0},
  /* 21 */ {"datetime", 0, 8},
  /* 22 */ {"timedelta", 0, 8},
  /* 23 */ {"half", 'f', 2},
};
#define SA__SA3_NTYPES ((int)(sizeof sa__sa3_types / sizeof sa__sa3_types[0]))
#define SA__SA3_USERDEF 256 /* NPY_USERDEF: the first run-time typenum */

static const char *sa__sa3_type_name(int32_t typenum) {
  if (typenum >= 0 && typenum < SA__SA3_NTYPES)
    return sa__sa3_types[typenum].name;
  return "user-defined";
}

/* Rule 4: a typenum that numpy has, with the item size it gives it. */
static int sa__sa3_type_ok(int32_t typenum, int32_t itemsize) {
  int want;
  if (typenum >= SA__SA3_USERDEF) /* a user dtype: its size is its own */
    return itemsize >= 1
               ? 0
               : sa__err(SA_EHEADER, NULL, "3.x trailer: item size %d",
                         (int)itemsize);
  if (typenum < 0 || typenum >= SA__SA3_NTYPES)
    return sa__err(SA_EHEADER, NULL, "3.x trailer: typenum %d is not a "
                   "numpy type", (int)typenum);
  want = sa__sa3_types[typenum].size;
  if (want ? itemsize != want
           : itemsize < 1 || (sa__sa3_types[typenum].kind == 'U' &&
                              itemsize % 4 != 0))
    return sa__err(SA_EHEADER, NULL, "3.x trailer: item size %d for typenum "
                   "%d (%s)", (int)itemsize, (int)typenum,
                   sa__sa3_type_name(typenum));
  return 0;
}

/* Rule 8: the descr of a 3.x type, parsed as any descr is, so that what
 * this build's dtype table reads is read. 3.x always stores native byte
 * order (it makes its arrays with the type number alone). */
static int sa__sa3_dtype(int32_t typenum, int32_t itemsize, sa_dtype *dt) {
  char descr[24];
  const char *name = sa__sa3_type_name(typenum);
  char kind = typenum >= 0 && typenum < SA__SA3_NTYPES
                  ? sa__sa3_types[typenum].kind : 0;
  int n = itemsize;
  if (typenum == 17)
    return sa__err(SA_EDTYPE, NULL, "3.x typenum 17 (object): object arrays "
                   "hold pointers into their creator's memory");
  if (typenum == 21 || typenum == 22)
    return sa__err(SA_EDTYPE, NULL, "3.x typenum %d (%s): 3.x does not "
                   "record the unit", (int)typenum, name);
  if (kind == 0)
    return sa__err(SA_EDTYPE, NULL, "3.x typenum %d (%s, %d bytes)",
                   (int)typenum, name, (int)itemsize);
  if (kind == 'U')
    n = itemsize / 4;
  snprintf(descr, sizeof descr, "%c%c%d",
           kind == 'S' || kind == 'V' || itemsize == 1 ? '|'
                                                       : sa_native_order(),
           kind, n);
  if (sa_dtype_parse(descr, dt) < 0 || dt->itemsize != itemsize)
    return sa__err(SA_EDTYPE, NULL, "3.x typenum %d (%s, '%s')", (int)typenum,
                   name, descr);
  return 0;
}

static uint64_t sa__u64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static int32_t sa__i32(const unsigned char *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Check the trailer at p (maxdims dims, so SA__SA3_LEN(maxdims) bytes, the
 * last ones of a segment of segsize bytes) whose magic is already known
 * to be there: rules 2 to 8 of docs/format.md section 13. */
static int sa__sa3_check(const unsigned char *p, unsigned maxdims,
                         uint64_t segsize, int ours_only, sa_meta *out) {
  uint64_t size = sa__u64(p + 16), room;
  int32_t typenum = sa__i32(p + 24), itemsize = sa__i32(p + 28),
          ndims = sa__i32(p + 32);
  unsigned tl = SA__SA3_LEN(maxdims), i;
  sa_meta m;
  int rc;
  memset(&m, 0, sizeof m);
  if (ndims < 0 || (unsigned)ndims > maxdims)
    return sa__err(SA_ENDIM, NULL, "3.x trailer: %d dimensions (its limit "
                   "is %u)", (int)ndims, maxdims);
  for (i = 0; i < maxdims; i++) {
    int64_t d = (int64_t)sa__u64(p + SA__SA3_FIXED + 8 * i);
    if (i < (unsigned)ndims) {
      if (d < 0)
        return sa__err(SA_ESHAPE, NULL, "3.x trailer: dimension %u is %lld",
                       i, (long long)d);
      m.shape[i] = d;
    } else if (d != 0) { /* 3.x leaves them as ftruncate made them */
      return sa__err(SA_EHEADER, NULL, "3.x trailer: unused dimension %u is "
                     "not zero", i);
    }
  }
  if ((rc = sa__sa3_type_ok(typenum, itemsize)) < 0)
    return rc;
  m.ndim = ndims;
  m.dtype.itemsize = itemsize;
  if ((rc = sa__meta_sizes(&m)) < 0)
    return rc;
  if (size != m.nbytes)
    return sa__err(SA_EHEADER, NULL, "3.x trailer: size %llu, but the shape "
                   "and item size give %llu bytes", (unsigned long long)size,
                   (unsigned long long)m.nbytes);
  room = segsize - tl; /* the caller saw tl <= segsize */
  if (m.nbytes > room)
    return sa__err(SA_ETRUNC, NULL, "the data needs %llu bytes before the "
                   "%u-byte 3.x trailer, the segment has %llu",
                   (unsigned long long)m.nbytes, tl,
                   (unsigned long long)segsize);
  if (m.nbytes < room)
    return sa__err(SA_EHEADER, NULL, "3.x trailer: %llu bytes between the "
                   "data and the trailer", (unsigned long long)(room - m.nbytes));
  m.order = 'C';
  m.version = 0;
  m.data_offset = 0;
  m.format = maxdims == 32 ? SA_FORMAT_SA3_32 : SA_FORMAT_SA3_64;
  rc = sa__sa3_dtype(typenum, itemsize, &m.dtype);
  if (rc < 0 && !ours_only)
    return rc;
  *out = m;
  return 0;
}

int sa__legacy3x_parse(const void *tail, size_t len, uint64_t segsize,
                       int ours_only, sa_meta *out) {
  static const unsigned dims_of[2] = {64, 32};
  const unsigned char *b = tail;
  size_t need = segsize < SA__SA3_MAXLEN ? (size_t)segsize : SA__SA3_MAXLEN;
  int present[2] = {0, 0}, valid[2] = {0, 0}, k;
  sa_meta scratch;
  if (segsize == 0)
    return sa__err(SA_EINCOMPLETE, NULL, "the segment is empty");
  if (len < need)
    return sa__err(SA_EARG, NULL, "%zu bytes of the segment's tail, %zu "
                   "needed", len, need);
  b += len - need; /* the last need bytes */
  for (k = 0; k < 2; k++) {
    size_t tl = SA__SA3_LEN(dims_of[k]);
    int rc;
    if (tl > need || memcmp(b + need - tl, sa__sa3_magic, 16) != 0)
      continue;
    present[k] = 1;
    rc = sa__sa3_check(b + need - tl, dims_of[k], segsize, ours_only,
                       &scratch);
    valid[k] = rc == 0 || rc == SA_EDTYPE;
  }
  if (!present[0] && !present[1])
    return sa__err(SA_EMAGIC, NULL, NULL);
  /* Both cannot be valid: the 292-byte trailer's magic would lie in the
   * 548-byte one's dims[27] to dims[29], and its text makes two of them
   * above 2**62, whose product overflows (rule 5), in either byte order.
   * So a valid one wins; else the error of the first one present. Check
   * the chosen one again: its message is the one that stays. */
  k = valid[0] ? 0 : valid[1] ? 1 : present[0] ? 0 : 1;
  return sa__sa3_check(b + need - SA__SA3_LEN(dims_of[k]), dims_of[k],
                       segsize, ours_only, out);
}

int sa_legacy3x_parse(const void *tail, size_t len, uint64_t segsize,
                      sa_meta *out) {
  if (out == NULL || (tail == NULL && len > 0))
    return sa__err(SA_EARG, NULL, "NULL");
  return sa__legacy3x_parse(tail, len, segsize, 0, out);
}

int sa__legacy3x_read(int fd, const unsigned char *head, size_t k,
                      int ours_only, sa_meta *m, struct stat *st) {
  unsigned char buf[SA__SA3_MAXLEN];
  const unsigned char *tail = buf;
  size_t need, got = 0;
  uint64_t size;
  if (fstat(fd, st) < 0)
    return sa__err(-errno, NULL, NULL);
  if (!S_ISREG(st->st_mode))
    return sa__err(SA_EMAGIC, NULL, "not a regular file");
  if (st->st_size < (off_t)SA__SA3_MINLEN)
    return sa__err(SA_EMAGIC, NULL, NULL);
  size = (uint64_t)st->st_size;
  need = size < SA__SA3_MAXLEN ? (size_t)size : SA__SA3_MAXLEN;
  if (size == k) {
    tail = head + k - need; /* the whole segment was read already */
  } else {
    while (got < need) {
      ssize_t r = pread(fd, buf + got, need - got, (off_t)(size - need + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return sa__err(-errno, NULL, NULL);
      if (r == 0) break;
      got += (size_t)r;
    }
    if (got < need)
      return sa__err(SA_ETRUNC, NULL, "the segment shrank while read");
  }
  return sa__legacy3x_parse(tail, need, size, ours_only, m);
}

const char *sa_format_name(const sa_meta *m) {
  if (m == NULL) return "unknown";
  switch (m->format) {
    case SA_FORMAT_SA3_32: return "SharedArray 3.x (numpy 1.x)";
    case SA_FORMAT_SA3_64: return "SharedArray 3.x (numpy 2.x)";
    case SA_FORMAT_NPY:
      switch (m->version) {
        case 1: return ".npy 1.0";
        case 2: return ".npy 2.0";
        case 3: return ".npy 3.0";
      }
      return ".npy";
  }
  return "unknown";
}
