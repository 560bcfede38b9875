/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * parse.c -- parsing the values given on the command line: shapes, modes,
 * counts and file names. Errors name the text at fault. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int is_space(char c) { return c == ' ' || c == '\t'; }

int cli_parse_shape(const char *text, int *ndim, int64_t *shape) {
  const char *p = text, *end = text + strlen(text);
  int n = 0;
  /* Trim blanks and one pair of () or []. */
  while (p < end && is_space(*p)) p++;
  while (end > p && is_space(end[-1])) end--;
  if (end - p >= 2 && ((*p == '(' && end[-1] == ')') ||
                       (*p == '[' && end[-1] == ']'))) {
    p++;
    end--;
  }
  while (p < end && is_space(*p)) p++;
  if (p == end) { /* "", "()": a 0-d array (one element) */
    *ndim = 0;
    return 0;
  }
  for (;;) {
    const char *start;
    int64_t v = 0;
    while (p < end && is_space(*p)) p++;
    start = p;
    if (p < end && *p == '-')
      return cli_error("shape '%s': dimension %d is negative", text, n + 1);
    while (p < end && *p >= '0' && *p <= '9') {
      int d = *p - '0';
      if (v > (INT64_MAX - d) / 10)
        return cli_error("shape '%s': dimension %d is too large", text, n + 1);
      v = v * 10 + d;
      p++;
    }
    if (p == start)
      return cli_error("shape '%s': dimension %d is not a number "
                       "(use e.g. 3,4 or 3x4)", text, n + 1);
    if (n == SA_MAXDIMS)
      return cli_error("shape '%s': more than %d dimensions", text,
                       SA_MAXDIMS);
    shape[n++] = v;
    while (p < end && is_space(*p)) p++;
    if (p == end)
      break;
    if (*p != ',' && *p != 'x' && *p != 'X')
      return cli_error("shape '%s': unexpected '%c' (use e.g. 3,4 or 3x4)",
                       text, *p);
    p++;
    while (p < end && is_space(*p)) p++;
    if (p == end && p[-1] == ',') /* "3," as in Python's (3,) */
      break;
  }
  *ndim = n;
  return 0;
}

int cli_parse_mode(const char *text, unsigned *mode) {
  /* The core's parser, the one every language uses: 1 to 4 octal digits,
   * an optional "0o", nothing else, at most 0777. "0" means the default,
   * 0600, as for sa_create. */
  int rc = sa_mode_parse(text, mode);
  return rc < 0 ? cli_fail(rc) : 0;
}

int cli_parse_uint(const char *what, const char *text, int max, int *out) {
  char *end;
  long v;
  errno = 0;
  v = strtol(text, &end, 10);
  if (end == text || *end != '\0' || errno != 0 || v < 0 || v > max ||
      text[0] == '-' || text[0] == '+' || text[0] == ' ')
    return cli_error("%s '%s': expected a whole number from 0 to %d", what,
                     text, max);
  *out = (int)v;
  return 0;
}

int cli_file_name(const char *text, char *out, size_t cap) {
  const char *sep = strstr(text, "://"), *c;
  int k, scheme = sep != NULL && sep != text;
  for (c = text; scheme && c < sep; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
      scheme = 0;
  if (scheme && strncmp(text, "file://", 7) != 0)
    return cli_error("%s: unknown name scheme '%.*s://' (use a path or "
                     "file://PATH)", text, (int)(sep - text), text);
  if (strncmp(text, "file://", 7) == 0)
    k = snprintf(out, cap, "%s", text);
  else
    k = snprintf(out, cap, "file://%s", text);
  if (k < 0 || (size_t)k >= cap)
    return cli_error("%s: path too long", text);
  return 0;
}
