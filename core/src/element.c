/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * element.c -- reading and writing single elements of any supported dtype,
 * with byte swapping and float16 conversion, for the bindings. */
#include "internal.h"

#include <math.h>
#include <string.h>

static void sa__swap(unsigned char *p, int n) {
  int i;
  for (i = 0; i < n / 2; i++) {
    unsigned char t = p[i];
    p[i] = p[n - 1 - i];
    p[n - 1 - i] = t;
  }
}

static int sa__need_swap(const sa_dtype *dt) {
  return !sa_dtype_is_native(dt);
}

double sa__half_to_double(uint16_t h) {
  int e = (h >> 10) & 0x1f, m = h & 0x3ff;
  double v;
  if (e == 0)
    v = ldexp((double)m, -24);
  else if (e == 31)
    v = m ? NAN : INFINITY;
  else
    v = ldexp((double)(m | 0x400), e - 25);
  return (h & 0x8000) ? -v : v;
}

uint16_t sa__double_to_half(double d) {
  uint16_t sign = signbit(d) ? 0x8000 : 0;
  double a = fabs(d);
  int e;
  double m;
  long r;
  if (isnan(d)) return (uint16_t)(sign | 0x7e00);
  if (a >= 65520.0) return (uint16_t)(sign | 0x7c00); /* overflows to inf */
  if (a < ldexp(1.0, -14)) {                            /* subnormal or 0 */
    r = lrint(a * ldexp(1.0, 24));                      /* round to even */
    return (uint16_t)(sign | (uint16_t)r);               /* may carry to 1st normal */
  }
  m = frexp(a, &e);                                      /* a = m*2^e, m in [.5,1) */
  r = lrint(ldexp(m, 11));                               /* 11 significant bits */
  if (r == 2048) { r = 1024; e++; }
  e = e - 1 + 15;
  if (e >= 31) return (uint16_t)(sign | 0x7c00);
  return (uint16_t)(sign | (uint16_t)(e << 10) | (uint16_t)(r & 0x3ff));
}

void sa_value_load(const sa_dtype *dt, const void *src, sa_value *out) {
  unsigned char b[16];
  if (!sa_dtype_is_numeric(dt)) { /* nothing to widen: kind 0 says so */
    memset(out, 0, sizeof(*out));
    return;
  }
  memcpy(b, src, (size_t)dt->itemsize);
  if (sa__need_swap(dt)) {
    if (dt->kind == 'c') {
      sa__swap(b, dt->itemsize / 2);
      sa__swap(b + dt->itemsize / 2, dt->itemsize / 2);
    } else {
      sa__swap(b, dt->itemsize);
    }
  }
  memset(out, 0, sizeof(*out));
  out->kind = dt->kind;
  switch (dt->kind) {
    case 'b': out->b = b[0] != 0; out->i = out->b; break;
    case 'i':
      switch (dt->itemsize) {
        case 1: { int8_t v; memcpy(&v, b, 1); out->i = v; break; }
        case 2: { int16_t v; memcpy(&v, b, 2); out->i = v; break; }
        case 4: { int32_t v; memcpy(&v, b, 4); out->i = v; break; }
        default: { int64_t v; memcpy(&v, b, 8); out->i = v; break; }
      }
      break;
    case 'u':
      switch (dt->itemsize) {
        case 1: out->u = b[0]; break;
        case 2: { uint16_t v; memcpy(&v, b, 2); out->u = v; break; }
        case 4: { uint32_t v; memcpy(&v, b, 4); out->u = v; break; }
        default: { uint64_t v; memcpy(&v, b, 8); out->u = v; break; }
      }
      break;
    case 'f':
      switch (dt->itemsize) {
        case 2: { uint16_t v; memcpy(&v, b, 2); out->f = sa__half_to_double(v); break; }
        case 4: { float v; memcpy(&v, b, 4); out->f = v; break; }
        default: { double v; memcpy(&v, b, 8); out->f = v; break; }
      }
      break;
    case 'c':
      if (dt->itemsize == 8) {
        float v[2]; memcpy(v, b, 8); out->re = v[0]; out->im = v[1];
      } else {
        double v[2]; memcpy(v, b, 16); out->re = v[0]; out->im = v[1];
      }
      break;
  }
}

/* Converts v (of any kind) to dt's kind. Integers must be in range; reals
 * stored into integer dtypes must be integral. */
int sa_value_store(const sa_dtype *dt, void *dst, const sa_value *v) {
  unsigned char b[16];
  int64_t i = 0;
  uint64_t u = 0;
  double re = 0, im = 0;
  int isint = 0, isuint = 0;
  if (!sa_dtype_is_numeric(dt))
    return SA_EDTYPE;
  switch (v->kind) {
    case 'b': i = v->b != 0; isint = 1; re = (double)i; break;
    case 'i': i = v->i; isint = 1; re = (double)i; break;
    case 'u': u = v->u; isuint = 1; re = (double)u; break;
    case 'f': re = v->f; break;
    case 'c': re = v->re; im = v->im; break;
    default: return SA_EVALUE;
  }
  if (dt->kind == 'i' || dt->kind == 'u') {
    int bits = dt->itemsize * 8;
    if (!isint && !isuint) {
      if (im != 0 || re != floor(re) || isnan(re))
        return SA_EVALUE;
      /* integral double: convert exactly when representable */
      if (re >= -9223372036854775808.0 && re < 9223372036854775808.0) {
        i = (int64_t)re; isint = 1;
      } else if (re >= 0 && re < 18446744073709551616.0) {
        u = (uint64_t)re; isuint = 1;
      } else {
        return SA_EVALUE;
      }
    }
    if (dt->kind == 'i') {
      if (isuint) { if (u > (uint64_t)INT64_MAX) return SA_EVALUE; i = (int64_t)u; }
      if (bits < 64 && (i < -((int64_t)1 << (bits - 1)) ||
                        i >= ((int64_t)1 << (bits - 1))))
        return SA_EVALUE;
      u = (uint64_t)i;
    } else {
      if (isint) { if (i < 0) return SA_EVALUE; u = (uint64_t)i; }
      if (bits < 64 && u >= ((uint64_t)1 << bits))
        return SA_EVALUE;
    }
    switch (dt->itemsize) { /* little-endian-agnostic narrowing */
      case 1: { uint8_t x = (uint8_t)u; memcpy(b, &x, 1); break; }
      case 2: { uint16_t x = (uint16_t)u; memcpy(b, &x, 2); break; }
      case 4: { uint32_t x = (uint32_t)u; memcpy(b, &x, 4); break; }
      default: memcpy(b, &u, 8); break;
    }
  } else if (dt->kind == 'b') {
    if (im != 0) return SA_EVALUE;
    b[0] = (isuint ? u != 0 : isint ? i != 0 : re != 0) ? 1 : 0;
  } else if (dt->kind == 'f') {
    if (im != 0) return SA_EVALUE;
    if (isint) re = (double)i;
    switch (dt->itemsize) {
      case 2: { uint16_t x = sa__double_to_half(re); memcpy(b, &x, 2); break; }
      case 4: { float x = (float)re; memcpy(b, &x, 4); break; }
      default: memcpy(b, &re, 8); break;
    }
  } else { /* 'c' */
    if (isint) re = (double)i;
    if (dt->itemsize == 8) {
      float x[2]; x[0] = (float)re; x[1] = (float)im; memcpy(b, x, 8);
    } else {
      double x[2]; x[0] = re; x[1] = im; memcpy(b, x, 16);
    }
  }
  if (sa__need_swap(dt)) {
    if (dt->kind == 'c') {
      sa__swap(b, dt->itemsize / 2);
      sa__swap(b + dt->itemsize / 2, dt->itemsize / 2);
    } else {
      sa__swap(b, dt->itemsize);
    }
  }
  memcpy(dst, b, (size_t)dt->itemsize);
  return 0;
}
