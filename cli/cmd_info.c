/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_info.c -- `sharedarray info NAME [--json]`. */
#include <stdio.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int json = 0, npos = 0, rc, owner_flag = 0;
  char *pos[argc + 1];
  const char *owner_text = NULL;
  cli_owner owner;
  sa_info info;
  const cli_opt opts[] = {{"json", 'j', NULL, &json},
                          {"owner", 0, &owner_text, &owner_flag},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if ((rc = sa_info_get(pos[0], &info)) < 0)
    return cli_fail(rc);
  if (cli_check_owner(&owner, &info) != CLI_OK)
    return CLI_ERROR;
  if (json) {
    cli_info_json(stdout, &info);
    putchar('\n');
  } else {
    cli_info_text(stdout, &info);
  }
  return CLI_OK;
}

const cli_cmd cli_cmd_info = {
  "info", "show the dtype, shape, order and size of an array",
  "NAME [--json] [--owner[=USER]]",
  "NAME is \"NAME\" or \"shm://NAME\" (shared memory) or \"file://PATH\" (a\n"
  ".npy file). Only the header is read; the data is not mapped. Control\n"
  "characters in the name are shown escaped (\\x1b, \\u009b, \\n...); --json\n"
  "gives the exact name.\n"
  "\n"
  "Options:\n"
  "  -j, --json           print one JSON object (the keys of `list --json`)\n"
  CLI_OWNER_HELP
  "  -h, --help           show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray info frame\n"
  "  sharedarray info --json file://weights.npy\n",
  run,
};
