/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_export.c -- `sharedarray export NAME FILE.npy [--force]`: write an
 * array to a .npy file that numpy.load reads. The file is written under a
 * temporary name beside FILE.npy and then published in one step, so nobody
 * ever sees a half-written file, and overwriting the array's own source
 * file (export file://a.npy a.npy --force) is safe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The smallest .npy header (a multiple of 64 bytes, as numpy writes). */
static int write_header(const sa_meta *src, char *buf, size_t cap) {
  sa_meta m = *src;
  uint64_t off;
  for (off = 64; off <= cap; off += 64) {
    m.data_offset = off;
    if (sa_header_write(&m, buf, cap) > 0)
      return (int)off;
  }
  return -1;
}

static int write_all(int fd, const char *p, uint64_t n) {
  while (n > 0) {
    size_t chunk = n > (1u << 30) ? (1u << 30) : (size_t)n;
    ssize_t w = write(fd, p, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    p += w;
    n -= (uint64_t)w;
  }
  return 0;
}

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, force = 0, fd, hlen, status = CLI_ERROR;
  char *pos[argc + 1];
  const char *path;
  char *tmp = NULL;
  char header[65536], fname[SA_NAME_MAX];
  mode_t mask;
  sa_array *a;
  const cli_opt opts[] = {{"force", 'f', NULL, &force},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 2, 2, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_file_name(pos[1], fname, sizeof fname) != 0) /* refuses shm:// */
    return CLI_ERROR;
  path = fname + 7;
  if (path[0] == '\0')
    return cli_error("export: empty file name");
  if ((rc = sa_attach(pos[0], SA_RDONLY, &a)) < 0)
    return cli_fail(rc);
  if ((hlen = write_header(sa_get_meta(a), header, sizeof header)) < 0) {
    cli_fail(-1);
    goto out;
  }
  if ((tmp = malloc(strlen(path) + 16)) == NULL) {
    cli_error("out of memory");
    goto out;
  }
  sprintf(tmp, "%s.tmp-XXXXXX", path);
  if ((fd = mkstemp(tmp)) < 0) {
    cli_error("%s: %s", path, strerror(errno));
    free(tmp);
    tmp = NULL;
    goto out;
  }
  mask = umask(0); /* mkstemp made it 0600: give it the usual 0666 & ~umask */
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) < 0 ||
      (rc = write_all(fd, header, (uint64_t)hlen)) < 0 ||
      (rc = write_all(fd, sa_data(a), sa_nbytes(a))) < 0) {
    cli_error("%s: %s", path, strerror(rc < 0 ? -rc : errno));
    close(fd);
    goto out;
  }
  if (close(fd) < 0) {
    cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  /* link() refuses to replace an existing file; rename() replaces it. */
  if (force ? rename(tmp, path) < 0 : link(tmp, path) < 0) {
    if (errno == EEXIST)
      cli_error("%s: file exists (use --force to replace it)", path);
    else
      cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  status = CLI_OK;
out:
  if (tmp) {
    if (!(force && status == CLI_OK))
      unlink(tmp); /* after link(), or on failure */
    free(tmp);
  }
  sa_release(a);
  return status;
}

const cli_cmd cli_cmd_export = {
  "export", "write an array to a .npy file",
  "NAME FILE.npy [--force]",
  "Writes NAME's header and data to FILE.npy (format 1.0, the same dtype,\n"
  "byte order, shape and order), which numpy.load and every SharedArray\n"
  "language can read. FILE.npy must not exist unless --force is given.\n"
  "\n"
  "Options:\n"
  "  -f, --force  replace FILE.npy if it exists\n"
  "  -h, --help   show this help\n"
  "\n"
  "Example:\n"
  "  sharedarray export frame frame.npy\n"
  "  python -c 'import numpy as np; print(np.load(\"frame.npy\"))'\n",
  run,
};
