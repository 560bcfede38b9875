/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_list.c -- `sharedarray list [DIR] [--json]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int by_name(const void *a, const void *b) {
  return strcmp(((const sa_info *)a)->name, ((const sa_info *)b)->name);
}

/* Names may hold any byte: control characters are escaped (text.c). */
static void put_name(FILE *out, const char *s, int width) {
  int n = cli_put_text(out, s);
  for (; n < width; n++)
    putc(' ', out);
}

static void print_table(const sa_info *v, const cli_prov *p, size_t n) {
  size_t i;
  int wname = 4, wdtype = 5, wshape = 5;
  char shape[SA_MAXDIMS * 24 + 8], creator[32], age[32], holders[32];
  for (i = 0; i < n; i++) {
    int l = cli_put_text(NULL, v[i].name);
    cli_shape_str(&v[i].meta, shape, sizeof shape);
    if (l > wname) wname = l;
    if ((int)strlen(shape) > wshape) wshape = (int)strlen(shape);
    l = cli_put_text(NULL, v[i].meta.dtype.descr); /* field names: escaped */
    if (l > wdtype) wdtype = l;
  }
  printf("%-*s  %-*s  %-*s  ORDER  %12s  MODE  %-12s  %5s  HOLDERS\n", wname,
         "NAME", wdtype, "DTYPE", wshape, "SHAPE", "BYTES", "CREATOR", "AGE");
  for (i = 0; i < n; i++) {
    cli_shape_str(&v[i].meta, shape, sizeof shape);
    cli_prov_cells(&v[i], &p[i], creator, age, holders, sizeof creator);
    put_name(stdout, v[i].name, wname);
    fputs("  ", stdout);
    put_name(stdout, v[i].meta.dtype.descr, wdtype);
    printf("  %-*s  %-5c  %12llu  %04o  %-12s  %5s  %s\n", wshape, shape,
           v[i].meta.order, (unsigned long long)v[i].meta.nbytes, v[i].mode,
           creator, age, holders);
  }
}

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int json = 0, npos = 0, rc, stale = 0, no_holders = 0;
  char *pos[argc + 1];
  char where[SA_NAME_MAX];
  sa_list *l;
  sa_info *v = NULL;
  cli_prov *p = NULL;
  sa_holders *h = NULL;
  size_t n = 0, cap = 0, i, k;
  const cli_opt opts[] = {{"json", 'j', NULL, &json},
                          {"stale", 0, NULL, &stale},
                          {"no-holders", 0, NULL, &no_holders},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 0, 1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (npos == 0 || strcmp(pos[0], "shm://") == 0)
    where[0] = '\0';
  else if (cli_file_name(pos[0], where, sizeof where) != 0)
    return CLI_ERROR;
  if (stale && no_holders)
    return cli_error("--stale needs the holders: drop --no-holders");
  if ((rc = sa_list_open(where, &l)) < 0)
    return cli_fail(rc);
  for (;;) {
    if (n == cap) {
      sa_info *nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *v);
      if (nv == NULL) {
        rc = cli_error("out of memory");
        goto out;
      }
      v = nv;
    }
    rc = sa_list_next(l, &v[n]);
    if (rc < 0) {
      rc = cli_fail(rc);
      goto out;
    }
    if (rc == 0)
      break;
    n++;
  }
  qsort(v, n, sizeof *v, by_name);
  /* one pass over /proc for every array, after the listing */
  if (!no_holders && (rc = sa_holders_scan(&h)) < 0) {
    rc = cli_fail(rc);
    goto out;
  }
  if (n > 0 && (p = calloc(n, sizeof *p)) == NULL) {
    rc = cli_error("out of memory");
    goto out;
  }
  for (i = k = 0; i < n; i++) {
    if (cli_prov_get(&v[i], h, &p[k]) < 0) {
      rc = cli_error("out of memory");
      goto out;
    }
    if (stale && p[k].stale != 1) { /* --stale: only the stale ones */
      cli_prov_free(&p[k]);
      continue;
    }
    if (k != i) v[k] = v[i];
    k++;
  }
  n = k;
  if (json) {
    fputs("[", stdout);
    for (i = 0; i < n; i++) {
      fputs(i ? ",\n  " : "\n  ", stdout);
      cli_info_json(stdout, &v[i], &p[i]);
    }
    fputs(n ? "\n]\n" : "]\n", stdout);
  } else {
    print_table(v, p, n);
  }
  rc = CLI_OK;
out:
  sa_list_close(l);
  sa_holders_free(h);
  if (p != NULL)
    for (i = 0; i < n; i++) cli_prov_free(&p[i]);
  free(p);
  free(v);
  return rc;
}

const cli_cmd cli_cmd_list = {
  "list", "list the arrays in /dev/shm or in a directory of .npy files",
  "[DIR] [--json] [--stale] [--no-holders]",
  "DIR is a directory (a plain path or file://DIR) whose valid .npy files\n"
  "are listed; without it, the arrays in shared memory (/dev/shm) are.\n"
  "Files and segments that are not valid arrays are skipped. The output is\n"
  "sorted by name.\n"
  "\n"
  "CREATOR is the pid of the process that created the array (\"gone\" when\n"
  "it no longer runs; \"-\" when the array does not say: made by another\n"
  "program or an older version), AGE how long ago, HOLDERS how many\n"
  "processes map it now (from /proc, read once; \"+?\" when /proc did not\n"
  "show every process). An array is stale when its creator is gone and no\n"
  "process has it open or mapped (for your own arrays the kernel is asked:\n"
  "a file lease, which sees every process). Stale is not garbage: a\n"
  "dataset loaded once and kept in /dev/shm on purpose is stale too;\n"
  "`sharedarray delete --stale` removes stale arrays, and only when asked.\n"
  "\n"
  "Options:\n"
  "  -j, --json        print a JSON list of objects with the keys name,\n"
  "                    dtype, dtype_name, itemsize, shape, ndim, order,\n"
  "                    nitems, nbytes, data_offset, size, mode, uid, format,\n"
  "                    format_version, sync, generation, creator_pid,\n"
  "                    creator_alive, created (ISO 8601, UTC, to the\n"
  "                    microsecond), created_ns (ns since 1970), holders (a\n"
  "                    list of pids), holders_incomplete and stale (null\n"
  "                    where the array does not say)\n"
  "      --stale       list only the stale arrays\n"
  "      --no-holders  do not look for holders in /proc (faster)\n"
  "  -h, --help        show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray list\n"
  "  sharedarray list --json\n"
  "  sharedarray list --stale\n"
  "  sharedarray list ./data\n",
  run,
};
