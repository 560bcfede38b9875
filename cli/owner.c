/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * owner.c -- the --owner[=USER] option of the commands that read an array
 * (info, dump, export, import). Anyone who may create files in /dev/shm
 * (or in a shared directory) can create an array under a name that another
 * program expects, and fill it with data of their choice ("squatting",
 * docs/format.md section 11). With --owner, an array that the expected user
 * does not own is refused. The check is off by default, so that arrays
 * shared between users keep working. */
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
  if (sa_owner_parse(text, &o->uid) < 0) { /* a uid or a user name */
    cli_error("%s", sa_errmsg());
    return -1;
  }
  return 0;
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
