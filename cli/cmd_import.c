/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_import.c -- `sharedarray import FILE.npy NAME [--mode MODE]`: copy a
 * .npy file into a new array. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, owner_flag = 0;
  char *pos[argc + 1];
  char src_name[SA_NAME_MAX];
  const char *mode_text = NULL, *owner_text = NULL;
  cli_owner owner;
  unsigned mode = 0600;
  sa_array *src, *dst;
  const sa_meta *m;
  const cli_opt opts[] = {{"mode", 'm', &mode_text, NULL},
                          {"owner", 0, &owner_text, &owner_flag},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 2, 2, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (mode_text && cli_parse_mode(mode_text, &mode) != 0)
    return CLI_ERROR;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if (cli_file_name(pos[0], src_name, sizeof src_name) != 0)
    return CLI_ERROR;
  /* The core validates the file fully (magic, header, dtype, size). */
  if ((rc = cli_attach(src_name, SA_ATTACH_RDONLY | SA_ATTACH_ANY_DTYPE, &owner,
                      &src)) < 0)
    return cli_fail(rc);
  m = sa_get_meta(src);
  /* a byte copy: any dtype the core holds, numeric or not */
  rc = sa_create(pos[1], m->ndim, m->shape, m->dtype.descr, m->order, mode,
                 SA_CREATE_ANY_DTYPE, &dst);
  if (rc < 0) {
    rc = cli_fail(rc);
    sa_release(src);
    return rc;
  }
  if (m->nbytes > 0)
    memcpy(sa_data(dst), sa_data(src), (size_t)m->nbytes);
  sa_release(dst);
  sa_release(src);
  return CLI_OK;
}

const cli_cmd cli_cmd_import = {
  "import", "copy a .npy file into a new array",
  "FILE.npy NAME [--mode MODE] [--owner[=USER]]",
  "Creates NAME with the dtype (byte order included), shape and order of\n"
  "FILE.npy and copies its data. FILE.npy may be any .npy file numpy wrote\n"
  "(format 1.0, 2.0 or 3.0) with a plain numeric dtype. NAME must not\n"
  "exist. (To use a .npy file without copying, attach \"file://FILE.npy\".)\n"
  "\n"
  "Options:\n"
  "  -m, --mode MODE      octal permission bits of NAME (default 0600)\n"
  "      --owner[=USER]   refuse FILE.npy unless USER owns it (a user name\n"
  "                       or uid; without a value, you)\n"
  "  -h, --help           show this help\n"
  "\n"
  "Example:\n"
  "  python -c 'import numpy as np; np.save(\"a.npy\", np.eye(3))'\n"
  "  sharedarray import a.npy eye3\n",
  run,
};
