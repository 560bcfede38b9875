/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * json.c -- writing JSON strings. Names of arrays are bytes, not text: valid
 * UTF-8 passes through, and each invalid byte becomes a lone surrogate
 * \udcXX (Python's "surrogateescape"), so the output is always valid JSON
 * and os.fsencode(json.loads(...)) gives the original bytes back. */
#include <stdio.h>

#include "cli.h"

/* Length of the valid UTF-8 sequence at s, or 0 if the byte at s does not
 * start one (overlong forms, surrogates and code points past U+10FFFF are
 * invalid). */
static int utf8_len(const unsigned char *s) {
  unsigned c = s[0];
  int n, i;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
  else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
  else return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3fu);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

void cli_json_string(FILE *out, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  putc('"', out);
  while (*s) {
    unsigned c = *s;
    int n;
    if (c == '"' || c == '\\') {
      putc('\\', out);
      putc((int)c, out);
      s++;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default: fprintf(out, "\\u%04x", c); break;
      }
      s++;
    } else if ((n = utf8_len(s)) > 0) {
      fwrite(s, 1, (size_t)n, out);
      s += n;
    } else {
      fprintf(out, "\\udc%02x", c);
      s++;
    }
  }
  putc('"', out);
}
