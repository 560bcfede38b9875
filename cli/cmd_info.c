/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_info.c -- `sharedarray info NAME [--json]`. */
#include <stdio.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int json = 0, npos = 0, rc, owner_flag = 0, no_holders = 0;
  char *pos[argc + 1];
  const char *owner_text = NULL;
  cli_owner owner;
  sa_info info;
  sa_holders *h = NULL;
  cli_prov prov;
  const cli_opt opts[] = {{"json", 'j', NULL, &json},
                          {"owner", 0, &owner_text, &owner_flag},
                          {"no-holders", 0, NULL, &no_holders},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if ((rc = sa_info_get(pos[0], &info)) < 0)
    return cli_fail(rc);
  if (cli_check_owner(&owner, &info) != CLI_OK)
    return CLI_ERROR;
  if (!no_holders && (rc = sa_holders_scan(&h)) < 0)
    return cli_fail(rc);
  rc = cli_prov_get(&info, h, &prov);
  sa_holders_free(h);
  if (rc < 0)
    return cli_error("out of memory");
  if (json) {
    cli_info_json(stdout, &info, &prov);
    putchar('\n');
  } else {
    cli_info_text(stdout, &info, &prov);
  }
  cli_prov_free(&prov);
  return CLI_OK;
}

const cli_cmd cli_cmd_info = {
  "info", "show the dtype, shape, order and size of an array",
  "NAME [--json] [--owner[=USER]] [--no-holders]",
  "NAME is \"NAME\" or \"shm://NAME\" (shared memory) or \"file://PATH\" (a\n"
  ".npy file). Only the header and the trailer are read; the data is not\n"
  "mapped. Control characters in the name are shown escaped (\\x1b,\n"
  "\\u009b, \\n...); --json gives the exact name.\n"
  "\n"
  "Also shown: the generation (wait/notify), the process that created the\n"
  "array and whether it still runs, when, the processes that map it now\n"
  "(found in /proc; other users' processes are not visible without\n"
  "privilege, and the output then says the list may be incomplete), and\n"
  "whether it is stale: its creator is gone and nobody maps it. Stale is\n"
  "not garbage: an array kept in /dev/shm on purpose is stale too.\n"
  "\n"
  "Options:\n"
  "  -j, --json           print one JSON object (the keys of `list --json`)\n"
  CLI_OWNER_HELP
  "      --no-holders     do not look for holders in /proc (faster)\n"
  "  -h, --help           show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray info frame\n"
  "  sharedarray info --json file://weights.npy\n",
  run,
};
