/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * format.c -- numpy's number formats (see format.h). Digits come from the
 * C library's correctly rounded printf: the shortest digit string that
 * reads back as the same value of the element's own type (float16, float32
 * or float64) is what numpy's Dragon4 "unique" mode prints. */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ digits */

/* Does the decimal text s read back as x in a real type of itemsize? */
static int reads_back(const char *s, double x, int itemsize) {
  if (itemsize == 8)
    return strtod(s, NULL) == x;
  if (itemsize == 4)
    return strtof(s, NULL) == (float)x;
  { /* float16: round through the core's codec */
    static sa_dtype f2;
    unsigned char h[2];
    sa_value v, back;
    if (f2.itemsize == 0 && sa_dtype_parse("float16", &f2) < 0)
      return 0;
    memset(&v, 0, sizeof v);
    v.kind = 'f';
    v.f = strtod(s, NULL);
    if (sa_value_store(&f2, h, &v) < 0)
      return 0;
    sa_value_load(&f2, h, &back);
    return back.f == x;
  }
}

/* The fewest significant digits that identify finite x (1..17). If p
 * correctly rounded digits read back, so do p+1: a binary search works. */
static int sig_digits(double x, int itemsize) {
  char buf[48];
  int lo = 1, hi = itemsize == 2 ? 5 : itemsize == 4 ? 9 : 17;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(buf, sizeof buf, "%.*e", mid - 1, x);
    if (reads_back(buf, x, itemsize))
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* The decimal exponent of x, as printf's %e sees it with p digits. */
static int dec_exp(double x, int p) {
  char buf[48], *e;
  snprintf(buf, sizeof buf, "%.*e", p - 1, x);
  e = strchr(buf, 'e');
  return e ? atoi(e + 1) : 0;
}

/* Removes trailing zeros after the point ("1.500" -> "1.5", "2.000" -> "2."). */
static void trim_zeros(char *s) {
  char *dot = strchr(s, '.'), *end;
  if (dot == NULL) return;
  end = s + strlen(s);
  while (end > dot + 1 && end[-1] == '0') end--;
  *end = '\0';
}

/* Positional digits of finite x, shortest unique but with at most
 * precision fraction digits (precision < 0: no limit); always with a
 * point: "0.5", "3.", "-12.25". */
static void positional(double x, int itemsize, int precision, char *buf,
                       size_t cap) {
  int p = sig_digits(x, itemsize);
  int frac = p - 1 - dec_exp(x, p);
  if (frac < 0) frac = 0;
  if (precision >= 0 && frac > precision) {
    snprintf(buf, cap, "%.*f", precision, x);
    trim_zeros(buf);
  } else {
    snprintf(buf, cap, "%.*f", frac, x);
  }
  if (strchr(buf, '.') == NULL) {
    size_t n = strlen(buf);
    if (n + 1 < cap) { buf[n] = '.'; buf[n + 1] = '\0'; }
  }
}

/* Scientific digits of finite x: "1.5e-05", "1.e+20" (numpy keeps the
 * point). With fixed >= 0, exactly that many fraction digits. */
static void scientific(double x, int itemsize, int precision, int fixed,
                       char *buf, size_t cap) {
  char tmp[64], *e;
  int frac;
  if (fixed >= 0) {
    frac = fixed;
  } else {
    frac = sig_digits(x, itemsize) - 1;
    if (precision >= 0 && frac > precision) frac = precision;
  }
  snprintf(tmp, sizeof tmp, "%.*e", frac, x);
  e = strchr(tmp, 'e');
  if (e == NULL) { snprintf(buf, cap, "%s", tmp); return; }
  *e = '\0';
  if (fixed < 0) trim_zeros(tmp);
  snprintf(buf, cap, "%s%se%s", tmp, strchr(tmp, '.') ? "" : ".", e + 1);
}

/* ------------------------------------------------------ array format */

void cli_realfmt_init(cli_realfmt *f, int itemsize, int precision, int plus) {
  memset(f, 0, sizeof *f);
  f->itemsize = itemsize;
  f->precision = precision;
  f->plus = plus;
  f->exp_size = -1;
}

void cli_realfmt_scan(cli_realfmt *f, double x) {
  double a = fabs(x);
  if (!isfinite(x)) {
    f->any_nonfinite = 1;
    if (isinf(x) && x < 0) f->any_neginf = 1;
    return;
  }
  f->any_finite = 1;
  if (a == 0) return;
  if (!f->any_nonzero || a > f->max_abs) f->max_abs = a;
  if (!f->any_nonzero || a < f->min_abs) f->min_abs = a;
  f->any_nonzero = 1;
}

void cli_realfmt_decide(cli_realfmt *f) {
  /* numpy: 10**min(8, finfo.precision): 1e3, 1e6, 1e8 */
  double cutoff = f->itemsize == 2 ? 1e3 : f->itemsize == 4 ? 1e6 : 1e8;
  f->exp_format = f->any_nonzero &&
      (f->max_abs >= cutoff || f->min_abs < 1e-4 ||
       f->max_abs / f->min_abs > 1000.0);
}

void cli_realfmt_measure(cli_realfmt *f, double x) {
  char buf[400], *dot, *e;
  int il, fl;
  if (!isfinite(x)) return;
  if (f->exp_format)
    scientific(x, f->itemsize, f->precision, -1, buf, sizeof buf);
  else
    positional(x, f->itemsize, f->precision, buf, sizeof buf);
  dot = strchr(buf, '.');
  il = (int)(dot - buf) + (f->plus && buf[0] != '-');
  if (il > f->pad_left) f->pad_left = il;
  if (f->exp_format) {
    e = strchr(buf, 'e');
    fl = (int)(e - dot - 1);
    if (fl > f->frac_max) f->frac_max = fl;
    if ((int)strlen(e + 2) > f->exp_size) f->exp_size = (int)strlen(e + 2);
  } else {
    fl = (int)strlen(dot + 1);
    if (fl > f->pad_right) f->pad_right = fl;
  }
}

void cli_realfmt_done(cli_realfmt *f) {
  if (f->exp_format && f->any_finite)
    f->pad_right = f->exp_size + 2 + f->frac_max;
  if (f->any_nonfinite) { /* room for "nan", "inf", "-inf" */
    int neginf = f->plus || f->any_neginf;
    int offset = f->pad_right + 1;
    if (3 - offset > f->pad_left) f->pad_left = 3 - offset;
    if (3 + neginf - offset > f->pad_left) f->pad_left = 3 + neginf - offset;
  }
}

int cli_realfmt_format(const cli_realfmt *f, double x, char *buf,
                       size_t cap) {
  char digits[400], *dot;
  const char *sign = f->plus && !signbit(x) ? "+" : "";
  int width = f->pad_left + f->pad_right + 1, il, fl;
  if (!isfinite(x)) {
    const char *s = isnan(x) ? (f->plus ? "+nan" : "nan")
                  : x < 0 ? "-inf" : f->plus ? "+inf" : "inf";
    return snprintf(buf, cap, "%*s", width, s);
  }
  if (f->exp_format) {
    char *e;
    int ev;
    scientific(x, f->itemsize, f->precision, f->frac_max, digits,
               sizeof digits);
    e = strchr(digits, 'e');
    ev = atoi(e + 1);
    *e = '\0';
    dot = strchr(digits, '.');
    il = (int)(dot - digits) + (int)strlen(sign);
    return snprintf(buf, cap, "%*s%s%se%c%0*d", f->pad_left - il, "", sign,
                    digits, ev < 0 ? '-' : '+', f->exp_size, abs(ev));
  }
  positional(x, f->itemsize, f->precision, digits, sizeof digits);
  dot = strchr(digits, '.');
  il = (int)(dot - digits) + (int)strlen(sign);
  fl = (int)strlen(dot + 1);
  return snprintf(buf, cap, "%*s%s%s%*s", f->pad_left - il, "", sign, digits,
                  f->pad_right - fl, "");
}

/* ----------------------------------------------------------- scalars */

/* numpy's scalar str of a real: "1.0" / "1e-05"; bare drops a lone ".0"
 * and never shows a trailing point (the parts of a complex: "(1+2j)"). */
static void scalar_real(double x, int itemsize, int bare, char *buf,
                        size_t cap) {
  double a = fabs(x);
  double hi = itemsize == 2 ? 1e3 : itemsize == 4 ? 1e6 : 1e16;
  size_t n;
  if (isnan(x)) { snprintf(buf, cap, "nan"); return; }
  if (isinf(x)) { snprintf(buf, cap, x < 0 ? "-inf" : "inf"); return; }
  if (a == 0 || (a >= 1e-4 && a < hi)) {
    positional(x, itemsize, -1, buf, cap);
    n = strlen(buf);
    if (buf[n - 1] == '.') {
      if (bare) buf[n - 1] = '\0';
      else if (n + 1 < cap) { buf[n] = '0'; buf[n + 1] = '\0'; }
    }
  } else {
    char *dot, *e;
    scientific(x, itemsize, -1, -1, buf, cap);
    dot = strchr(buf, '.');
    e = strchr(buf, 'e');
    if (dot && e == dot + 1) memmove(dot, e, strlen(e) + 1);
  }
}

void cli_scalar_str(const sa_dtype *dt, const sa_value *v, char *buf,
                    size_t cap) {
  switch (dt->kind) {
    case 'b': snprintf(buf, cap, "%s", v->b ? "True" : "False"); break;
    case 'i': snprintf(buf, cap, "%lld", (long long)v->i); break;
    case 'u': snprintf(buf, cap, "%llu", (unsigned long long)v->u); break;
    case 'f': scalar_real(v->f, dt->itemsize, 0, buf, cap); break;
    case 'c': {
      char re[64], im[64];
      int half = dt->itemsize / 2;
      scalar_real(v->im, half, 1, im, sizeof im);
      if (v->re == 0 && !signbit(v->re)) {
        snprintf(buf, cap, "%sj", im);
      } else {
        scalar_real(v->re, half, 1, re, sizeof re);
        snprintf(buf, cap, "(%s%s%sj)", re, im[0] == '-' ? "" : "+", im);
      }
      break;
    }
    default: snprintf(buf, cap, "?"); break;
  }
}
