/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * print.c -- printing a whole array as numpy's str(a) does with the default
 * print options: nested brackets by shape, elements aligned to a common
 * width, lines wrapped at 75 columns, and arrays of more than 1000 elements
 * summarised to their first and last 3 items per axis with "...".
 *
 * The array is walked in its logical (numpy) index order whatever its
 * memory order, in three passes over the elements shown: range, widths,
 * output. Output goes through a one-line buffer so that memory stays small
 * for any size of array. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format.h"

#define THRESHOLD 1000  /* numpy's print threshold */
#define EDGEITEMS 3     /* numpy's edgeitems */

typedef struct printer {
  const sa_array *a;
  const sa_meta *m;
  FILE *out;
  int summarize;
  int linewidth;
  int64_t stride[SA_MAXDIMS];   /* in elements, for logical indices */
  /* the element format */
  int int_width;                /* 'i', 'u' */
  cli_realfmt re, im;           /* 'f' uses re; 'c' uses both */
  /* the current output line */
  char *line;
  size_t len, cap;
  int failed;
} printer;

typedef void (*visit_fn)(printer *p, const sa_value *v);

static void load(const printer *p, uint64_t flat, sa_value *v) {
  const sa_dtype *dt = &p->m->dtype;
  sa_value_load(dt, (const char *)sa_data(p->a) + flat * (uint64_t)dt->itemsize,
                v);
}

/* The indices shown along an axis of length n: all, or the edges. */
static int shown(const printer *p, int64_t n, int64_t k, int64_t *idx) {
  if (p->summarize && n > 2 * EDGEITEMS) {
    if (k >= 2 * EDGEITEMS) return 0;
    *idx = k < EDGEITEMS ? k : n - 2 * EDGEITEMS + k;
    return 1;
  }
  if (k >= n) return 0;
  *idx = k;
  return 1;
}

static void visit(printer *p, int axis, uint64_t flat, visit_fn fn) {
  int64_t k, i;
  sa_value v;
  if (axis == p->m->ndim) {
    load(p, flat, &v);
    fn(p, &v);
    return;
  }
  for (k = 0; shown(p, p->m->shape[axis], k, &i); k++)
    visit(p, axis + 1, flat + (uint64_t)(i * p->stride[axis]), fn);
}

/* --------------------------------------------------- the three passes */

static int int_len(const printer *p, const sa_value *v) {
  char buf[32];
  return p->m->dtype.kind == 'u'
      ? snprintf(buf, sizeof buf, "%llu", (unsigned long long)v->u)
      : snprintf(buf, sizeof buf, "%lld", (long long)v->i);
}

static void scan(printer *p, const sa_value *v) {
  switch (p->m->dtype.kind) {
    case 'i': case 'u': {
      int n = int_len(p, v);
      if (n > p->int_width) p->int_width = n;
      break;
    }
    case 'f': cli_realfmt_scan(&p->re, v->f); break;
    case 'c':
      cli_realfmt_scan(&p->re, v->re);
      cli_realfmt_scan(&p->im, v->im);
      break;
  }
}

static void measure(printer *p, const sa_value *v) {
  if (p->m->dtype.kind == 'f') {
    cli_realfmt_measure(&p->re, v->f);
  } else if (p->m->dtype.kind == 'c') {
    cli_realfmt_measure(&p->re, v->re);
    cli_realfmt_measure(&p->im, v->im);
  }
}

/* One element as a word of the common width. */
static void word(const printer *p, const sa_value *v, char *buf, size_t cap) {
  switch (p->m->dtype.kind) {
    case 'b': snprintf(buf, cap, "%s", v->b ? " True" : "False"); break;
    case 'i': snprintf(buf, cap, "%*lld", p->int_width, (long long)v->i); break;
    case 'u':
      snprintf(buf, cap, "%*llu", p->int_width, (unsigned long long)v->u);
      break;
    case 'f': cli_realfmt_format(&p->re, v->f, buf, cap); break;
    case 'c': {
      /* numpy puts the 'j' before the padding of the imaginary part */
      char im[200];
      int n = cli_realfmt_format(&p->re, v->re, buf, cap);
      size_t e;
      cli_realfmt_format(&p->im, v->im, im, sizeof im);
      e = strlen(im);
      while (e > 0 && im[e - 1] == ' ') e--;
      snprintf(buf + n, cap - (size_t)n, "%.*sj%s", (int)e, im, im + e);
      break;
    }
    default: snprintf(buf, cap, "?"); break;
  }
}

/* ------------------------------------------------------------ output */

static void put(printer *p, const char *s, size_t n) {
  if (p->len + n + 1 > p->cap) {
    size_t cap = (p->len + n + 1) * 2;
    char *nl = realloc(p->line, cap);
    if (nl == NULL) { p->failed = 1; return; }
    p->line = nl;
    p->cap = cap;
  }
  memcpy(p->line + p->len, s, n);
  p->len += n;
}

static void puts_(printer *p, const char *s) { put(p, s, strlen(s)); }

static void spaces(printer *p, int n) {
  while (n-- > 0) put(p, " ", 1);
}

/* Ends the current line; wrap drops its trailing blanks, as numpy does. */
static void newline(printer *p, int wrap) {
  if (wrap)
    while (p->len > 0 && p->line[p->len - 1] == ' ') p->len--;
  fwrite(p->line, 1, p->len, p->out);
  putc('\n', p->out);
  p->len = 0;
}

/* Adds a word to a row of the innermost axis, wrapping the line first if
 * it would pass the width (unless wrapping cannot help). */
static void add_word(printer *p, const char *w, int axis) {
  size_t n = strlen(w);
  int limit = p->linewidth - axis - 1; /* room for the ']' */
  if ((int)(p->len + n) > limit && (int)p->len > axis + 1) {
    newline(p, 1);
    spaces(p, axis + 1);
  }
  put(p, w, n);
}

static void emit(printer *p, int axis, uint64_t flat) {
  int64_t n = p->m->shape[axis], k, i;
  int left = p->m->ndim - axis; /* axes left, this one included */
  int cut = p->summarize && n > 2 * EDGEITEMS;
  char w[512];
  puts_(p, "[");
  for (k = 0; shown(p, n, k, &i); k++) {
    uint64_t at = flat + (uint64_t)(i * p->stride[axis]);
    if (left == 1) {
      sa_value v;
      if (k > 0) puts_(p, " ");
      if (cut && k == EDGEITEMS) {
        add_word(p, "...", axis);
        puts_(p, " ");
      }
      load(p, at, &v);
      word(p, &v, w, sizeof w);
      add_word(p, w, axis);
    } else {
      int j;
      if (k > 0) {
        for (j = 0; j < left - 1; j++) newline(p, 0);
        spaces(p, axis + 1);
      }
      if (cut && k == EDGEITEMS) {
        puts_(p, "...");
        for (j = 0; j < left - 1; j++) newline(p, 0);
        spaces(p, axis + 1);
      }
      emit(p, axis + 1, at);
    }
  }
  puts_(p, "]");
}

int cli_dump_array(FILE *out, const sa_array *a, const cli_dump_opts *o) {
  printer p;
  const sa_meta *m = sa_get_meta(a);
  int d, prec = o->exact ? -1 : o->precision;
  int half = m->dtype.kind == 'c' ? m->dtype.itemsize / 2 : m->dtype.itemsize;
  int64_t s = 1;

  if (m->ndim == 0) { /* a scalar: numpy's str of the element */
    sa_value v;
    char buf[160];
    sa_value_load(&m->dtype, sa_data(a), &v);
    cli_scalar_str(&m->dtype, &v, buf, sizeof buf);
    fprintf(out, "%s\n", buf);
    return 0;
  }
  if (m->nitems == 0) {
    fputs("[]\n", out);
    return 0;
  }
  memset(&p, 0, sizeof p);
  p.a = a;
  p.m = m;
  p.out = out;
  p.linewidth = o->linewidth > 0 ? o->linewidth : 75;
  p.summarize = !o->full && m->nitems > THRESHOLD;
  for (d = 0; d < m->ndim; d++) { /* element strides of the logical axes */
    int ax = m->order == 'F' ? d : m->ndim - 1 - d;
    p.stride[ax] = s;
    s *= m->shape[ax];
  }
  cli_realfmt_init(&p.re, half, prec, 0);
  cli_realfmt_init(&p.im, half, prec, 1);
  visit(&p, 0, 0, scan);
  if (m->dtype.kind == 'f' || m->dtype.kind == 'c') {
    cli_realfmt_decide(&p.re);
    cli_realfmt_decide(&p.im);
    visit(&p, 0, 0, measure);
    cli_realfmt_done(&p.re);
    cli_realfmt_done(&p.im);
  }
  emit(&p, 0, 0);
  newline(&p, 0);
  free(p.line);
  return p.failed ? -1 : 0;
}
