/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_export.c -- `sharedarray export NAME FILE.npy [--force]`: write an
 * array to a .npy file that numpy.load reads. The file is written under a
 * temporary name beside FILE.npy and then published in one step, so nobody
 * ever sees a half-written file, and overwriting the array's own source
 * file (export file://a.npy a.npy --force) is safe. Only a regular file is
 * ever replaced, and the file gets the array's permission bits. */
#define _GNU_SOURCE /* O_PATH, getentropy */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* What a non-regular file is, for the message that refuses it. */
static const char *kind(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

/* The destination, as it is now in the pinned directory: absent (fine), a
 * regular file (fine with --force) or anything else (refused: rename() would
 * turn a FIFO, a device or a symbolic link into a regular file; as root,
 * /dev/null itself). Symbolic links are refused rather than followed, so
 * that a link planted in a shared directory cannot aim a privileged export
 * at another file. */
static int check_dest(int dirfd, const char *base, const char *path,
                      int force) {
  struct stat st;
  if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
    if (errno == ENOENT)
      return 0;
    return cli_error("%s: %s", path, strerror(errno));
  }
  if (!S_ISREG(st.st_mode))
    return cli_error("%s: is %s, not a regular file; refusing to replace it",
                     path, kind(st.st_mode));
  if (!force)
    return cli_error("%s: file exists (use --force to replace it)", path);
  return 0;
}

/* Creates a new file beside the destination, only for us (O_EXCL: never an
 * existing file or a planted symbolic link), named BASE.tmp-XXXXXX. */
static int make_temp(int dirfd, const char *base, char *tmp, size_t cap) {
  static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  int attempt;
  for (attempt = 0; attempt < 100; attempt++) {
    unsigned char r[6];
    struct timespec ts;
    int i, fd;
    if (getentropy(r, sizeof r) != 0) { /* cannot fail on Linux >= 3.17 */
      clock_gettime(CLOCK_REALTIME, &ts);
      for (i = 0; i < 6; i++)
        r[i] = (unsigned char)((unsigned long)ts.tv_nsec >> (i * 5)) ^
               (unsigned char)(getpid() + attempt * 7 + i);
    }
    /* a long base is cut, so that the name stays within NAME_MAX */
    snprintf(tmp, cap, "%.200s.tmp-%c%c%c%c%c%c", base,
             digits[r[0] % 36], digits[r[1] % 36], digits[r[2] % 36],
             digits[r[3] % 36], digits[r[4] % 36], digits[r[5] % 36]);
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  errno = EEXIST;
  return -1;
}

/* The permission bits of the array, read before and after attaching: both
 * must agree (and the owner too), so that the bits given to the file are
 * those of the array whose data it holds. */
static int source_mode(const char *name, const sa_info *before,
                       unsigned *mode) {
  sa_info after;
  int rc = sa_info_get(name, &after);
  if (rc < 0)
    return cli_fail(rc);
  if (after.mode != before->mode || after.uid != before->uid)
    return cli_error("%s: its owner or permissions changed while it was "
                     "being exported; try again", name);
  *mode = before->mode & 0777;
  return 0;
}

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, force = 0, fd = -1, dirfd = -1, hlen, status = CLI_ERROR;
  int owner_flag = 0, locked;
  char *pos[argc + 1];
  const char *path, *base, *owner_text = NULL;
  char *dir = NULL, *slash;
  char tmp[256], header[65536], fname[SA_NAME_MAX];
  unsigned mode = 0600;
  cli_owner owner;
  sa_info before;
  sa_array *a = NULL;
  const char *timeout_text = NULL;
  double timeout = 10;
  const cli_opt opts[] = {{"force", 'f', NULL, &force},
                          {"owner", 0, &owner_text, &owner_flag},
                          {"timeout", 't', &timeout_text, NULL},
                          {NULL, 0, NULL, NULL}};

  tmp[0] = '\0';
  if ((rc = cli_parse(cmd, argc, argv, opts, 2, 2, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (cli_parse_owner(owner_flag, owner_text, &owner) != 0)
    return CLI_ERROR;
  if (timeout_text && cli_parse_seconds("timeout", timeout_text, &timeout))
    return CLI_USAGE;
  if (cli_file_name(pos[1], fname, sizeof fname) != 0) /* refuses shm:// */
    return CLI_ERROR;
  path = fname + 7;
  if (path[0] == '\0')
    return cli_error("export: empty file name");
  /* Pin the directory: every later step (checks, temporary file, publish)
   * works in it, even if a path component is swapped meanwhile. */
  if ((dir = strdup(path)) == NULL)
    return cli_error("out of memory");
  slash = strrchr(dir, '/');
  if (slash == NULL) {
    base = path;
    strcpy(dir, ".");
  } else {
    base = path + (slash - dir) + 1;
    slash[slash == dir] = '\0'; /* "/x.npy": the directory is "/" */
  }
  if (base[0] == '\0') {
    cli_error("%s: not a file name (it ends with '/')", path);
    goto out;
  }
#ifdef O_PATH /* needs only search permission, as open(dir/x) would */
  dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
  dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
  if (dirfd < 0) {
    cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  if (check_dest(dirfd, base, path, force) != 0)
    goto out;
  if ((rc = sa_info_get(pos[0], &before)) < 0) {
    cli_fail(rc);
    goto out;
  }
  /* a byte copy: any dtype the core holds, numeric or not */
  if ((rc = cli_attach(pos[0], SA_ATTACH_RDONLY | SA_ATTACH_ANY_DTYPE, &owner,
                      &a)) < 0) {
    cli_fail(rc);
    goto out;
  }
  if (source_mode(pos[0], &before, &mode) != 0)
    goto out;
  if ((hlen = write_header(sa_get_meta(a), header, sizeof header)) < 0) {
    cli_fail(-1);
    goto out;
  }
  if ((fd = make_temp(dirfd, base, tmp, sizeof tmp)) < 0) {
    tmp[0] = '\0';
    cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  /* The array's permission bits (not 0666 minus the umask: a 0600 array
   * must not become a world-readable file), set before any data is in. */
  rc = 0;
  if (fchmod(fd, (mode_t)mode) < 0 ||
      (rc = write_all(fd, header, (uint64_t)hlen)) < 0) {
    cli_error("%s: %s", path, strerror(rc < 0 ? -rc : errno));
    goto out;
  }
  /* A consistent copy: under the array's lock when it has one (writers
   * that write under it never leave half a frame in the file). Without
   * write permission the lock cannot be taken: copied as it is. */
  locked = cli_lock_for_copy(a, pos[0], timeout);
  if (locked != 0 && locked != 1) {
    status = locked; /* timed out or interrupted: the temp file goes */
    goto out;
  }
  rc = write_all(fd, sa_data(a), sa_nbytes(a));
  if (locked == 1)
    (void)sa_unlock(a);
  if (rc < 0) {
    cli_error("%s: %s", path, strerror(-rc));
    goto out;
  }
  rc = close(fd);
  fd = -1;
  if (rc < 0) {
    cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  /* Checked again just before publishing. linkat() refuses to replace
   * anything; renameat() replaces the regular file checked here. */
  if (check_dest(dirfd, base, path, force) != 0)
    goto out;
  if (force ? renameat(dirfd, tmp, dirfd, base) < 0
            : linkat(dirfd, tmp, dirfd, base, 0) < 0) {
    if (errno == EEXIST)
      cli_error("%s: file exists (use --force to replace it)", path);
    else
      cli_error("%s: %s", path, strerror(errno));
    goto out;
  }
  if (force)
    tmp[0] = '\0'; /* renamed: nothing left to remove */
  status = CLI_OK;
out:
  if (fd >= 0)
    close(fd);
  if (tmp[0])
    unlinkat(dirfd, tmp, 0); /* after linkat(), or on failure */
  if (dirfd >= 0)
    close(dirfd);
  free(dir);
  sa_release(a);
  return status;
}

const cli_cmd cli_cmd_export = {
  "export", "write an array to a .npy file",
  "NAME FILE.npy [--force] [--timeout S] [--owner[=USER]]",
  "Writes NAME's header and data to FILE.npy (format 1.0, the same dtype,\n"
  "byte order, shape and order), which numpy.load and every SharedArray\n"
  "language can read. FILE.npy must not exist unless --force is given.\n"
  "The file gets NAME's permission bits (a 0600 array gives a 0600 file,\n"
  "whatever the umask). It is written under a temporary name beside\n"
  "FILE.npy and then renamed, so nobody sees a half-written file. The\n"
  "data is copied under the array's lock (see `sharedarray wait`), so a\n"
  "writer that writes under the lock never leaves half a frame in it.\n"
  "Only a regular file is ever replaced: a FIFO, a device, a directory or\n"
  "a symbolic link at FILE.npy is refused, even with --force.\n"
  "\n"
  "Options:\n"
  "  -f, --force          replace FILE.npy if it is a regular file\n"
  CLI_LOCK_HELP
  CLI_OWNER_HELP
  "  -h, --help           show this help\n"
  "\n"
  "Example:\n"
  "  sharedarray export frame frame.npy\n"
  "  python -c 'import numpy as np; print(np.load(\"frame.npy\"))'\n",
  run,
};
