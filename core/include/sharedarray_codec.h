/* Copyright (c) 2026 The SharedArray developers. MIT License, see LICENSE.
 *
 * sharedarray_codec.h -- the in-tree API of libsharedarray: the .npy header
 * codec and the element codec. The bindings, the CLI, the tests and the
 * fuzzers use it; it is not installed and not exported from the shared
 * library (these functions have hidden visibility), so it is not ABI and
 * may change in any release. Link the static core (sharedarray_static) to
 * use it. The public API is sharedarray.h.
 */
#ifndef SHAREDARRAY_CODEC_H
#define SHAREDARRAY_CODEC_H

#include "sharedarray.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ byte order */

/* '<' on a little-endian machine, '>' on a big-endian one. */
char sa_native_order(void);
/* 1 when dt's elements are stored in this machine's byte order (or have
 * none: '|'), so that a plain typed load reads them. */
int sa_dtype_is_native(const sa_dtype *dt);

/* ------------------------------------------------------ element access */

/* One element, widened. Which member is valid follows dtype.kind:
 * 'b' -> b, 'i' -> i, 'u' -> u, 'f' -> f (float16 is widened), 'c' -> re/im.
 * Byte order is handled: big-endian data reads and writes correctly. */
typedef struct sa_value {
  char kind;
  int  b;
  int64_t  i;
  uint64_t u;
  double f;
  double re, im;
} sa_value;

/* Flat index (0-based, in memory order) of a 0-based multi-index in the
 * array's logical (numpy) shape; SA_EINDEX when out of bounds. */
int sa_flat_index(const sa_array *a, int nidx, const int64_t *idx,
                    uint64_t *flat);
/* Read / write the element at a flat (memory-order, 0-based) index. */
int sa_load(const sa_array *a, uint64_t flat, sa_value *out);
int sa_store(sa_array *a, uint64_t flat, const sa_value *v);

/* Raw codecs on plain memory, for bindings that convert whole buffers. */
void sa_value_load(const sa_dtype *dt, const void *src, sa_value *out);
int  sa_value_store(const sa_dtype *dt, void *dst, const sa_value *v);

/* ------------------------------------------------------- header codec */

/* Parse and validate a .npy header from the first len bytes of a segment of
 * total size segsize. No system calls: safe to fuzz on plain bytes. */
int sa_header_parse(const void *buf, size_t len, uint64_t segsize,
                    sa_meta *out);
/* Write a format 1.0 header for meta into buf (cap bytes), padded with
 * spaces so that the data starts at meta->data_offset (must be a multiple
 * of 64 and <= 65535+10). Returns the header size or a negative code. */
int sa_header_write(const sa_meta *meta, void *buf, size_t cap);
/* Fill meta from shape/dtype/order; checks ndim, shape and overflow. */
int sa_meta_init(sa_meta *meta, int ndim, const int64_t *shape,
                    const char *dtype, char order);

/* Parse and validate the trailer of a segment made by SharedArray 3.x from
 * the last len bytes of a segment of total size segsize; len must be at
 * least min(segsize, 548) (SA_EARG otherwise). No system calls. Returns 0
 * (meta->format says which trailer), SA_EMAGIC when there is no 3.x trailer,
 * SA_EDTYPE for a valid trailer of a type this library does not read, or
 * the validation error. */
int sa_legacy3x_parse(const void *tail, size_t len, uint64_t segsize,
                    sa_meta *out);
#ifdef __cplusplus
}
#endif
#endif /* SHAREDARRAY_CODEC_H */
