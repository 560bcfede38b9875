/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * json.c -- writing JSON strings. Names of arrays are bytes, not text: valid
 * UTF-8 passes through, and each invalid byte becomes a lone surrogate
 * \udcXX (Python's "surrogateescape"), so the output is always valid JSON
 * and os.fsencode(json.loads(...)) gives the original bytes back. Control
 * characters (C0, DEL, C1, the bidi and line-separator controls that
 * text.c escapes) are written as \uXXXX escapes: the decoded name is the
 * same, and the raw output never drives a terminal it is shown on. */
#include <stdio.h>

#include "cli.h"

void cli_json_string(FILE *out, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  putc('"', out);
  while (*s) {
    unsigned c = *s;
    uint32_t cp;
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
    } else if ((n = cli_utf8_decode(s, &cp)) > 0) {
      if (cli_is_control(cp)) /* DEL, C1, bidi: the same text, escaped */
        fprintf(out, "\\u%04x", (unsigned)cp);
      else
        fwrite(s, 1, (size_t)n, out);
      s += n;
    } else {
      fprintf(out, "\\udc%02x", c);
      s++;
    }
  }
  putc('"', out);
}
