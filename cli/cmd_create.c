/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_create.c -- `sharedarray create NAME SHAPE DTYPE [--order F]
 * [--mode 0640] [--lazy]`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, ndim = 0, lazy = 0;
  char *pos[argc + 1];
  const char *order = "C", *mode_text = NULL;
  unsigned mode = 0600;
  int64_t shape[SA_MAXDIMS];
  sa_array *a;
  const cli_opt opts[] = {
    {"order", 'o', &order, NULL},
    {"mode", 'm', &mode_text, NULL},
    {"lazy", 0, NULL, &lazy},
    {NULL, 0, NULL, NULL},
  };

  if ((rc = cli_parse(cmd, argc, argv, opts, 3, 3, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_shape(pos[1], &ndim, shape) != 0)
    return CLI_ERROR;
  if (mode_text && cli_parse_mode(mode_text, &mode) != 0)
    return CLI_ERROR;
  if (strlen(order) != 1 || strchr("CcFf", order[0]) == NULL)
    return cli_error("order '%s': use C (row-major) or F (column-major)",
                     order);
  rc = sa_create(pos[0], ndim, shape, pos[2],
                 (char)(order[0] == 'c' || order[0] == 'C' ? 'C' : 'F'), mode,
                 lazy ? SA_CREATE_LAZY : 0, &a);
  if (rc < 0)
    return cli_fail(rc);
  sa_release(a);
  return CLI_OK;
}

const cli_cmd cli_cmd_create = {
  "create", "create a new zero-filled array",
  "NAME SHAPE DTYPE [--order C|F] [--mode MODE] [--lazy]",
  "NAME   \"NAME\" or \"shm://NAME\" (shared memory) or \"file://PATH\"\n"
  "SHAPE  dimensions separated by ',' or 'x': 10, 3,4, 3x4, \"(3, 4)\";\n"
  "       \"()\" or \"\" makes a 0-d array (one element)\n"
  "DTYPE  as numpy spells it: f8, <i4, >u2, b1, c16, float32, int64,\n"
  "       uint8, bool, complex128, float16...\n"
  "It fails if NAME exists. Memory is reserved up front, so a full /dev/shm\n"
  "is reported now rather than crashing a program later.\n"
  "\n"
  "Options:\n"
  "  -o, --order C|F  memory order: C (row-major, the default) or F\n"
  "                   (column-major, Fortran)\n"
  "  -m, --mode MODE  octal permission bits, 0 to 0777, e.g. 0640 to let\n"
  "                   the group read (default and 0: 0600); no setuid,\n"
  "                   setgid or sticky bit\n"
  "      --lazy       do not reserve memory up front (for sparse arrays)\n"
  "  -h, --help       show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray create frame 480x640 uint8\n"
  "  sharedarray create params 16 f8 --mode 0640\n"
  "  sharedarray create file://grid.npy 100,200 float32 --order F\n",
  run,
};
