/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * dtype.c -- parsing dtype specs ("f8", "<i4", "float64", ...) into sa_dtype. */
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
  {"csingle", "c8"},   {"cdouble", "c16"},   {"logical", "b1"},
  /* numpy's one-letter codes */
  {"b", "i1"}, {"B", "u1"}, {"h", "i2"}, {"H", "u2"}, {"i", "i4"},
  {"I", "u4"}, {"l", "i8"}, {"L", "u8"}, {"q", "i8"}, {"Q", "u8"},
  {"e", "f2"}, {"f", "f4"}, {"d", "f8"}, {"F", "c8"}, {"D", "c16"},
};

static int sa__native_order(void) {
  const uint16_t one = 1;
  return *(const unsigned char *)&one ? '<' : '>';
}

int sa_dtype_parse(const char *spec, sa_dtype *out) {
  const char *s = spec;
  char order = 0;
  int size = 0;
  size_t i;
  if (spec == NULL)
    return sa__err(SA_EDTYPE, "dtype", "none given");
  /* descrs ("<f8", "f8", "|b1") skip the alias table */
  if (!(strchr("<>|=", spec[0]) && spec[0]) && !(strchr("biufc", spec[0]) &&
      spec[0] && spec[1] >= '1' && spec[1] <= '9'))
   for (i = 0; i < sizeof(sa__aliases) / sizeof(sa__aliases[0]); i++)
    if (strcmp(spec, sa__aliases[i].name) == 0) {
      s = sa__aliases[i].descr;
      break;
    }
  if (*s == '<' || *s == '>' || *s == '|' || *s == '=')
    order = *s++;
  if (!strchr("biufc", s[0]) || s[0] == '\0')
    goto bad;
  if (s[1] >= '1' && s[1] <= '9' && s[2] == '\0')
    size = s[1] - '0';
  else if (s[1] == '1' && s[2] == '6' && s[3] == '\0')
    size = 16;
  else
    goto bad;
  switch (s[0]) {
    case 'b': if (size != 1) goto bad; break;
    case 'i': case 'u':
      if (size != 1 && size != 2 && size != 4 && size != 8) goto bad;
      break;
    case 'f': if (size != 2 && size != 4 && size != 8) goto bad; break;
    case 'c': if (size != 8 && size != 16) goto bad; break;
  }
  if (size == 1)
    order = '|';
  else if (order == 0 || order == '=' || order == '|')
    order = (char)sa__native_order();
  out->kind = s[0];
  out->itemsize = size;
  out->byteorder = order;
  out->descr[0] = order;
  out->descr[1] = s[0];
  if (size == 16) {
    out->descr[2] = '1';
    out->descr[3] = '6';
    out->descr[4] = '\0';
  } else {
    out->descr[2] = (char)('0' + size);
    out->descr[3] = '\0';
  }
  return 0;
bad:
  return sa__err(SA_EDTYPE, "dtype", "'%.40s' (supported: b1, i1-i8, u1-u8, "
                 "f2, f4, f8, c8, c16, with an optional byte order)", spec);
}
