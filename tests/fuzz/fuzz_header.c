/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * fuzz_header.c -- libFuzzer target: the .npy header parser on arbitrary
 * bytes, then attach/info/list/delete over the same bytes as a segment.
 * Whatever the input, nothing may crash, leak or read out of bounds, and
 * whatever attach accepts must be fully readable. */
#include "sharedarray_codec.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char shm_name[64], shm_path[96];

static void check_meta(const sa_meta *m, size_t size) {
  if (m->ndim < 0 || m->ndim > SA_MAXDIMS) abort();
  if (m->data_offset > size || m->nbytes > size - m->data_offset) abort();
  if (m->nbytes != m->nitems * (uint64_t)m->dtype.itemsize) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sa_meta m;
  sa_array *a;
  sa_info info;
  int fd;
  /* 1. the pure parser, with the buffer as the whole segment and as a
   *    prefix of a longer one */
  if (sa_header_parse(data, size, size, &m) == 0)
    check_meta(&m, size);
  (void)sa_header_parse(data, size, (uint64_t)size * 2 + 1, &m);

  /* 2. the same bytes as a segment in /dev/shm */
  if (!shm_name[0]) {
    snprintf(shm_name, sizeof shm_name, "sa-fuzz-%d", (int)getpid());
    snprintf(shm_path, sizeof shm_path, "/dev/shm/%s", shm_name);
  }
  fd = open(shm_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) abort();
  if (size && write(fd, data, size) != (ssize_t)size) abort();
  close(fd);
  if (sa_attach(shm_name, SA_ATTACH_RDONLY, &a) == 0) {
    uint64_t i, n = sa_nitems(a);
    volatile unsigned char sink = 0;
    const unsigned char *p = sa_data(a);
    check_meta(sa_get_meta(a), size);
    for (i = 0; i < sa_nbytes(a); i++) sink ^= p[i]; /* every byte readable */
    for (i = 0; i < n && i < 4096; i++) {
      sa_value v;
      if (sa_load(a, i, &v) != 0) abort();
    }
    (void)sink;
    sa_release(a);
  }
  if (sa_info_get(shm_name, &info) == 0)
    check_meta(&info.meta, size);
  (void)sa_delete(shm_name, 0);
  unlink(shm_path);
  return 0;
}
