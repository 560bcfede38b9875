/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cli.h -- what the files of the `sharedarray` command-line tool share:
 * the subcommand table, the option parser, error reporting, and the small
 * formatters used by several subcommands. */
#ifndef SA_CLI_H
#define SA_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "sharedarray.h"

/* Exit codes. */
#define CLI_OK    0
#define CLI_ERROR 1   /* the operation failed (bad name, dtype, shape...) */
#define CLI_USAGE 2   /* the command line could not be understood */
#define CLI_HELP  (-1) /* internal: --help was given, exit 0 */

/* ----------------------------------------------------------- commands */

typedef struct cli_cmd {
  const char *name;
  const char *summary;   /* one line for the global --help */
  const char *usage;     /* arguments after the command name */
  const char *help;      /* the full help text (options, examples) */
  int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
} cli_cmd;

extern const cli_cmd cli_cmd_list, cli_cmd_info, cli_cmd_create,
    cli_cmd_delete, cli_cmd_import, cli_cmd_export, cli_cmd_dump;

/* ------------------------------------------------------ option parser */

/* One option of a subcommand. A flag sets *flag to 1; an option with a
 * value stores a pointer to it in *value. */
typedef struct cli_opt {
  const char *name;      /* long name without "--" */
  char short_name;       /* 0, or e.g. 'f' for -f */
  const char **value;    /* non-NULL: takes a value */
  int *flag;             /* non-NULL: a flag */
} cli_opt;

/* Parses argv[0..argc) (the words after the subcommand). Options may come
 * anywhere; "--" ends them; "--opt=value" and "--opt value" both work;
 * -h/--help is always known. opts ends with a {NULL} entry. Positionals go
 * to pos[] (room for argc entries) and their count must lie within
 * [minpos, maxpos] (maxpos < 0: no limit).
 * Returns 0, CLI_HELP (help printed) or CLI_USAGE (error printed). */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, const cli_opt *opts,
              int minpos, int maxpos, char **pos, int *npos);

/* Prints "sharedarray CMD: <message>" plus a hint to stderr; CLI_USAGE. */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...);
/* Prints the full help of cmd to out. */
void cli_print_help(const cli_cmd *cmd, FILE *out);

/* ----------------------------------------------------------- errors */

/* Prints "sharedarray: <sa_errmsg()>" to stderr; returns CLI_ERROR. */
int cli_fail(int rc);
/* Prints "sharedarray: <formatted message>" to stderr; returns CLI_ERROR. */
int cli_error(const char *fmt, ...);
/* Flushes stdout and reports a write error (e.g. a full disk). */
int cli_finish(int status);

/* ----------------------------------------------------- value parsers */

/* "3,4", "3x4", "(3, 4)", "10", "" or "()" (a 0-d array). */
int cli_parse_shape(const char *text, int *ndim, int64_t *shape);
/* Octal permission bits, e.g. "0640" or "640". */
int cli_parse_mode(const char *text, unsigned *mode);
/* A non-negative decimal int, at most max. */
int cli_parse_uint(const char *what, const char *text, int max, int *out);
/* "file://PATH" stays; a path becomes "file://" + text; another scheme
 * ("http://...") is an error. */
int cli_file_name(const char *text, char *out, size_t cap);

/* ------------------------------------------------------- describing */

/* "float64", "int32", "bool", "complex128"... */
const char *cli_dtype_name(const sa_dtype *dt);
/* "(3, 4)", "(10,)", "()" into buf. */
void cli_shape_str(const sa_meta *m, char *buf, size_t cap);
/* One array as a JSON object on one line (no newline). */
void cli_info_json(FILE *out, const sa_info *info);
/* One array as "key: value" lines. */
void cli_info_text(FILE *out, const sa_info *info);

/* ------------------------------------------------------------- JSON */

/* Writes s as a JSON string. Invalid UTF-8 bytes become \udcXX, as
 * Python's surrogateescape does, so os.fsencode() gives the bytes back. */
void cli_json_string(FILE *out, const char *s);

/* ------------------------------------------------------------ dump */

typedef struct cli_dump_opts {
  int full;        /* never summarise with "..." */
  int precision;   /* digits after the point, as numpy's (default 8) */
  int exact;       /* shortest round-trip digits (numpy floatmode 'unique') */
  int linewidth;   /* 75 as numpy's */
} cli_dump_opts;

/* Prints a as numpy's str(a) does (the default print options). */
int cli_dump_array(FILE *out, const sa_array *a, const cli_dump_opts *o);

#endif /* SA_CLI_H */
