/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * owner.c -- the --owner[=USER] option of the commands that read an array
 * (info, dump, export, import). Anyone who may create files in /dev/shm
 * (or in a shared directory) can create an array under a name that another
 * program expects, and fill it with data of their choice ("squatting",
 * docs/format.md section 11). With --owner, an array that the expected user
 * does not own is refused. The check is off by default, so that arrays
 * shared between users keep working. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

int cli_parse_owner(int given, const char *text, cli_owner *o) {
  o->check = given;
  o->caller = given && text == NULL;
  o->uid = 0;
  if (!given)
    return 0;
  if (text == NULL) {
    o->uid = (unsigned)geteuid();
    return 0;
  }
  if (text[0] >= '0' && text[0] <= '9') { /* a uid, as chown takes it */
    const char *p;
    unsigned long v = 0;
    for (p = text; *p >= '0' && *p <= '9'; p++) {
      v = v * 10 + (unsigned long)(*p - '0');
      if (v >= 0xffffffffUL) /* (uid_t)-1 is no uid */
        break;
    }
    if (*p != '\0' || v >= 0xffffffffUL) {
      cli_error("owner '%s': expected a user name or a uid from 0 to "
                "4294967294", text);
      return -1;
    }
    o->uid = (unsigned)v;
    return 0;
  } else {
    struct passwd *pw;
    errno = 0;
    pw = text[0] ? getpwnam(text) : NULL;
    if (pw == NULL) {
      cli_error("owner '%s': no such user", text);
      return -1;
    }
    o->uid = (unsigned)pw->pw_uid;
    return 0;
  }
}

int cli_attach(const char *name, unsigned flags, const cli_owner *o,
               sa_array **out) {
  if (!o->check)
    return sa_attach(name, flags, out);
  if (o->caller)
    return sa_attach(name, flags | SA_ATTACH_OWNED, out);
  return sa_attach_owner(name, flags, o->uid, out);
}

int cli_check_owner(const cli_owner *o, const sa_info *info) {
  if (!o->check || info->uid == o->uid)
    return CLI_OK;
  return cli_error("%s: %s: owned by uid %u, expected uid %u", info->name,
                   sa_strerror(SA_EOWNER), info->uid, o->uid);
}
