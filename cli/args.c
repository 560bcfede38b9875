/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * args.c -- the option parser shared by the subcommands, usage errors and
 * error reporting. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_print_help(const cli_cmd *cmd, FILE *out) {
  /* The summary, as a sentence: "Remove arrays by name." */
  fprintf(out, "Usage: sharedarray %s %s\n\n%c%s.\n", cmd->name, cmd->usage,
          toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
  if (cmd->help && cmd->help[0])
    fprintf(out, "\n%s", cmd->help);
}

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...) {
  va_list ap;
  char prefix[64];
  snprintf(prefix, sizeof prefix, "sharedarray %s: ", cmd->name);
  va_start(ap, fmt);
  cli_vmessage(stderr, prefix, fmt, ap); /* echoes words of argv: escaped */
  va_end(ap);
  fprintf(stderr, "Usage: sharedarray %s %s\n"
          "Try 'sharedarray %s --help'.\n", cmd->name, cmd->usage, cmd->name);
  return CLI_USAGE;
}

int cli_fail(int rc) {
  const char *msg = sa_errmsg();
  if (msg == NULL || msg[0] == '\0' || strcmp(msg, "no error") == 0)
    msg = sa_strerror(rc);
  cli_message(stderr, "sharedarray: ", "%s", msg); /* it names things */
  return CLI_ERROR;
}

int cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cli_vmessage(stderr, "sharedarray: ", fmt, ap);
  va_end(ap);
  return CLI_ERROR;
}

int cli_finish(int status) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    if (status == CLI_OK)
      status = cli_error("error writing to standard output");
  }
  return status;
}

/* Finds the long option "name" (length len) or the short option c. */
static const cli_opt *find_opt(const cli_opt *opts, const char *name,
                               size_t len, char c) {
  for (; opts->name; opts++) {
    if (name ? strlen(opts->name) == len && strncmp(opts->name, name, len) == 0
             : opts->short_name == c && c != 0)
      return opts;
  }
  return NULL;
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, const cli_opt *opts,
              int minpos, int maxpos, char **pos, int *npos) {
  int i, n = 0, only_pos = 0;
  for (i = 0; i < argc; i++) {
    char *w = argv[i];
    const cli_opt *o;
    const char *value = NULL;
    if (only_pos || w[0] != '-' || w[1] == '\0') { /* "-" is a positional */
      pos[n++] = w;
      continue;
    }
    if (strcmp(w, "--") == 0) {
      only_pos = 1;
      continue;
    }
    if (strcmp(w, "-h") == 0 || strcmp(w, "--help") == 0) {
      cli_print_help(cmd, stdout);
      return CLI_HELP;
    }
    if (w[1] == '-') { /* --name or --name=value */
      const char *eq = strchr(w + 2, '=');
      size_t len = eq ? (size_t)(eq - (w + 2)) : strlen(w + 2);
      o = find_opt(opts, w + 2, len, 0);
      if (o == NULL)
        return cli_usage_error(cmd, "unknown option '%.*s'", (int)len + 2, w);
      if (eq) {
        if (o->value == NULL)
          return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
        value = eq + 1;
      }
    } else { /* -x, or -x VALUE; no bundling */
      o = w[2] == '\0' ? find_opt(opts, NULL, 0, w[1]) : NULL;
      if (o == NULL)
        return cli_usage_error(cmd, "unknown option '%s'", w);
    }
    if (o->flag) { /* a flag, or a flag with an optional --name=value */
      *o->flag = 1;
      if (o->value)
        *o->value = value;
      continue;
    }
    if (value == NULL) {
      if (i + 1 >= argc)
        return cli_usage_error(cmd, "option '--%s' needs a value", o->name);
      value = argv[++i];
    }
    *o->value = value;
  }
  if (n < minpos)
    return cli_usage_error(cmd, "missing arguments (expected %s%d, got %d)",
                           maxpos == minpos ? "" : "at least ", minpos, n);
  if (maxpos >= 0 && n > maxpos)
    return cli_usage_error(cmd, "unexpected argument '%s'", pos[maxpos]);
  *npos = n;
  return 0;
}
