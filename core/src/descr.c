/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * descr.c -- the descr codec: a plain descr ("<f8", "|S10", "<U3", "|V8",
 * "<M8[ns]", "<f16") or a structured dtype's list of fields, as numpy's
 * .npy format writes them (docs/format.md, section 5). Pure functions on
 * text, fuzzed through the header parser. The result is normalised the way
 * numpy's repr writes it, so that equal dtypes give equal text. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define SA__MAX_DEPTH  8    /* nesting of structured fields */
#define SA__MAX_FIELDS 256  /* fields in one structured level */
#define SA__MAX_FNAME  256  /* bytes in a field name, with the NUL */

int sa_dtype_is_numeric(const sa_dtype *dt) {
  if (dt->structured) return 0;
  switch (dt->kind) {
    case 'b': return dt->itemsize == 1;
    case 'i': case 'u':
      return dt->itemsize == 1 || dt->itemsize == 2 || dt->itemsize == 4 ||
             dt->itemsize == 8;
    case 'f': return dt->itemsize == 2 || dt->itemsize == 4 || dt->itemsize == 8;
    case 'c': return dt->itemsize == 8 || dt->itemsize == 16;
    default: return 0;
  }
}

static int sa__bad_descr(const char *s) {
  if (strchr(s, 'O'))
    return sa__err(SA_EDTYPE, NULL, "'%.60s' (object arrays cannot be "
                   "shared: they hold pointers)", s);
  return sa__err(SA_EDTYPE, NULL, "'%.60s' (supported: b1, i1-i8, u1-u8, f2, "
                 "f4, f8, c8, c16, f%d, c%d, S<n>, U<n>, V<n>, M8[unit], "
                 "m8[unit] and structured dtypes, either byte order)", s,
                 (int)sizeof(long double), 2 * (int)sizeof(long double));
}

/* A datetime unit: "[ns]", "[10ms]", "[generic]"; empty means generic. */
static int sa__unit(const char *u) {
  static const char *const units[] = {"Y", "M", "W", "D", "h", "m", "s",
    "ms", "us", "ns", "ps", "fs", "as", "generic", "\xce\xbcs"};
  const char *p = u + 1, *close;
  size_t k;
  int digits = 0;
  if (*u == '\0') return 0;
  if (*u != '[') return -1;
  close = strchr(u, ']');
  if (close == NULL || close[1] != '\0') return -1;
  for (; *p >= '0' && *p <= '9'; p++)
    if (++digits > 9 || (digits == 1 && *p == '0')) return -1;
  for (k = 0; k < sizeof units / sizeof units[0]; k++)
    if ((size_t)(close - p) == strlen(units[k]) &&
        memcmp(p, units[k], (size_t)(close - p)) == 0)
      return digits && k == 13 ? -1 : 0; /* no "[2generic]" */
  return -1;
}

int sa__descr_simple(const char *spec, sa_dtype *dt) {
  const char *s = spec;
  char order = 0, kind;
  const char *digits_at;
  size_t tail;
  unsigned long n = 0;
  int digits = 0, ok;
  long double probe = 0; /* the platform's long double: f16 on x86-64 */
  const int ld = (int)sizeof probe;
  if (*s == '<' || *s == '>' || *s == '|' || *s == '=')
    order = *s++;
  kind = *s;
  if (kind == '\0' || !strchr("biufcSUVMm", kind))
    return sa__bad_descr(spec);
  digits_at = s + 1;
  for (s++; *s >= '0' && *s <= '9'; s++) {
    if (++digits > 9 || (digits == 1 && *s == '0'))
      return sa__bad_descr(spec);
    n = n * 10 + (unsigned long)(*s - '0');
  }
  if (digits == 0)
    return sa__bad_descr(spec);
  if (kind == 'M' || kind == 'm') {
    if (n != 8 || sa__unit(s) < 0)
      return sa__bad_descr(spec);
  } else if (*s != '\0') {
    return sa__bad_descr(spec);
  }
  switch (kind) {
    case 'b': ok = n == 1; break;
    case 'i': case 'u': ok = n == 1 || n == 2 || n == 4 || n == 8; break;
    case 'f': ok = n == 2 || n == 4 || n == 8 || (n == (unsigned long)ld &&
                   ld > 8); break;
    case 'c': ok = n == 8 || n == 16 || (n == 2 * (unsigned long)ld && ld > 8);
      break;
    case 'U': ok = n <= 0x1fffffffUL; break; /* n characters of 4 bytes */
    default: ok = 1; break;                  /* S, V: n bytes; M, m: 8 */
  }
  if (!ok)
    return sa__bad_descr(spec);
  dt->structured = 0; /* every field is set: no memset of the 2 KiB descr */
  dt->kind = kind;
  dt->itemsize = (int)(kind == 'U' ? 4 * n : n);
  if (kind == 'S' || kind == 'V' || (kind != 'U' && n == 1))
    order = '|';
  else if (order == 0 || order == '=' || order == '|')
    order = sa_native_order();
  dt->byteorder = order;
  /* order, kind, then the digits and any [unit] as given (already
   * canonical): no printf on the attach path */
  dt->descr[0] = order;
  dt->descr[1] = kind;
  tail = strlen(digits_at);
  if (tail + 3 > sizeof dt->descr)
    return sa__bad_descr(spec);
  memcpy(dt->descr + 2, digits_at, tail + 1);
  return 0;
}

/* ------------------------------------------------------ structured */

typedef struct {
  char *out;
  size_t n, cap;
} sa__buf;

static int sa__put(sa__buf *b, const char *text, size_t len) {
  if (b->n + len + 1 > b->cap)
    return sa__err(SA_EDTYPE, NULL, "the structured dtype's descr is longer "
                   "than %d bytes", SA_DESCR_MAX - 1);
  memcpy(b->out + b->n, text, len);
  b->n += len;
  b->out[b->n] = '\0';
  return 0;
}

static int sa__puts(sa__buf *b, const char *text) {
  return sa__put(b, text, strlen(text));
}

/* A string as Python's repr writes it (no escapes can occur: the parser
 * refuses backslashes, so the text never holds both quote kinds). */
static int sa__put_str(sa__buf *b, const char *s) {
  const char *q = strchr(s, '\'') ? "\"" : "'";
  int rc;
  if ((rc = sa__puts(b, q)) < 0 || (rc = sa__puts(b, s)) < 0)
    return rc;
  return sa__puts(b, q);
}

/* A field name or title as UTF-8, whatever the header's encoding: a
 * latin-1 one (.npy 1.0 and 2.0) is converted, a UTF-8 one (.npy 3.0, or a
 * dtype given to create) must be valid, as numpy's decoding requires. */
static int sa__name_text(const sa__cur *c, const char *in, char *out,
                         size_t cap) {
  const unsigned char *s = (const unsigned char *)in;
  size_t n = 0;
  for (; *s; s++) {
    if (n + 3 > cap)
      return sa__err(SA_EDTYPE, NULL, "a field name is too long");
    if (*s < 0x80) {
      out[n++] = (char)*s;
    } else if (c->latin1) {
      out[n++] = (char)(0xc0 | (*s >> 6));
      out[n++] = (char)(0x80 | (*s & 0x3f));
    } else {
      unsigned cp;
      int len = sa__utf8(s, &cp);
      if (len == 0)
        return sa__err(SA_EDTYPE, NULL, "a field name is not UTF-8");
      if (n + (size_t)len + 1 > cap)
        return sa__err(SA_EDTYPE, NULL, "a field name is too long");
      memcpy(out + n, s, (size_t)len);
      n += (size_t)len;
      s += len - 1;
    }
  }
  out[n] = '\0';
  return 0;
}

/* A quoted field name or title, as UTF-8 (cap bytes with the NUL). */
static int sa__fname(sa__cur *c, char *out, size_t cap) {
  char raw[SA__MAX_FNAME];
  int rc;
  if ((rc = sa__str(c, raw, sizeof raw)) < 0)
    return rc;
  return sa__name_text(c, raw, out, cap);
}

static int sa__expect(sa__cur *c, char ch, const char *what) {
  sa__ws(c);
  if (c->p >= c->end || *c->p != ch)
    return sa__bad(c, what);
  c->p++;
  sa__ws(c);
  return 0;
}

/* A non-negative integer, for sub-array shapes. */
static int sa__int(sa__cur *c, int64_t *v) {
  uint64_t x = 0;
  const char *d = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    uint64_t digit = (uint64_t)(*c->p - '0');
    if (x > ((uint64_t)INT64_MAX - digit) / 10)
      return sa__err(SA_EOVERFLOW, NULL, "a sub-array dimension does not fit "
                     "64 bits");
    x = x * 10 + digit;
    c->p++;
  }
  if (c->p == d)
    return sa__bad(c, "expected a non-negative integer in a sub-array shape");
  *v = (int64_t)x;
  return 0;
}

/* A field's sub-array shape: an int or a tuple of ints. Multiplies *count
 * by its product and writes it as a tuple. */
static int sa__subshape(sa__cur *c, sa__buf *b, int64_t *count) {
  int64_t dims[SA_MAXDIMS], v = 0;
  int n = 0, k, rc;
  char num[32];
  if (c->p < c->end && *c->p == '(') {
    c->p++;
    for (;;) {
      sa__ws(c);
      if (c->p < c->end && *c->p == ')') { c->p++; break; }
      if ((rc = sa__int(c, &v)) < 0) return rc;
      if (n >= SA_MAXDIMS)
        return sa__err(SA_ENDIM, NULL, "a sub-array has more than %d "
                       "dimensions", SA_MAXDIMS);
      dims[n++] = v;
      sa__ws(c);
      if (c->p < c->end && *c->p == ',') { c->p++; continue; }
      if (c->p < c->end && *c->p == ')' && n > 1) { c->p++; break; }
      return sa__bad(c, "expected ',' or ')' in a sub-array shape");
    }
  } else {
    if ((rc = sa__int(c, &v)) < 0) return rc;
    dims[n++] = v;
  }
  if ((rc = sa__puts(b, ", (")) < 0) return rc;
  for (k = 0; k < n; k++) {
    if (dims[k] != 0 && *count > INT32_MAX / dims[k])
      return sa__err(SA_EOVERFLOW, NULL, "a sub-array is too large");
    *count *= dims[k];
    snprintf(num, sizeof num, k + 1 < n ? "%lld, " : n == 1 ? "%lld," : "%lld",
             (long long)dims[k]);
    if ((rc = sa__puts(b, num)) < 0) return rc;
  }
  return sa__puts(b, ")");
}

static int sa__fields(sa__cur *c, sa__buf *b, int depth, int64_t *size);

/* One field: (name, type[, shape]) or ((title, name), type[, shape]).
 * name and title (empty if none) get SA__MAX_FNAME bytes each. */
static int sa__field(sa__cur *c, sa__buf *b, int depth, int64_t *size,
                     char *name, char *title, int *padding) {
  int64_t fsize = 0, count = 1;
  int rc;
  title[0] = '\0';
  if ((rc = sa__expect(c, '(', "expected '(' to start a field")) < 0)
    return rc;
  if ((rc = sa__puts(b, "(")) < 0) return rc;
  if (c->p < c->end && *c->p == '(') { /* (title, name) */
    c->p++;
    sa__ws(c);
    if ((rc = sa__fname(c, title, SA__MAX_FNAME)) < 0) return rc;
    if ((rc = sa__expect(c, ',', "expected ',' after a field title")) < 0)
      return rc;
    if ((rc = sa__fname(c, name, SA__MAX_FNAME)) < 0) return rc;
    if (strcmp(title, name) == 0)
      return sa__err(SA_EDTYPE, NULL, "field '%.60s' has itself as title",
                     name);
    if ((rc = sa__expect(c, ')', "expected ')' after a field name")) < 0)
      return rc;
    if ((rc = sa__puts(b, "(")) < 0 || (rc = sa__put_str(b, title)) < 0 ||
        (rc = sa__puts(b, ", ")) < 0 || (rc = sa__put_str(b, name)) < 0 ||
        (rc = sa__puts(b, ")")) < 0)
      return rc;
  } else {
    if ((rc = sa__fname(c, name, SA__MAX_FNAME)) < 0) return rc;
    if ((rc = sa__put_str(b, name)) < 0) return rc;
  }
  if ((rc = sa__expect(c, ',', "expected ',' after a field name")) < 0)
    return rc;
  if ((rc = sa__puts(b, ", ")) < 0) return rc;
  *padding = 0;
  if (c->p < c->end && *c->p == '[') {
    if ((rc = sa__fields(c, b, depth + 1, &fsize)) < 0) return rc;
  } else {
    char text[64];
    sa_dtype ft;
    if ((rc = sa__str(c, text, sizeof text)) < 0) return rc;
    if (text[0] == '(')
      return sa__err(SA_EDTYPE, NULL, "'%s': write a sub-array field as "
                     "(name, type, shape)", text);
    if ((rc = sa__descr_simple(text, &ft)) < 0) return rc;
    if ((rc = sa__put_str(b, ft.descr)) < 0) return rc;
    fsize = ft.itemsize;
    /* numpy reads ('', '|Vn') as n bytes of padding, not as a field */
    *padding = name[0] == '\0' && ft.kind == 'V';
  }
  sa__ws(c);
  if (c->p < c->end && *c->p == ',') {
    c->p++;
    sa__ws(c);
    if (c->p < c->end && *c->p != ')') {
      if ((rc = sa__subshape(c, b, &count)) < 0) return rc;
      sa__ws(c);
      if (c->p < c->end && *c->p == ',') { c->p++; sa__ws(c); }
    }
  }
  if ((rc = sa__expect(c, ')', "expected ')' to end a field")) < 0) return rc;
  if (count != 0 && fsize > INT32_MAX / count)
    return sa__err(SA_EOVERFLOW, NULL, "a field is too large");
  *size = fsize * count;
  return sa__puts(b, ")");
}

/* [field, field, ...]: the itemsize is the sum of the fields'. */
static int sa__fields(sa__cur *c, sa__buf *b, int depth, int64_t *size) {
  /* the names and titles so far, for the duplicate check: they fit in a
   * descr (numpy refuses a name or title used twice, in either role) */
  char pool[SA_DESCR_MAX], name[SA__MAX_FNAME], title[SA__MAX_FNAME];
  unsigned short at[2 * SA__MAX_FIELDS]; /* offsets into pool */
  size_t used = 0, len;
  int t;
  int n = 0, written = 0, k, rc, padding = 0;
  int64_t total = 0, fsize = 0;
  if (depth > SA__MAX_DEPTH)
    return sa__err(SA_EDTYPE, NULL, "structured dtype nested more than %d "
                   "deep", SA__MAX_DEPTH);
  if ((rc = sa__expect(c, '[', "expected '['")) < 0) return rc;
  if ((rc = sa__puts(b, "[")) < 0) return rc;
  for (;;) {
    if (c->p < c->end && *c->p == ']') { c->p++; break; }
    if (written++ > 0 && (rc = sa__puts(b, ", ")) < 0) return rc;
    if ((rc = sa__field(c, b, depth, &fsize, name, title, &padding)) < 0)
      return rc;
    if (!padding) {
      if (name[0] == '\0')
        return sa__err(SA_EDTYPE, NULL, "a field has an empty name");
      for (t = 0; t < 2; t++) {
        const char *s = t == 0 ? name : title;
        if (s[0] == '\0')
          continue;
        for (k = 0; k < n; k++)
          if (strcmp(pool + at[k], s) == 0)
            return sa__err(SA_EDTYPE, NULL, "field name or title '%.60s' "
                           "appears twice", s);
        len = strlen(s) + 1;
        if (n >= 2 * SA__MAX_FIELDS || used + len > sizeof pool)
          return sa__err(SA_EDTYPE, NULL, "too many fields");
        memcpy(pool + used, s, len);
        at[n++] = (unsigned short)used;
        used += len;
      }
    }
    if (total > INT32_MAX - fsize)
      return sa__err(SA_EOVERFLOW, NULL, "the structured dtype is too large");
    total += fsize;
    sa__ws(c);
    if (c->p < c->end && *c->p == ',') { c->p++; sa__ws(c); continue; }
    if (c->p < c->end && *c->p == ']') { c->p++; break; }
    return sa__bad(c, "expected ',' or ']' between fields");
  }
  if (total == 0)
    return sa__err(SA_EDTYPE, NULL, "a structured dtype of no bytes");
  *size = total;
  return sa__puts(b, "]");
}

int sa__descr_parse(sa__cur *c, sa_dtype *dt) {
  sa_dtype d;
  sa__buf b;
  int64_t size;
  int rc;
  if (c->p < c->end && *c->p == '[') {
    memset(&d, 0, sizeof d);
    b.out = d.descr;
    b.n = 0;
    b.cap = sizeof d.descr;
    if ((rc = sa__fields(c, &b, 1, &size)) < 0)
      return rc;
    d.kind = 'V';
    d.byteorder = '|';
    d.itemsize = (int)size;
    d.structured = 1;
    *dt = d;
    return 0;
  } else {
    char text[64];
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
      return sa__err(SA_EDTYPE, NULL, "descr must be a string or a list of "
                     "fields");
    if ((rc = sa__str(c, text, sizeof text)) < 0)
      return rc;
    if (text[0] == '\0' || !strchr("<>|=", text[0]))
      return sa__bad_descr(text); /* numpy writes the byte order */
    return sa__descr_simple(text, dt);
  }
}
