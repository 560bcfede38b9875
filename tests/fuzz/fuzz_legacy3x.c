/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * fuzz_legacy3x.c -- libFuzzer target: the SharedArray 3.x trailer parser
 * (core/src/legacy3x.c) on arbitrary bytes taken as a whole segment, then
 * attach (read-only and read-write), info and delete over the same bytes
 * in /dev/shm. Whatever the input, nothing may crash, leak or read out of
 * bounds; whatever is accepted must be fully readable, and a read-write
 * attach must never change a byte after the data (the 3.x trailer).
 * Seeds: tests/fixtures/sa3 (real 3.2.4 segments); dictionary:
 * legacy3x.dict. */
#include "sharedarray_codec.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char shm_name[64], shm_path[96];

static void check_meta(const sa_meta *m, size_t size) {
  if (m->ndim < 0 || m->ndim > SA_MAXDIMS) abort();
  if (m->data_offset > size || m->nbytes > size - m->data_offset) abort();
  if (m->nbytes != m->nitems * (uint64_t)m->dtype.itemsize) abort();
  if (m->format == SA_FORMAT_SA3_32 || m->format == SA_FORMAT_SA3_64) {
    size_t tl = m->format == SA_FORMAT_SA3_32 ? 292 : 548;
    if (m->data_offset != 0 || m->order != 'C' || m->version != 0) abort();
    if (m->nbytes + tl != size) abort();
    if (memcmp(sa_format_name(m), "SharedArray 3.x", 15) != 0) abort();
  } else if (m->format != SA_FORMAT_NPY) {
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sa_meta m;
  sa_array *a;
  sa_info info;
  int fd;
  /* 1. the pure parser: the whole segment, its tail alone, and the bytes
   *    as the tail of a longer segment */
  if (sa_legacy3x_parse(data, size, size, &m) == 0) {
    check_meta(&m, size);
    if (m.format == SA_FORMAT_NPY) abort();
  }
  if (size >= 548 && sa_legacy3x_parse(data + size - 548, 548, size, &m) == 0)
    check_meta(&m, size);
  (void)sa_legacy3x_parse(data, size, (uint64_t)size + 1, &m);
  (void)sa_legacy3x_parse(data, size, (uint64_t)size * 3, &m);

  /* 2. the same bytes as a segment in /dev/shm */
  if (!shm_name[0]) {
    snprintf(shm_name, sizeof shm_name, "sa-fuzz3x-%d", (int)getpid());
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
  if (sa_attach(shm_name, 0, &a) == 0) {
    const sa_meta *am = sa_get_meta(a);
    unsigned char *p = sa_data(a);
    uint64_t i, end = am->data_offset + am->nbytes;
    check_meta(am, size);
    for (i = 0; i < am->nbytes; i++) p[i] = (unsigned char)~p[i];
    sa_release(a);
    /* nothing after the data changed */
    fd = open(shm_path, O_RDONLY);
    if (fd < 0) abort();
    if (end < size) {
      unsigned char *rest = malloc(size - end);
      if (rest == NULL) abort();
      if (pread(fd, rest, size - end, (off_t)end) != (ssize_t)(size - end))
        abort();
      if (memcmp(rest, data + end, size - end) != 0) abort();
      free(rest);
    }
    close(fd);
  }
  if (sa_info_get(shm_name, &info) == 0) {
    check_meta(&info.meta, size);
    if (info.size != size) abort();
  }
  (void)sa_delete(shm_name, 0);
  unlink(shm_path);
  return 0;
}
