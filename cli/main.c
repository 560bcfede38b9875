/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * main.c -- the `sharedarray` command: global options and dispatch to the
 * subcommands (one cmd_*.c file each). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_cmd *const commands[] = {
  &cli_cmd_list, &cli_cmd_info, &cli_cmd_create, &cli_cmd_delete,
  &cli_cmd_import, &cli_cmd_export, &cli_cmd_dump, &cli_cmd_notify,
  &cli_cmd_wait,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_cmd *find_command(const char *name) {
  size_t i;
  for (i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

static void print_global_help(FILE *out) {
  size_t i;
  fputs("Usage: sharedarray COMMAND [ARGS...] [OPTIONS]\n"
        "       sharedarray --help | --version | help COMMAND\n"
        "\n"
        "Create, inspect, copy and delete SharedArray arrays: n-dimensional\n"
        "numeric arrays in POSIX shared memory (/dev/shm) or in .npy files,\n"
        "shared with Python, Lua, Octave and C without copying.\n"
        "\n"
        "A NAME is \"NAME\" or \"shm://NAME\" for shared memory (/dev/shm/NAME),\n"
        "or \"file://PATH\" for a .npy file. Names may hold any byte: in human\n"
        "output (and in error messages) control characters are shown escaped,\n"
        "e.g. \\x1b, \\u009b, \\n, and a backslash as \\\\; --json gives the\n"
        "exact name.\n"
        "\n"
        "Anyone may create an array under a name another program expects. The\n"
        "commands that read an array (info, dump, export, import, notify,\n"
        "wait) take --owner[=USER] to refuse one that USER (default: you)\n"
        "does not own; scripts run by root or another privileged user should\n"
        "use it.\n"
        "\n"
        "Commands:\n", out);
  for (i = 0; i < NCOMMANDS; i++)
    fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
  fputs("\n"
        "Options:\n"
        "  -h, --help     show this help (or a command's: sharedarray CMD --help)\n"
        "  -V, --version  show the version\n"
        "\n"
        "Exit status: 0 on success, 1 when an operation fails, 2 for a bad\n"
        "command line; wait also exits 3 on a timeout and 130 on Ctrl-C.\n"
        "Errors are printed to stderr.\n", out);
}

int main(int argc, char **argv) {
  const cli_cmd *cmd;
  const char *word = argc > 1 ? argv[1] : NULL;

  if (word == NULL) {
    print_global_help(stderr);
    return CLI_USAGE;
  }
  if (strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0) {
    print_global_help(stdout);
    return cli_finish(CLI_OK);
  }
  if (strcmp(word, "-V") == 0 || strcmp(word, "--version") == 0) {
    printf("sharedarray %s (libsharedarray %s)\n", SA_VERSION_STRING,
           sa_version());
    return cli_finish(CLI_OK);
  }
  if (strcmp(word, "help") == 0) {
    if (argc == 2) {
      print_global_help(stdout);
      return cli_finish(CLI_OK);
    }
    cmd = find_command(argv[2]);
    if (cmd == NULL || argc > 3) {
      cli_message(stderr, "sharedarray: ", "help: unknown command '%s'",
                  argv[2]);
      fputs("Try 'sharedarray --help'.\n", stderr);
      return CLI_USAGE;
    }
    cli_print_help(cmd, stdout);
    return cli_finish(CLI_OK);
  }
  cmd = find_command(word);
  if (cmd == NULL) {
    cli_message(stderr, "sharedarray: ", "unknown %s '%s'",
                word[0] == '-' ? "option" : "command", word);
    fputs("Try 'sharedarray --help'.\n", stderr);
    return CLI_USAGE;
  }
  return cli_finish(cmd->run(cmd, argc - 2, argv + 2));
}
