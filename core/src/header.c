/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * header.c -- the .npy header codec. Pure functions on bytes: no system
 * calls, so the parser can be fuzzed and tested on plain buffers.
 * docs/format.md is the specification this file implements. */
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The first 8 bytes of a format 1.0 header: the magic, then the version. */
const unsigned char sa__npy_preamble1[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
#define sa__magic sa__npy_preamble1

#define SA__MAX_HEADER (1u << 20) /* a sanity cap on the header length */

static const char sa__spaces[1024] = {
#define SA__S8 ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '
#define SA__S64 SA__S8, SA__S8, SA__S8, SA__S8, SA__S8, SA__S8, SA__S8, SA__S8
  SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64,
  SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64, SA__S64
#undef SA__S64
#undef SA__S8
};

size_t sa__preamble_len(int version) { return version == 1 ? 10 : 12; }

uint64_t sa__header_end(const unsigned char *b) {
  uint64_t hlen = (uint64_t)b[8] | (uint64_t)b[9] << 8;
  if (b[6] != 1)
    hlen |= (uint64_t)b[10] << 16 | (uint64_t)b[11] << 24;
  return sa__preamble_len(b[6]) + hlen;
}

/* ------------------------------------------------------------ parsing */

void sa__ws(sa__cur *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' ||
                           *c->p == '\r'))
    c->p++;
}

int sa__bad(const sa__cur *c, const char *what) {
  return sa__err(SA_EHEADER, NULL, "%s at byte %ld of the header", what,
                 (long)(c->p - c->start));
}

int sa__str(sa__cur *c, char *out, size_t cap) {
  char q;
  size_t n = 0;
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
    return sa__bad(c, "expected a quoted string");
  q = *c->p++;
  while (c->p < c->end && *c->p != q) {
    if (*c->p == '\\' || *c->p == '\n' || *c->p == '\0')
      return sa__bad(c, "unexpected character in string");
    if (n + 1 < cap) out[n++] = *c->p;
    else return sa__bad(c, "string too long");
    c->p++;
  }
  if (c->p >= c->end)
    return sa__bad(c, "unterminated string");
  c->p++;
  out[n] = '\0';
  return 0;
}


static int sa__bool(sa__cur *c, char *order) {
  if (c->end - c->p >= 4 && memcmp(c->p, "True", 4) == 0) {
    c->p += 4; *order = 'F'; return 0;
  }
  if (c->end - c->p >= 5 && memcmp(c->p, "False", 5) == 0) {
    c->p += 5; *order = 'C'; return 0;
  }
  return sa__bad(c, "fortran_order must be True or False");
}

static int sa__shape(sa__cur *c, sa_meta *m) {
  int n = 0;
  if (c->p >= c->end || *c->p != '(')
    return sa__bad(c, "shape must be a tuple");
  c->p++;
  for (;;) {
    uint64_t v = 0;
    const char *d;
    sa__ws(c);
    if (c->p < c->end && *c->p == ')') { c->p++; break; }
    if (c->p < c->end && *c->p == '-')
      return sa__err(SA_ESHAPE, NULL, "negative dimension in the header");
    d = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
      uint64_t digit = (uint64_t)(*c->p - '0');
      if (v > ((uint64_t)INT64_MAX - digit) / 10)
        return sa__err(SA_EOVERFLOW, NULL, "a dimension does not fit 64 bits");
      v = v * 10 + digit;
      c->p++;
    }
    if (c->p == d)
      return sa__bad(c, "expected an integer in shape");
    if (c->p < c->end && *c->p == 'L') c->p++;  /* Python 2's long suffix */
    if (n >= SA_MAXDIMS)
      return sa__err(SA_ENDIM, NULL, "more than %d dimensions", SA_MAXDIMS);
    m->shape[n++] = (int64_t)v;
    sa__ws(c);
    if (c->p < c->end && *c->p == ',') { c->p++; continue; }
    /* "(5)" is the int 5 in Python, not a tuple: numpy refuses it too */
    if (c->p < c->end && *c->p == ')' && n > 1) { c->p++; break; }
    return sa__bad(c, n == 1 ? "a 1-d shape is written (N,)"
                             : "expected ',' or ')' in shape");
  }
  m->ndim = n;
  return 0;
}

/* 1 when the digits [d, end) are a zero followed by a non-zero digit
 * ("03"): Python (and so numpy) refuses those; "0" and "00" are zero. */
static int sa__nonzero_after_zero(const char *d, const char *end) {
  for (d++; d < end; d++)
    if (*d != '0') return 1;
  return 0;
}

/* Skip one Python literal as numpy writes them in a header: a quoted
 * string, a tuple or list of literals, True, False, None or an integer.
 * Syntax only (rule 5): what the values mean is checked afterwards, in the
 * order of docs/format.md section 7, whatever the order of the keys. */
static int sa__skip(sa__cur *c, int depth) {
  char ch, close;
  int rc;
  sa__ws(c);
  if (c->p >= c->end)
    return sa__bad(c, "expected a value");
  ch = *c->p;
  if (ch == '\'' || ch == '"') {
    for (c->p++; c->p < c->end && *c->p != ch; c->p++) {
      if (*c->p == '\n' || *c->p == '\0')
        return sa__bad(c, "unexpected character in string");
      if (*c->p == '\\' && c->p + 1 < c->end)
        c->p++;
    }
    if (c->p >= c->end)
      return sa__bad(c, "unterminated string");
    c->p++;
    return 0;
  }
  if (ch == '(' || ch == '[') {
    if (depth > 32)
      return sa__bad(c, "values nested too deep");
    close = ch == '(' ? ')' : ']';
    for (c->p++;;) {
      sa__ws(c);
      if (c->p < c->end && *c->p == close) { c->p++; return 0; }
      if ((rc = sa__skip(c, depth + 1)) < 0) return rc;
      sa__ws(c);
      if (c->p < c->end && *c->p == ',') { c->p++; continue; }
      if (c->p < c->end && *c->p == close) { c->p++; return 0; }
      return sa__bad(c, "expected ',' or a closing bracket");
    }
  }
  if (ch == '-' || (ch >= '0' && ch <= '9')) {
    const char *d;
    if (ch == '-') c->p++;
    for (d = c->p; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++) {}
    if (c->p == d)
      return sa__bad(c, "expected a digit");
    if (*d == '0' && sa__nonzero_after_zero(d, c->p)) /* Python: "03" */
      return sa__bad(c, "an integer with a leading zero");
    if (c->p < c->end && *c->p == 'L') c->p++;  /* Python 2's long suffix */
    return 0;
  }
  if (c->end - c->p >= 4 && (memcmp(c->p, "True", 4) == 0 ||
                             memcmp(c->p, "None", 4) == 0)) {
    c->p += 4;
    return 0;
  }
  if (c->end - c->p >= 5 && memcmp(c->p, "False", 5) == 0) {
    c->p += 5;
    return 0;
  }
  return sa__bad(c, "unexpected character");
}

/* Parse the value that a key's span holds, which must use all of it. */
static int sa__span_done(sa__cur *c, int code, const char *what) {
  sa__ws(c);
  if (c->p != c->end)
    return sa__err(code, NULL, "%s", what);
  return 0;
}

/* The common padding, spaces then one '\n', in a few memcmp calls and no
 * byte loop: returns end when [p, end) is that, else the start of the first
 * block that is not (to be checked byte by byte by the caller). */
static const char *sa__pad_end(const char *p, const char *end) {
  const char *stop = end;
  if (stop > p && stop[-1] == '\n') stop--;
  while (p < stop) {
    size_t run = (size_t)(stop - p);
    if (run > sizeof sa__spaces) run = sizeof sa__spaces;
    if (memcmp(p, sa__spaces, run) != 0) return p;
    p += run;
  }
  return end;
}

/* The dict exactly as numpy and sa_header_write spell it, e.g.
 * "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" then the
 * padding, read in one pass: every attach reads one. Returns 1 with the
 * order, dtype and shape set, or 0 when the text differs from that
 * spelling in any way; the general parser (sa__dict) then decides, errors
 * included. It accepts only text that sa__dict accepts, with the same
 * result (tests/c/test_header.c checks the two agree). */
static int sa__dict_fast(const char *text, size_t len, sa_meta *m) {
  static const char k_descr[] = "{'descr': '", k_order[] = ", 'fortran_order': ",
                    k_shape[] = ", 'shape': (";
  const char *p = text, *end = text + len, *q;
  int64_t shape[SA_MAXDIMS];
  sa__cur v;
  int n = 0, i;
#define SA__LIT(k) \
  do { \
    if ((size_t)(end - p) < sizeof k - 1 || memcmp(p, k, sizeof k - 1) != 0) \
      return 0; \
    p += sizeof k - 1; \
  } while (0)
  SA__LIT(k_descr);
  /* a simple descr: "<f8", "|b1", "<M8[ns]", "|S10"; no quotes or escapes */
  for (q = p; q < end && *q != '\''; q++)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
          (*q >= '0' && *q <= '9') || *q == '<' || *q == '>' || *q == '|' ||
          *q == '=' || *q == '[' || *q == ']'))
      return 0;
  if (q >= end)
    return 0;
  v.p = p - 1;
  v.end = q + 1;
  v.start = text;
  v.latin1 = m->version < 3;
  if (sa__descr_parse(&v, &m->dtype) < 0 || v.p != v.end)
    return 0;
  p = q + 1;
  SA__LIT(k_order);
  if (end - p >= 5 && memcmp(p, "False", 5) == 0) {
    m->order = 'C';
    p += 5;
  } else if (end - p >= 4 && memcmp(p, "True", 4) == 0) {
    m->order = 'F';
    p += 4;
  } else {
    return 0;
  }
  SA__LIT(k_shape);
  while (p < end && *p != ')') { /* "()", "(5,)", "(3, 4)" */
    uint64_t d = 0;
    if (n == SA_MAXDIMS || !(*p >= '0' && *p <= '9'))
      return 0;
    if (*p == '0' && end - p >= 2 && p[1] >= '0' && p[1] <= '9')
      return 0; /* "03" (refused) or "00": the general parser decides */
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
      if (d > ((uint64_t)INT64_MAX - (uint64_t)(*p - '0')) / 10)
        return 0;
      d = d * 10 + (uint64_t)(*p - '0');
    }
    shape[n++] = (int64_t)d;
    if (end - p >= 2 && p[0] == ',' && p[1] == ')' && n == 1)
      p++;
    else if (end - p >= 2 && p[0] == ',' && p[1] == ' ')
      p += 2;
    else if (!(p < end && *p == ')' && n > 1))
      return 0;
  }
  if (p >= end || (n == 1 && p[-1] != ','))
    return 0;
  p++; /* ')' */
  if (end - p >= 3 && memcmp(p, ", }", 3) == 0)
    p += 3;
  else if (p < end && *p == '}')
    p++;
  else
    return 0;
  if (sa__pad_end(p, end) != end)
    return 0;
#undef SA__LIT
  m->ndim = n;
  for (i = 0; i < n; i++)
    m->shape[i] = shape[i];
  return 1;
}

static int sa__dict(const char *text, size_t len, sa_meta *m) {
  sa__cur c = {text, text + len, text, m->version < 3}, v;
  const char *span[3][2] = {{NULL, NULL}, {NULL, NULL}, {NULL, NULL}};
  static const char *const keys[3] = {"descr", "fortran_order", "shape"};
  int k, rc;
  /* rule 5: the dict parses, with exactly the three keys */
  sa__ws(&c);
  if (c.p >= c.end || *c.p != '{')
    return sa__bad(&c, "expected '{'");
  c.p++;
  for (;;) {
    char key[32];
    sa__ws(&c);
    if (c.p < c.end && *c.p == '}') { c.p++; break; }
    if ((rc = sa__str(&c, key, sizeof key)) < 0) return rc;
    sa__ws(&c);
    if (c.p >= c.end || *c.p != ':') return sa__bad(&c, "expected ':'");
    c.p++;
    sa__ws(&c);
    for (k = 0; k < 3 && strcmp(key, keys[k]) != 0; k++) {}
    if (k == 3 || span[k][0] != NULL)
      return sa__err(SA_EHEADER, NULL, "unexpected or repeated key '%s'", key);
    span[k][0] = c.p;
    if ((rc = sa__skip(&c, 0)) < 0) return rc;
    span[k][1] = c.p;
    sa__ws(&c);
    if (c.p < c.end && *c.p == ',') { c.p++; continue; }
    if (c.p < c.end && *c.p == '}') { c.p++; break; }
    return sa__bad(&c, "expected ',' or '}'");
  }
  for (k = 0; k < 3; k++)
    if (span[k][0] == NULL)
      return sa__err(SA_EHEADER, NULL, "missing key '%s'", keys[k]);
  /* Still rule 5: the rest is padding, spaces (thousands of them in our
   * segments) then usually '\n'; checked before the values, so that a
   * header with several faults gives the table's first. Compare whole
   * blocks with memcmp (vectorised in libc); a block with anything else in
   * it is checked byte by byte below. */
  c.p = sa__pad_end(c.p, c.end);
  sa__ws(&c);
  while (c.p < c.end && *c.p == '\0') c.p++;  /* tolerate NUL padding */
  if (c.p != c.end)
    return sa__bad(&c, "unexpected text after the dict");
  v = c;
  v.p = span[1][0];
  v.end = span[1][1];
  if ((rc = sa__bool(&v, &m->order)) < 0 ||
      (rc = sa__span_done(&v, SA_EHEADER, "fortran_order must be True or "
                          "False")) < 0)
    return rc;
  /* rule 6: the descr */
  v.p = span[0][0];
  v.end = span[0][1];
  if ((rc = sa__descr_parse(&v, &m->dtype)) < 0 ||
      (rc = sa__span_done(&v, SA_EDTYPE, "descr must be a string or a list "
                          "of fields")) < 0)
    return rc;
  /* rule 7: the shape (rule 8 follows in sa__sizes) */
  v.p = span[2][0];
  v.end = span[2][1];
  if ((rc = sa__shape(&v, m)) < 0 ||
      (rc = sa__span_done(&v, SA_EHEADER, "shape must be a tuple")) < 0)
    return rc;
  return 0;
}

/* Sizes from shape and dtype, with overflow checks. */
static int sa__sizes(sa_meta *m) {
  /* the product, and the itemsize times the product of the non-zero dims */
  uint64_t n = 1, nz = (uint64_t)m->dtype.itemsize;
  int i;
  for (i = 0; i < m->ndim; i++) {
    uint64_t d;
    if (m->shape[i] < 0)
      return sa__err(SA_ESHAPE, NULL, "dimension %d is negative", i);
    d = (uint64_t)m->shape[i];
    /* Exactly numpy's rule: the itemsize times the non-zero dimensions must
     * fit a signed 64-bit integer, even when a zero makes the array empty;
     * numpy (and so every language) could not make such an array. */
    if (d != 0 && nz > (uint64_t)INT64_MAX / d)
      return sa__err(SA_EOVERFLOW, NULL, "the shape times the itemsize (%d) "
                     "overflows", m->dtype.itemsize);
    if (d != 0) nz *= d;
    n *= d;
  }
  if (n > (uint64_t)INT64_MAX / (uint64_t)m->dtype.itemsize)
    return sa__err(SA_EOVERFLOW, NULL, "%llu items of %d bytes",
                   (unsigned long long)n, m->dtype.itemsize);
  m->nitems = n;
  m->nbytes = n * (uint64_t)m->dtype.itemsize;
  return 0;
}

/* Each of the first 8 bytes is 0 or the byte of "\x93NUMPY\x01\x00". */
static int sa__partial_magic(const unsigned char *p) {
  int i;
  for (i = 0; i < 8; i++)
    if (p[i] != 0 && p[i] != sa__npy_preamble1[i]) return 0;
  return 1;
}

int sa_header_parse(const void *buf, size_t len, uint64_t segsize,
                    sa_meta *out) {
  const unsigned char *b = buf;
  size_t pre;
  uint64_t hlen;
  sa_meta m;
  int rc;
  if (segsize == 0)
    return sa__err(SA_EINCOMPLETE, NULL, "the segment is empty");
  if (len > segsize)
    len = (size_t)segsize;
  if (len < 6)
    return sa__err(SA_ETRUNC, NULL, "%zu bytes is too short for a header", len);
  /* A creator writes everything but magic and version first, then those 8
   * bytes; a racing reader may see any mixture of zeros and them. */
  if (len >= 18 && sa__partial_magic(b) && memcmp(b + 10, "{'descr'", 8) == 0 &&
      (memcmp(b, sa__magic, 6) != 0 || b[6] == 0))
    return sa__err(SA_EINCOMPLETE, NULL, NULL);
  if (memcmp(b, sa__magic, 6) != 0)
    return sa__err(SA_EMAGIC, NULL, NULL);
  if (len < 8)
    return sa__err(SA_ETRUNC, NULL, "%zu bytes is too short for a header", len);
  if (b[6] < 1 || b[6] > 3 || b[7] != 0)
    return sa__err(SA_EVERSION, NULL, "%u.%u (supported: 1.0, 2.0, 3.0)",
                   b[6], b[7]);
  /* zero all but the descr text, which the parser writes with its NUL:
   * that buffer is 2 KiB, and this is every attach's path */
  memset((char *)&m + offsetof(sa_meta, dtype) + sizeof m.dtype.descr, 0,
         sizeof m - offsetof(sa_meta, dtype) - sizeof m.dtype.descr);
  m.dtype.descr[0] = '\0';
  m.version = b[6];
  pre = sa__preamble_len(m.version);
  if (len < pre)
    return sa__err(SA_ETRUNC, NULL, "%zu bytes is too short for a header", len);
  hlen = sa__header_end(b) - pre;
  if (hlen > SA__MAX_HEADER)
    return sa__err(SA_EHEADER, NULL, "header length %llu is too large",
                   (unsigned long long)hlen);
  if (pre + hlen > len) {
    if (pre + hlen > segsize)
      return sa__err(SA_ETRUNC, NULL, "the header needs %llu bytes, the "
                     "segment has %llu", (unsigned long long)(pre + hlen),
                     (unsigned long long)segsize);
    return sa__err(SA_ETRUNC, NULL, "the header needs %llu bytes, %zu were "
                   "read", (unsigned long long)(pre + hlen), len);
  }
  if (!sa__dict_fast((const char *)b + pre, (size_t)hlen, &m)) {
    /* the general parser, on a clean meta */
    memset((char *)&m + offsetof(sa_meta, dtype) + sizeof m.dtype.descr, 0,
           sizeof m - offsetof(sa_meta, dtype) - sizeof m.dtype.descr);
    m.dtype.descr[0] = '\0';
    m.version = b[6];
    if ((rc = sa__dict((const char *)b + pre, (size_t)hlen, &m)) < 0)
      return rc;
  }
  if ((rc = sa__sizes(&m)) < 0)
    return rc;
  m.data_offset = pre + hlen;
  if (m.nbytes > segsize - m.data_offset)
    return sa__err(SA_ETRUNC, NULL, "the data needs %llu bytes at offset %llu, "
                   "the segment has %llu", (unsigned long long)m.nbytes,
                   (unsigned long long)m.data_offset,
                   (unsigned long long)segsize);
  sa__meta_copy(out, &m);
  return 0;
}

void sa__meta_copy(sa_meta *dst, const sa_meta *src) {
  /* the descr text up to its NUL (its buffer is 2 KiB, its text usually 4
   * bytes), then every field after it: this is on every attach's path */
  size_t tail = offsetof(sa_meta, dtype) + sizeof src->dtype.descr;
  memcpy(dst->dtype.descr, src->dtype.descr,
         strnlen(src->dtype.descr, sizeof src->dtype.descr - 1) + 1);
  dst->dtype.descr[sizeof dst->dtype.descr - 1] = '\0';
  memcpy((char *)dst + tail, (const char *)src + tail, sizeof *dst - tail);
}

/* ------------------------------------------------------------ writing */

int sa_meta_init(sa_meta *m, int ndim, const int64_t *shape,
                 const char *dtype, char order) {
  int i, rc;
  memset(m, 0, sizeof *m);
  if (order == 0) order = 'C';
  if (order == 'c') order = 'C';
  if (order == 'f') order = 'F';
  if (order != 'C' && order != 'F')
    return sa__err(SA_EORDER, "order", "'%c'", order);
  if (ndim < 0 || ndim > SA_MAXDIMS)
    return sa__err(SA_ENDIM, "shape", "%d dimensions", ndim);
  if (ndim > 0 && shape == NULL)
    return sa__err(SA_EARG, "shape", "missing");
  if ((rc = sa_dtype_parse(dtype, &m->dtype)) < 0)
    return rc;
  m->ndim = ndim;
  m->order = order;
  m->version = 1;
  for (i = 0; i < ndim; i++)
    m->shape[i] = shape[i];
  if ((rc = sa__sizes(m)) < 0)
    return sa__err_prefix("shape");
  m->data_offset = SA_DATA_OFFSET;
  return 0;
}

int sa_header_write(const sa_meta *m, void *buf, size_t cap) {
  char *out = buf;
  size_t total = (size_t)m->data_offset, n;
  int i, k;
  if (total < 64 || total % 64 != 0 || total > 65535 + 10 || total > cap)
    return sa__err(SA_EARG, NULL, "data offset %llu",
                   (unsigned long long)m->data_offset);
  if (m->ndim < 0 || m->ndim > SA_MAXDIMS ||
      strnlen(m->dtype.descr, sizeof m->dtype.descr) >= sizeof m->dtype.descr)
    return sa__err(SA_EARG, NULL, "invalid meta (ndim %d)", m->ndim);
  for (k = 0; m->dtype.descr[k]; k++) /* a 1.0 header is latin-1 */
    if ((unsigned char)m->dtype.descr[k] >= 0x80)
      return sa__err(SA_EDTYPE, NULL, "field names must be ASCII");
  memcpy(out, sa__magic, 6);
  out[6] = 1;
  out[7] = 0;
  out[8] = (char)((total - 10) & 0xff);
  out[9] = (char)((total - 10) >> 8);
  n = 10;
  /* appended by hand rather than with snprintf: every create writes one */
#define SA__PUT(s, len)                                                      \
  do {                                                                       \
    size_t l_ = (len);                                                       \
    if (n + l_ >= total) goto small;                                         \
    memcpy(out + n, (s), l_);                                                \
    n += l_;                                                                 \
  } while (0)
  SA__PUT("{'descr': ", 10);
  if (!m->dtype.structured) SA__PUT("'", 1);
  SA__PUT(m->dtype.descr, strlen(m->dtype.descr));
  if (!m->dtype.structured) SA__PUT("'", 1);
  if (m->order == 'F') SA__PUT(", 'fortran_order': True, 'shape': (", 35);
  else SA__PUT(", 'fortran_order': False, 'shape': (", 36);
  for (i = 0; i < m->ndim; i++) { /* "(5,)", "(2, 3)": Python's repr */
    char digits[24];
    int nd = 0;
    uint64_t v = (uint64_t)m->shape[i];
    do digits[nd++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    if (n + (size_t)nd + 2 >= total) goto small;
    while (nd > 0) out[n++] = digits[--nd];
    if (i + 1 < m->ndim) { out[n++] = ','; out[n++] = ' '; }
    else if (m->ndim == 1) out[n++] = ',';
  }
  SA__PUT("), }", 4);
#undef SA__PUT
  memset(out + n, ' ', total - 1 - n);
  out[total - 1] = '\n';
  return (int)total;
small:
  return sa__err(SA_EARG, NULL, "header does not fit in %zu bytes", total);
}

/* For the SharedArray 3.x reader (legacy3x.c): the same sizes and rule. */
int sa__meta_sizes(sa_meta *m) { return sa__sizes(m); }
