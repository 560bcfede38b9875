/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * describe.c -- how `info` and `list` describe one array, as text and as
 * JSON. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_dtype_name(const sa_dtype *dt) {
  static const char *const ints[] = {"int8", "int16", "int32", "int64"};
  static const char *const uints[] = {"uint8", "uint16", "uint32", "uint64"};
  int k = dt->itemsize == 1 ? 0 : dt->itemsize == 2 ? 1
        : dt->itemsize == 4 ? 2 : 3;
  if (dt->structured)
    return "structured (Python only)";
  switch (dt->kind) {
    case 'b': return "bool";
    case 'i': return ints[k];
    case 'u': return uints[k];
    case 'f': return dt->itemsize == 2 ? "float16"
                   : dt->itemsize == 4 ? "float32"
                   : dt->itemsize == 8 ? "float64" : "longdouble (Python only)";
    case 'c': return dt->itemsize == 8 ? "complex64"
                   : dt->itemsize == 16 ? "complex128"
                   : "clongdouble (Python only)";
    case 'S': return "bytes (Python only)";
    case 'U': return "str (Python only)";
    case 'V': return "void (Python only)";
    case 'M': return "datetime64 (Python only)";
    case 'm': return "timedelta64 (Python only)";
    default: return "unknown";
  }
}

void cli_shape_str(const sa_meta *m, char *buf, size_t cap) {
  size_t n = 0;
  int i, k;
  buf[0] = '\0';
  k = snprintf(buf, cap, "(");
  if (k > 0) n = (size_t)k;
  for (i = 0; i < m->ndim && n < cap; i++) {
    k = snprintf(buf + n, cap - n, "%s%lld", i ? ", " : "",
                 (long long)m->shape[i]);
    if (k < 0) return;
    n += (size_t)k;
  }
  if (n < cap)
    snprintf(buf + n, cap - n, m->ndim == 1 ? ",)" : ")");
}

void cli_info_json(FILE *out, const sa_info *info, const cli_prov *p) {
  const sa_meta *m = &info->meta;
  int i;
  fputs("{\"name\": ", out);
  cli_json_string(out, info->name);
  /* a structured descr holds field names: any text but a backslash */
  fputs(", \"dtype\": ", out);
  cli_json_string(out, m->dtype.descr);
  fprintf(out, ", \"dtype_name\": \"%s\", \"itemsize\": %d, \"shape\": [",
          cli_dtype_name(&m->dtype), m->dtype.itemsize);
  for (i = 0; i < m->ndim; i++)
    fprintf(out, "%s%lld", i ? ", " : "", (long long)m->shape[i]);
  fprintf(out, "], \"ndim\": %d, \"order\": \"%c\", \"nitems\": %llu,"
          " \"nbytes\": %llu, \"data_offset\": %llu, \"size\": %llu,"
          " \"mode\": \"%04o\", \"uid\": %u, \"format\": \"%s\"",
          m->ndim, m->order, (unsigned long long)m->nitems,
          (unsigned long long)m->nbytes, (unsigned long long)m->data_offset,
          (unsigned long long)info->size, info->mode, info->uid,
          sa_format_name(m));
  if (m->format == SA_FORMAT_NPY)
    fprintf(out, ", \"format_version\": \"%d.0\"", m->version);
  else  /* a SharedArray 3.x segment: no .npy version */
    fputs(", \"format_version\": null", out);
  /* the synchronisation trailer (docs/format.md section 10) */
  if (info->has_sync)
    fprintf(out, ", \"sync\": true, \"generation\": %llu",
            (unsigned long long)info->generation);
  else
    fputs(", \"sync\": false, \"generation\": null", out);
  if (p != NULL)
    cli_prov_json(out, info, p);
  fputc('}', out);
}

void cli_info_text(FILE *out, const sa_info *info, const cli_prov *p) {
  const sa_meta *m = &info->meta;
  char shape[SA_MAXDIMS * 24 + 8];
  cli_shape_str(m, shape, sizeof shape);
  fputs("name:         ", out);
  cli_put_text(out, info->name); /* escaped: names may hold any byte */
  putc('\n', out);
  fputs("dtype:        ", out);
  cli_put_text(out, m->dtype.descr); /* field names may hold any byte */
  fprintf(out, " (%s)\n", cli_dtype_name(&m->dtype));
  fprintf(out, "shape:        %s\n", shape);
  fprintf(out, "order:        %c (%s)\n", m->order,
          m->order == 'F' ? "column-major, Fortran" : "row-major");
  fprintf(out, "items:        %llu\n", (unsigned long long)m->nitems);
  fprintf(out, "data bytes:   %llu\n", (unsigned long long)m->nbytes);
  fprintf(out, "data offset:  %llu\n", (unsigned long long)m->data_offset);
  fprintf(out, "size:         %llu\n", (unsigned long long)info->size);
  fprintf(out, "mode:         %04o\n", info->mode);
  fprintf(out, "owner uid:    %u\n", info->uid);
  fprintf(out, "format:       %s\n", sa_format_name(m));
  if (info->has_sync)
    fprintf(out, "generation:   %llu\n", (unsigned long long)info->generation);
  else
    fputs("generation:   none (no synchronisation trailer: wait, notify and "
          "lock are not available)\n", out);
  if (p != NULL)
    cli_prov_text(out, info, p);
}
