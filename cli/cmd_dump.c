/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_dump.c -- `sharedarray dump NAME [--full] [--exact] [--precision N]`:
 * print the values as numpy's print(a) does. */
#include <stdio.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, owner_flag = 0;
  char *pos[argc + 1];
  const char *prec_text = NULL, *width_text = NULL, *owner_text = NULL;
  const char *timeout_text = NULL;
  double timeout = 10;
  int locked;
  cli_owner owner;
  cli_dump_opts o = {0, 8, 0, 75};
  sa_array *a;
  const cli_opt opts[] = {
    {"full", 0, NULL, &o.full},
    {"exact", 0, NULL, &o.exact},
    {"precision", 'p', &prec_text, NULL},
    {"linewidth", 0, &width_text, NULL},
    {"owner", 0, &owner_text, &owner_flag},
    {"timeout", 't', &timeout_text, NULL},
    {NULL, 0, NULL, NULL},
  };

  if ((rc = cli_parse(cmd, argc, argv, opts, 1, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (prec_text && cli_parse_uint("precision", prec_text, 17, &o.precision))
    return CLI_ERROR;
  if (width_text && cli_parse_uint("linewidth", width_text, 1 << 20,
                                   &o.linewidth))
    return CLI_ERROR;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if (timeout_text && cli_parse_seconds("timeout", timeout_text, &timeout))
    return CLI_USAGE;
  if ((rc = cli_attach(pos[0], SA_ATTACH_RDONLY, &owner, &a)) < 0)
    return cli_fail(rc);
  /* printed under the array's lock: a frame is never shown half-written */
  if ((locked = cli_lock_for_copy(a, pos[0], timeout)) != 0 && locked != 1) {
    sa_release(a);
    return locked;
  }
  rc = cli_dump_array(stdout, a, &o);
  if (locked == 1)
    sa_unlock(a);
  sa_release(a);
  return rc < 0 ? cli_error("dump: out of memory") : CLI_OK;
}

const cli_cmd cli_cmd_dump = {
  "dump", "print the values of an array, as numpy prints them",
  "NAME [--full] [--exact] [--precision N] [--linewidth N] [--timeout S]\n"
  "       [--owner[=USER]]",
  "Prints the array in its logical (numpy) shape whatever its memory order,\n"
  "as numpy's print(a) does: nested brackets, aligned columns, lines of at\n"
  "most 75 characters. An array of more than 1000 elements is summarised\n"
  "to the first and last 3 items of each axis with \"...\". Integers are\n"
  "exact; bools print as True/False; complex values as 1.+2.j. Big-endian\n"
  "data and float16 are converted. The values are read under the array's\n"
  "lock (see `sharedarray wait`), so a writer that writes under the lock\n"
  "is never shown half-way.\n"
  "\n"
  "Options:\n"
  "      --full           print every element (no \"...\")\n"
  "      --exact          print floats with as many digits as it takes to\n"
  "                       read them back exactly (numpy's floatmode='unique')\n"
  "  -p, --precision N    at most N digits after the point (default 8)\n"
  "      --linewidth N    wrap lines at N characters (default 75)\n"
  CLI_LOCK_HELP
  CLI_OWNER_HELP
  "  -h, --help           show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray dump frame\n"
  "  sharedarray dump --full --exact params\n",
  run,
};
