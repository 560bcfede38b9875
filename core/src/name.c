/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * name.c -- the name parser: "NAME", "shm://NAME" and "file://PATH". */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
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

int sa__name_open(const sa__name *n, int flags, unsigned mode) {
  int fd;
  if (n->kind == SA__SHM) {
    fd = shm_open(n->path, flags | O_NONBLOCK, (mode_t)mode);
    /* glibc's shm_open turns EISDIR into EINVAL; names are valid here */
    if (fd < 0 && errno == EINVAL)
      errno = EISDIR;
  } else {
    fd = open(n->path, flags | O_CLOEXEC | O_NONBLOCK, (mode_t)mode);
  }
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
