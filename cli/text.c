/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * text.c -- showing untrusted text (names of arrays, paths, the words of
 * the command line) on a terminal. A name is any bytes: a hostile one can
 * hold ESC or CSI and drive the terminal of whoever runs `sharedarray list`
 * (move the cursor, rewrite lines, set the window title...). Every piece of
 * human output that echoes such text goes through cli_put_text, which
 * escapes:
 *
 *   backslash                          \\         (so that escapes are unambiguous)
 *   newline, tab, carriage return      \n \t \r
 *   other C0 controls and DEL          \x01 .. \x1f, \x7f
 *   C1 controls written as UTF-8       \u0080 .. \u009f   (e.g. CSI, C2 9B)
 *   Unicode line separators and bidi   \u2028 \u2029 \u200e \u200f
 *   controls                           \u202a..\u202e \u2066..\u2069
 *   bytes that are not valid UTF-8     \xNN   (raw C1 bytes 80..9F among them)
 *
 * so the output is valid UTF-8 with no control character in it, and the
 * bytes of the name can be read back from it. JSON output (json.c) keeps
 * the exact name instead, with JSON's own escapes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_utf8_decode(const unsigned char *s, uint32_t *cp_out) {
  unsigned c = s[0];
  int n, i;
  uint32_t cp;
  if (c < 0x80) {
    *cp_out = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
  else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
  else return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0; /* the NUL ends this too */
    cp = cp << 6 | (s[i] & 0x3fu);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  *cp_out = cp;
  return n;
}

int cli_is_control(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
         cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int cli_put_text(FILE *out, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  int width = 0;
  char esc[16];
  while (*s) {
    uint32_t cp;
    int n = cli_utf8_decode(s, &cp);
    const char *e = NULL;
    if (n == 0) { /* a byte that is not valid UTF-8 (raw C1 among them) */
      snprintf(esc, sizeof esc, "\\x%02x", *s);
      e = esc;
      n = 1;
    } else if (cp == '\\') {
      e = "\\\\";
    } else if (cp == '\n') {
      e = "\\n";
    } else if (cp == '\t') {
      e = "\\t";
    } else if (cp == '\r') {
      e = "\\r";
    } else if (cp < 0x80 && cli_is_control(cp)) {
      snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
      e = esc;
    } else if (cli_is_control(cp)) {
      snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
      e = esc;
    }
    if (e) {
      if (out) fputs(e, out);
      width += (int)strlen(e);
    } else {
      if (out) fwrite(s, 1, (size_t)n, out);
      width++; /* one character (wide CJK characters are not measured) */
    }
    s += n;
  }
  return width;
}

void cli_vmessage(FILE *out, const char *prefix, const char *fmt,
                  va_list ap) {
  char small[1024], *buf = small;
  va_list again;
  int n;
  va_copy(again, ap);
  n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0)
    small[0] = '\0';
  else if ((size_t)n >= sizeof small) {
    buf = malloc((size_t)n + 1);
    if (buf != NULL)
      vsnprintf(buf, (size_t)n + 1, fmt, again);
    else
      buf = small; /* out of memory: the message is cut, still escaped */
  }
  va_end(again);
  fputs(prefix, out);
  cli_put_text(out, buf);
  putc('\n', out);
  if (buf != small)
    free(buf);
}

void cli_message(FILE *out, const char *prefix, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cli_vmessage(out, prefix, fmt, ap);
  va_end(ap);
}
