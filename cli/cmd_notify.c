/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_notify.c -- `sharedarray notify NAME`: add 1 to the generation of an
 * array and wake every process waiting on it (sa_notify). */
#include <stdio.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, owner_flag = 0;
  char *pos[argc + 1];
  const char *owner_text = NULL;
  cli_owner owner;
  sa_array *a;
  const cli_opt opts[] = {{"owner", 0, &owner_text, &owner_flag},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  /* read-only: the data is never writable here; the trailer is mapped
   * writable on its own when the segment may be written */
  if ((rc = cli_attach(pos[0], SA_ATTACH_RDONLY, &owner, &a)) < 0)
    return cli_fail(rc);
  rc = sa_notify(a);
  sa_release(a);
  return rc < 0 ? cli_fail(rc) : CLI_OK;
}

const cli_cmd cli_cmd_notify = {
  "notify", "tell the processes waiting on an array that it changed",
  "NAME [--owner[=USER]]",
  "Adds 1 to the generation of NAME and wakes every process waiting on it\n"
  "(`sharedarray wait`, sa_wait in C, sa.wait in Python, a:wait in Lua,\n"
  "h.wait in Octave), on this machine. Prints nothing. Needs write\n"
  "permission on the segment. Arrays made by other programs, by numpy or\n"
  "by older versions have no synchronisation trailer: notify then fails.\n"
  "\n"
  "Options:\n"
  CLI_OWNER_HELP
  "  -h, --help           show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray notify frame\n"
  "  sharedarray wait frame & sharedarray notify frame\n",
  run,
};
