/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * mode.c -- permission bits written as text, as chmod(1) takes them. One
 * parser for the CLI and every binding, so that " 644" or "+644" means the
 * same (an error) everywhere. */
#include "internal.h"

int sa_mode_parse(const char *text, unsigned *mode) {
  const char *p = text;
  unsigned v = 0;
  int digits = 0;
  if (text == NULL || mode == NULL)
    return sa__err(SA_EARG, "mode", "NULL");
  if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    p += 2;
  for (; *p >= '0' && *p <= '7' && digits < 5; p++, digits++)
    v = v * 8 + (unsigned)(*p - '0');
  if (digits == 0 || digits > 4 || *p != '\0')
    return sa__err(SA_EARG, "mode", "'%s': expected 1 to 4 octal digits, as "
                   "chmod takes them, e.g. 0640", text);
  if (v > 0777)
    return sa__err(SA_EARG, "mode", "'%s': only permission bits (0 to 0777) "
                   "are allowed, not setuid, setgid or sticky", text);
  *mode = v;
  return 0;
}
