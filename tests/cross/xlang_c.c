/* Copyright (c) 2026 The SharedArray developers. MIT License, see LICENSE.
 *
 * xlang_c.c -- the C writer and reader of the conformance matrix (run by
 * tests/cross/xlang.py, which describes the spec and report formats).
 *
 *   xlang_c write SPEC OUT   create every array of SPEC with sa_create and
 *                            store its values with sa_store, at the flat
 *                            index sa_flat_index gives for each logical
 *                            (C-order) index
 *   xlang_c read SPEC OUT    attach every array named in SPEC read-only and
 *                            write its dtype, order, shape and values (read
 *                            with sa_load, in logical C order) to OUT as JSON
 *
 * A failure on one array is reported (stderr for write, the report for
 * read) and the others still run; the exit status is 1 if any failed. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sharedarray_codec.h"

#define LINE_MAX_ (1 << 20)

/* The logical (C-order) multi-index of element n of shape[ndim]. */
static void unravel(uint64_t n, int ndim, const int64_t *shape, int64_t *idx) {
  for (int d = ndim - 1; d >= 0; d--) {
    idx[d] = shape[d] > 0 ? (int64_t)(n % (uint64_t)shape[d]) : 0;
    if (shape[d] > 0)
      n /= (uint64_t)shape[d];
  }
}

/* Parse one value token (two for complex) of the spec into v. */
static int parse_value(char kind, char **save, sa_value *v) {
  char *t = strtok_r(NULL, " \n", save), *end;
  if (t == NULL)
    return -1;
  memset(v, 0, sizeof *v);
  v->kind = kind;
  errno = 0;
  switch (kind) {
  case 'b': v->b = strcmp(t, "1") == 0; return 0;
  case 'i': v->i = strtoll(t, &end, 10); break;
  case 'u': v->u = strtoull(t, &end, 10); break;
  case 'f': v->f = strtod(t, &end); break;
  default:
    v->re = strtod(t, &end);
    if (*end != '\0' || (t = strtok_r(NULL, " \n", save)) == NULL)
      return -1;
    v->im = strtod(t, &end);
  }
  return *end == '\0' && errno == 0 ? 0 : -1;
}

static int write_one(char *line) {
  char *save, *name = strtok_r(line, " \n", &save);
  char *descr = strtok_r(NULL, " \n", &save);
  char *order = strtok_r(NULL, " \n", &save);
  char *nd = strtok_r(NULL, " \n", &save);
  int64_t shape[SA_MAXDIMS], idx[SA_MAXDIMS];
  sa_array *a;
  sa_dtype dt;
  int rc, ndim;

  if (!name || !descr || !order || !nd || (ndim = atoi(nd)) < 0 ||
      ndim > SA_MAXDIMS || sa_dtype_parse(descr, &dt) != 0) {
    fprintf(stderr, "xlang_c: bad spec line for %s\n", name ? name : "?");
    return -1;
  }
  for (int d = 0; d < ndim; d++) {
    char *t = strtok_r(NULL, " \n", &save);
    shape[d] = t ? atoll(t) : -1;
  }
  if ((rc = sa_create(name, ndim, shape, descr, order[0], 0, 0, &a)) < 0) {
    fprintf(stderr, "xlang_c: create: %s\n", sa_errmsg());
    return -1;
  }
  for (uint64_t n = 0; n < sa_nitems(a); n++) {
    uint64_t flat;
    sa_value v;
    unravel(n, ndim, shape, idx);
    if (parse_value(dt.kind, &save, &v) != 0) {
      fprintf(stderr, "xlang_c: %s: bad value %" PRIu64 " in the spec\n",
              name, n);
      rc = -1;
      break;
    }
    if ((rc = sa_flat_index(a, ndim, idx, &flat)) < 0 ||
        (rc = sa_store(a, flat, &v)) < 0) {
      fprintf(stderr, "xlang_c: %s: element %" PRIu64 ": %s\n", name, n,
              sa_errmsg());
      break;
    }
  }
  sa_release(a);
  return rc < 0 ? -1 : 0;
}

/* A double as JSON that reads back exactly and stays a float. */
static void put_float(FILE *f, double x) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", x);
  fputs(buf, f);
  if (strpbrk(buf, ".en") == NULL)
    fputs(".0", f);
}

static void put_value(FILE *f, const sa_value *v) {
  switch (v->kind) {
  case 'b': fputs(v->b ? "true" : "false", f); break;
  case 'i': fprintf(f, "%" PRId64, v->i); break;
  case 'u': fprintf(f, "%" PRIu64, v->u); break;
  case 'f': put_float(f, v->f); break;
  default:
    fputc('[', f);
    put_float(f, v->re);
    fputs(", ", f);
    put_float(f, v->im);
    fputc(']', f);
  }
}

/* A JSON string (names and messages hold no control characters). */
static void put_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static int read_one(FILE *f, const char *name) {
  int64_t idx[SA_MAXDIMS];
  sa_array *a;
  int rc;

  fputs("{\"name\": ", f);
  put_str(f, name);
  if ((rc = sa_attach(name, SA_ATTACH_RDONLY, &a)) < 0) {
    fputs(", \"error\": ", f);
    put_str(f, sa_errmsg());
    fputc('}', f);
    return -1;
  }
  int ndim = sa_ndim(a);
  const int64_t *shape = sa_shape(a);
  fprintf(f, ", \"descr\": \"%s\", \"order\": \"%c\", \"shape\": [", sa_descr(a),
          sa_order(a));
  for (int d = 0; d < ndim; d++)
    fprintf(f, "%s%" PRId64, d ? ", " : "", shape[d]);
  fputs("], \"values\": [", f);
  for (uint64_t n = 0; n < sa_nitems(a); n++) {
    uint64_t flat;
    sa_value v;
    unravel(n, ndim, shape, idx);
    if ((rc = sa_flat_index(a, ndim, idx, &flat)) < 0 ||
        (rc = sa_load(a, flat, &v)) < 0) {
      fprintf(f, "], \"error_at\": %" PRIu64 ", \"error\": ", n);
      put_str(f, sa_errmsg());
      fputc('}', f);
      sa_release(a);
      return -1;
    }
    if (n)
      fputs(", ", f);
    put_value(f, &v);
  }
  fputs("]}", f);
  sa_release(a);
  return 0;
}

int main(int argc, char **argv) {
  FILE *in, *out = NULL;
  char *line;
  int bad = 0, first = 1;

  if (argc != 4 || (strcmp(argv[1], "write") && strcmp(argv[1], "read"))) {
    fprintf(stderr, "usage: xlang_c write|read SPEC OUT\n");
    return 2;
  }
  int reading = strcmp(argv[1], "read") == 0;
  if ((in = fopen(argv[2], "r")) == NULL) {
    perror(argv[2]);
    return 1;
  }
  if (reading && (out = fopen(argv[3], "w")) == NULL) {
    perror(argv[3]);
    fclose(in);
    return 1;
  }
  if ((line = malloc(LINE_MAX_)) == NULL) {
    fclose(in);
    if (out)
      fclose(out);
    return 1;
  }
  if (reading)
    fputs("{\"arrays\": [", out);
  while (fgets(line, LINE_MAX_, in)) {
    if (reading) {
      char *save, *name = strtok_r(line, " \n", &save);
      if (name == NULL)
        continue;
      if (!first)
        fputs(",\n", out);
      first = 0;
      bad |= read_one(out, name) != 0;
    } else {
      bad |= write_one(line) != 0;
    }
  }
  if (reading) {
    fputs("]}\n", out);
    fclose(out);
  }
  free(line);
  fclose(in);
  return bad ? 1 : 0;
}
