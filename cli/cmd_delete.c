/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_delete.c -- `sharedarray delete NAME... [--force]`. */
#include <stdio.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, force = 0, i, status = CLI_OK;
  char *pos[argc + 1];
  const cli_opt opts[] = {{"force", 'f', NULL, &force},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, -1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  for (i = 0; i < npos; i++) /* go on after a failure, report each */
    if ((rc = sa_delete(pos[i], force ? SA_DELETE_FORCE : 0)) < 0)
      status = cli_fail(rc);
  return status;
}

const cli_cmd cli_cmd_delete = {
  "delete", "remove arrays by name",
  "NAME... [--force]",
  "Removes each NAME. Programs that have the array attached keep their\n"
  "mapping; the memory is freed when the last one lets go. A name that is\n"
  "not a valid array is refused, so that a typo cannot remove another\n"
  "program's shared memory; a segment left incomplete by a creator that\n"
  "died is removed without --force. If one NAME fails the others are still\n"
  "removed, and the exit status is 1.\n"
  "\n"
  "Options:\n"
  "  -f, --force  remove NAME even if it is not a valid array (leftovers)\n"
  "  -h, --help   show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray delete frame params\n"
  "  sharedarray delete --force broken_segment\n",
  run,
};
