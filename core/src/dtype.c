/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * dtype.c -- parsing dtype specs ("f8", "<i4", "float64", ...) into sa_dtype:
 * numpy's names for the numeric types, then the descr codec (descr.c). */
#include "internal.h"

#include <string.h>

static const struct { const char *name; const char *descr; } sa__aliases[] = {
  {"bool", "b1"},      {"bool_", "b1"},      {"?", "b1"},
  {"int8", "i1"},      {"int16", "i2"},      {"int32", "i4"},
  {"int64", "i8"},     {"uint8", "u1"},      {"uint16", "u2"},
  {"uint32", "u4"},    {"uint64", "u8"},     {"float16", "f2"},
  {"float32", "f4"},   {"float64", "f8"},    {"complex64", "c8"},
  {"complex128", "c16"}, {"half", "f2"},     {"single", "f4"},
  {"double", "f8"},    {"float", "f8"},      {"int", "i8"},
  {"complex", "c16"},  {"byte", "i1"},       {"ubyte", "u1"},
  {"short", "i2"},     {"ushort", "u2"},     {"intc", "i4"},
  {"uintc", "u4"},     {"longlong", "i8"},   {"ulonglong", "u8"},
  {"csingle", "c8"},   {"cdouble", "c16"},
  /* numpy's one-letter codes */
  {"b", "i1"}, {"B", "u1"}, {"h", "i2"}, {"H", "u2"}, {"i", "i4"},
  {"I", "u4"}, {"l", "i8"}, {"L", "u8"}, {"q", "i8"}, {"Q", "u8"},
  {"e", "f2"}, {"f", "f4"}, {"d", "f8"}, {"F", "c8"}, {"D", "c16"},
};

int sa_dtype_parse(const char *spec, sa_dtype *out) {
  const char *s = spec;
  size_t i;
  int rc;
  if (spec == NULL)
    return sa__err(SA_EDTYPE, "dtype", "none given");
  if (spec[0] == '[') { /* a structured dtype's list of fields */
    sa__cur c = {spec, spec + strlen(spec), spec, 0}; /* UTF-8 */
    sa_dtype d;
    if ((rc = sa__descr_parse(&c, &d)) < 0)
      return sa__err_prefix("dtype");
    sa__ws(&c);
    if (c.p != c.end)
      return sa__err(SA_EDTYPE, "dtype", "unexpected text after the fields");
    *out = d;
    return 0;
  }
  /* descrs ("<f8", "f8", "|b1") skip the alias table */
  if (!(strchr("<>|=", spec[0]) && spec[0]) && !(strchr("biufc", spec[0]) &&
      spec[0] && spec[1] >= '1' && spec[1] <= '9'))
    for (i = 0; i < sizeof(sa__aliases) / sizeof(sa__aliases[0]); i++)
      if (strcmp(spec, sa__aliases[i].name) == 0) {
        s = sa__aliases[i].descr;
        break;
      }
  if ((rc = sa__descr_simple(s, out)) < 0)
    return sa__err_prefix("dtype");
  return 0;
}

char sa_native_order(void) {
  const uint16_t one = 1;
  return *(const unsigned char *)&one ? '<' : '>';
}

int sa_dtype_is_native(const sa_dtype *dt) {
  return dt->byteorder == '|' || dt->byteorder == sa_native_order();
}
