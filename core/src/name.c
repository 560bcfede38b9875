/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * name.c -- the name parser: "NAME", "shm://NAME" and "file://PATH". */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int sa__shm_name(const char *given, const char *base, sa__name *out) {
  size_t len = strlen(base);
  if (len == 0)
    return sa__err(SA_ENAMEEMPTY, given[0] ? given : "\"\"", NULL);
  if (strchr(base, '/'))
    return sa__err(SA_ENAMESLASH, given, NULL);
  if (len > NAME_MAX)
    return sa__err(SA_ENAMELONG, given, "%zu bytes, the limit is %d",
                   len, NAME_MAX);
  if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
    return sa__err(SA_ENAMEBAD, given, "'.' and '..' are not names");
  out->kind = SA__SHM;
  out->path[0] = '/';
  memcpy(out->path + 1, base, len + 1);
  memcpy(out->display, base, len + 1);
  return 0;
}

int sa__name_parse(const char *name, sa__name *out) {
  const char *sep;
  if (name == NULL || name[0] == '\0')
    return sa__err(SA_ENAMEEMPTY, "\"\"", NULL);
  if (strncmp(name, "shm://", 6) == 0)
    return sa__shm_name(name, name + 6, out);
  if (strncmp(name, "file://", 7) == 0) {
    const char *p = name + 7;
    size_t len = strlen(p);
    if (len == 0)
      return sa__err(SA_ENAMEEMPTY, name, "no path after file://");
    if (len >= PATH_MAX || len + 8 > SA_NAME_MAX)
      return sa__err(SA_ENAMELONG, name, "%zu bytes", len);
    if (p[len - 1] == '/')
      return sa__err(SA_ENAMEBAD, name, "a directory is not an array");
    out->kind = SA__FILE;
    memcpy(out->path, p, len + 1);
    memcpy(out->display, name, len + 8);
    return 0;
  }
  sep = strstr(name, "://");
  if (sep != NULL) { /* "xyz://..." with a plain scheme: unknown scheme */
    const char *c;
    int letters = sep != name;
    for (c = name; c < sep; c++)
      if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.'))
        letters = 0;
    if (letters)
      return sa__err(SA_ESCHEME, name, "'%.*s://'", (int)(sep - name), name);
  }
  return sa__shm_name(name, name, out);
}

int sa__lease_retry(int *tries) {
  const struct timespec ms = {0, 1000000};
  if (errno != EWOULDBLOCK || ++*tries > 200)
    return 0;
  nanosleep(&ms, NULL);
  return 1;
}

int sa__name_open(const sa__name *n, int flags, unsigned mode) {
  int fd, tries = 0;
  do {
    if (n->kind == SA__SHM) {
      fd = shm_open(n->path, flags | O_NONBLOCK, (mode_t)mode);
      /* glibc's shm_open turns EISDIR into EINVAL; names are valid here */
      if (fd < 0 && errno == EINVAL)
        errno = EISDIR;
    } else {
      fd = open(n->path, flags | O_CLOEXEC | O_NONBLOCK, (mode_t)mode);
    }
  } while (fd < 0 && sa__lease_retry(&tries));
  return fd < 0 ? -errno : fd;
}

int sa__name_stat(const sa__name *n, struct stat *st) {
  char path[SA_NAME_MAX + 16];
  if (n->kind == SA__SHM) /* glibc keeps POSIX shm objects in /dev/shm */
    snprintf(path, sizeof path, "/dev/shm%s", n->path);
  else
    snprintf(path, sizeof path, "%s", n->path);
  return stat(path, st) < 0 ? -errno : 0;
}

int sa__name_unlink(const sa__name *n) {
  int rc = n->kind == SA__SHM ? shm_unlink(n->path) : unlink(n->path);
  return rc < 0 ? -errno : 0;
}

int sa__name_dir(const sa__name *n, const char **base) {
  char dir[SA_NAME_MAX];
  const char *slash;
  int dfd;
  if (n->kind == SA__SHM) { /* glibc keeps POSIX shm objects in /dev/shm */
    *base = n->path + 1;
    dfd = open("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return dfd < 0 ? -errno : dfd;
  }
  slash = strrchr(n->path, '/');
  if (slash == NULL) {
    *base = n->path;
    memcpy(dir, ".", 2);
  } else {
    size_t len = slash == n->path ? 1 : (size_t)(slash - n->path);
    memcpy(dir, n->path, len);
    dir[len] = '\0';
    *base = slash + 1;
  }
  dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return dfd < 0 ? -errno : dfd;
}

int sa__name_unlink_at(int dfd, const char *base, const struct stat *want) {
  struct stat now;
  if (want != NULL) {
    if (fstatat(dfd, base, &now, AT_SYMLINK_NOFOLLOW) < 0)
      return -errno;
    if (now.st_dev != want->st_dev || now.st_ino != want->st_ino)
      return -ENOENT; /* the name now refers to something else */
  }
  return unlinkat(dfd, base, 0) < 0 ? -errno : 0;
}

int sa__name_unlink_if(const sa__name *n, const struct stat *want) {
  const char *base;
  int rc, dfd = sa__name_dir(n, &base);
  if (dfd < 0)
    return dfd;
  rc = sa__name_unlink_at(dfd, base, want);
  close(dfd);
  return rc;
}
