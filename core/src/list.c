/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * list.c -- iterating the valid arrays in /dev/shm or in a directory. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SA__SHM_DIR "/dev/shm"

struct sa_list {
  DIR *dir;
  int is_shm;
  char prefix[SA_NAME_MAX]; /* "" for shm, "file://DIR/" otherwise */
};

int sa_list_open(const char *where, sa_list **out) {
  sa_list *l;
  const char *path = SA__SHM_DIR;
  int is_shm = 1;
  if (out == NULL)
    return sa__err(SA_EARG, "out", "NULL");
  *out = NULL;
  if (where != NULL && where[0] != '\0' && strcmp(where, "shm://") != 0) {
    if (strcmp(where, "file://") == 0)
      return sa__err(SA_ENAMEEMPTY, where, "no directory after file://");
    if (strncmp(where, "file://", 7) != 0)
      return sa__err(SA_ESCHEME, where, "list takes shm:// or file://DIR");
    path = where + 7;
    is_shm = 0;
    if (strlen(path) + 9 >= SA_NAME_MAX)
      return sa__err(SA_ENAMELONG, where, NULL);
  }
  l = calloc(1, sizeof *l);
  if (l == NULL)
    return sa__err(-ENOMEM, where, NULL);
  l->dir = opendir(path);
  if (l->dir == NULL) {
    int rc = -errno;
    free(l);
    return sa__err(rc, is_shm ? SA__SHM_DIR : where, NULL);
  }
  l->is_shm = is_shm;
  if (!is_shm)
    snprintf(l->prefix, sizeof l->prefix, "file://%s%s", path,
             path[strlen(path) - 1] == '/' ? "" : "/");
  *out = l;
  return 0;
}

int sa_list_next(sa_list *l, sa_info *out) {
  struct dirent *e;
  for (;;) {
    struct stat st;
    int fd, rc, tries;
    size_t pl, nl;
    errno = 0;
    e = readdir(l->dir);
    if (e == NULL)
      return errno ? sa__err(-errno, "list", NULL) : 0;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
        (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
      continue;
    tries = 0;
    do
      fd = openat(dirfd(l->dir), e->d_name,
                  O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    while (fd < 0 && sa__lease_retry(&tries));
    if (fd < 0)
      continue; /* not ours to read: skip */
    rc = sa__read_meta(fd, 0, &out->meta, &st);
    if (rc == 0)
      sa__trail_info(fd, (uint64_t)st.st_size, out);
    close(fd);
    if (rc < 0)
      continue; /* not a valid array: skip */
    pl = strlen(l->prefix);
    nl = strlen(e->d_name);
    if (pl + nl + 1 > sizeof out->name)
      continue;
    memcpy(out->name, l->prefix, pl);
    memcpy(out->name + pl, e->d_name, nl + 1);
    out->size = (uint64_t)st.st_size;
    out->mode = (unsigned)st.st_mode & 07777u;
    out->uid = (unsigned)st.st_uid;
    out->dev = (uint64_t)st.st_dev;
    out->ino = (uint64_t)st.st_ino;
    return 1;
  }
}

void sa_list_close(sa_list *l) {
  if (l == NULL) return;
  closedir(l->dir);
  free(l);
}
