/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * owner.c -- who an owner check expects, written as text: one parser for
 * the CLI and every binding, so that "1000", "alice" and "4294967295" mean
 * the same (the last: an error) everywhere. */
#include "internal.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

int sa_owner_parse(const char *text, unsigned *uid) {
  struct passwd pw, *found = NULL;
  char buf[16384];
  const char *p;
  unsigned long v = 0;
  int e;
  if (text == NULL || uid == NULL)
    return sa__err(SA_EARG, "owner", "NULL");
  if (text[0] >= '0' && text[0] <= '9') { /* a uid, as chown takes it */
    for (p = text; *p >= '0' && *p <= '9' && v < 0xffffffffUL; p++)
      v = v * 10 + (unsigned long)(*p - '0');
    if (*p != '\0' || v >= 0xffffffffUL) /* (uid_t)-1 is no uid */
      return sa__err(SA_EARG, NULL, "owner '%s': expected a user name or a "
                     "uid from 0 to 4294967294", text);
    *uid = (unsigned)v;
    return 0;
  }
  e = text[0] ? getpwnam_r(text, &pw, buf, sizeof buf, &found) : 0;
  if (e != 0)
    return sa__err(-e, NULL, "owner '%s': cannot look the user up", text);
  if (found == NULL)
    return sa__err(SA_EARG, NULL, "owner '%s': no such user", text);
  *uid = (unsigned)found->pw_uid;
  return 0;
}
