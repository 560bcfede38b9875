/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cli.h -- what the files of the `sharedarray` command-line tool share:
 * the subcommand table, the option parser, error reporting, and the small
 * formatters used by several subcommands. */
#ifndef SA_CLI_H
#define SA_CLI_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "sharedarray_codec.h"

/* Exit codes. */
#define CLI_OK    0
#define CLI_ERROR 1   /* the operation failed (bad name, dtype, shape...) */
#define CLI_USAGE 2   /* the command line could not be understood */
#define CLI_TIMEOUT 3  /* wait: the timeout passed with no notify */
#define CLI_INTERRUPTED 130 /* wait: interrupted (Ctrl-C, 128 + SIGINT) */
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
    cli_cmd_delete, cli_cmd_import, cli_cmd_export, cli_cmd_dump,
    cli_cmd_notify, cli_cmd_wait;

/* ------------------------------------------------------ option parser */

/* One option of a subcommand. A flag sets *flag to 1; an option with a
 * value stores a pointer to it in *value. With both, the value is optional
 * and can only be given as --name=value (--owner, --owner=1000): *flag is
 * set, and *value too when there is one. */
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
/* Octal permission bits, e.g. "0640", "640" or "0o640" (sa_mode_parse:
 * at most 0777). Prints the error; returns 0 or CLI_ERROR. */
int cli_parse_mode(const char *text, unsigned *mode);
/* A non-negative decimal int, at most max. */
int cli_parse_uint(const char *what, const char *text, int max, int *out);
/* "file://PATH" stays; a path becomes "file://" + text; another scheme
 * ("http://...") is an error. */
int cli_file_name(const char *text, char *out, size_t cap);

/* ------------------------------------------------------------ owner */

/* --owner[=USER]: refuse an array that USER does not own (a defence
 * against squatting, docs/format.md section 11). Off unless given. */
typedef struct cli_owner {
  int check;       /* --owner was given */
  int caller;      /* without a value: the caller's effective uid */
  unsigned uid;    /* the uid to expect */
} cli_owner;

/* given: --owner was seen; text: its value or NULL. A USER is a uid
 * ("1000") or a user name ("alice"). Prints the error; returns 0 or -1. */
int cli_parse_owner(int given, const char *text, cli_owner *o);
/* sa_attach, with the owner check of o done by the core on the segment it
 * maps (SA_ATTACH_OWNED or sa_attach_owner). */
int cli_attach(const char *name, unsigned flags, const cli_owner *o,
               sa_array **out);
/* The check for commands that only read the header (info): prints the
 * error and returns CLI_ERROR if info->uid is not the expected owner. */
int cli_check_owner(const cli_owner *o, const sa_info *info);
/* Help text for the option, shared by the commands that take it. */
#define CLI_OWNER_HELP                                                    \
  "      --owner[=USER]   refuse NAME unless USER owns it (a user name or\n" \
  "                       uid; without a value, you): a privileged user\n" \
  "                       is not fooled by an array planted under the\n"   \
  "                       name by someone else\n"

/* ------------------------------------------------------- describing */

/* "float64", "int32", "bool", "complex128"... */
const char *cli_dtype_name(const sa_dtype *dt);
/* "(3, 4)", "(10,)", "()" into buf. */
void cli_shape_str(const sa_meta *m, char *buf, size_t cap);
/* One array as a JSON object on one line (no newline), with p's keys when
 * p is not NULL. */
struct cli_prov;
void cli_info_json(FILE *out, const sa_info *info, const struct cli_prov *p);
/* One array as "key: value" lines, with p's when p is not NULL. */
void cli_info_text(FILE *out, const sa_info *info, const struct cli_prov *p);

/* ------------------------------------------------------------ locks */

/* --OPT S: a decimal number of seconds >= 0 ("inf": for ever, -1). Prints
 * the error and returns CLI_USAGE, or 0. */
int cli_parse_seconds(const char *opt, const char *text, double *out);
/* Seconds (< 0: for ever) as the core's milliseconds, rounded up; beyond
 * what an int holds is for ever (-1). */
int cli_seconds_ms(double seconds);
/* Take a's lock for a consistent copy, for at most timeout seconds (< 0:
 * for ever), in slices so that Ctrl-C and kill stop the command. 1 held
 * (sa_unlock after the copy), 0 no lock to take (no trailer, or no write
 * permission: copy as is), or an exit status (CLI_TIMEOUT,
 * CLI_INTERRUPTED, CLI_ERROR) after printing why. */
int cli_lock_for_copy(sa_array *a, const char *name, double timeout);
#define CLI_LOCK_HELP                                                     \
  "  -t, --timeout S      wait at most S seconds for the array's lock\n"   \
  "                       (default 10; inf: for ever), then exit 3\n"

/* ------------------------------------------------------- provenance */

/* What info and list say about an array's creator and holders. */
typedef struct cli_prov {
  int alive;      /* 1 running, 0 gone, -1 unknown (no trailer) */
  int nholders;   /* processes that map it, -1 when not looked up */
  int *holders;   /* their pids, ascending */
  int incomplete; /* other users' processes were not visible */
  int stale;      /* 1, 0, or -1 unknown */
} cli_prov;

/* Fill p for info from the scan h (NULL: holders not looked up). 0, or -1
 * out of memory. cli_prov_free frees what it allocated. */
int cli_prov_get(const sa_info *info, const sa_holders *h, cli_prov *p);
void cli_prov_free(cli_prov *p);
/* The JSON keys creator_pid, creator_alive, created, created_ns, holders,
 * holders_incomplete and stale, each after ", ". */
void cli_prov_json(FILE *out, const sa_info *info, const cli_prov *p);
/* The creator, created, holders and stale lines of `info`. */
void cli_prov_text(FILE *out, const sa_info *info, const cli_prov *p);
/* The CREATOR, AGE and HOLDERS cells of `list` (cap bytes each). */
void cli_prov_cells(const sa_info *info, const cli_prov *p, char *creator,
                    char *age, char *holders, size_t cap);

/* ------------------------------------------------------------- text */

/* Everything human output echoes that came from outside (names, paths,
 * words of the command line, the core's messages, which name things) goes
 * through cli_put_text: control characters (C0, DEL, C1 both as UTF-8 and
 * as raw bytes, Unicode bidi and line-separator controls), backslashes and
 * bytes that are not UTF-8 are escaped (\x1b, \u009b, \n, \\...). Writes to
 * out (NULL: only measures) and returns the number of characters. */
int cli_put_text(FILE *out, const char *s);
/* Writes prefix, then the formatted message through cli_put_text, then a
 * newline. */
void cli_message(FILE *out, const char *prefix, const char *fmt, ...);
void cli_vmessage(FILE *out, const char *prefix, const char *fmt, va_list ap);
/* Decodes the valid UTF-8 sequence at s into *cp; returns its length, or 0
 * if the byte at s does not start one (overlong forms, surrogates and code
 * points past U+10FFFF are invalid). */
int cli_utf8_decode(const unsigned char *s, uint32_t *cp);
/* True for the code points cli_put_text escapes as controls. */
int cli_is_control(uint32_t cp);

/* ------------------------------------------------------------- JSON */

/* Writes s as a JSON string. Invalid UTF-8 bytes become \udcXX, as
 * Python's surrogateescape does, so os.fsencode() gives the bytes back;
 * control characters are \uXXXX escapes (the same text). */
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
