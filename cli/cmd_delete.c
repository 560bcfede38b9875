/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * cmd_delete.c -- `sharedarray delete NAME... [--force]`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* --stale: every stale array of the caller's in /dev/shm (or DIR), each
 * re-checked by sa_delete_stale just before it goes. */
static int delete_stale(const char *dir) {
  char where[SA_NAME_MAX];
  sa_list *l;
  sa_info info;
  sa_holders *h = NULL;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int rc, status = CLI_OK, removed = 0;
  if (dir == NULL || strcmp(dir, "shm://") == 0)
    where[0] = '\0';
  else if (cli_file_name(dir, where, sizeof where) != 0)
    return CLI_ERROR;
  if ((rc = sa_holders_scan(&h)) < 0)
    return cli_fail(rc);
  if ((rc = sa_list_open(where, &l)) < 0) {
    sa_holders_free(h);
    return cli_fail(rc);
  }
  while ((rc = sa_list_next(l, &info)) == 1) {
    if (info.uid != (unsigned)geteuid() || sa_info_stale(&info, h) != 1)
      continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *nn);
      if (nn == NULL) { rc = -ENOMEM; break; }
      names = nn;
    }
    if ((names[n] = strdup(info.name)) == NULL) { rc = -ENOMEM; break; }
    n++;
  }
  sa_list_close(l);
  sa_holders_free(h);
  if (rc < 0)
    status = cli_fail(rc);
  for (i = 0; i < n; i++) {
    rc = sa_delete_stale(names[i]);
    if (rc == 0) {
      fputs("removed ", stdout);
      cli_put_text(stdout, names[i]);
      putchar('\n');
      removed++;
    } else if (rc == 1) {
      cli_message(stderr, "sharedarray: kept ", "%s (no longer stale: its "
                  "creator runs, someone has it open or mapped, or the name "
                  "now holds another array)", names[i]);
    } else if (rc != -ENOENT) { /* gone meanwhile: nothing to do */
      status = cli_fail(rc);
    }
    free(names[i]);
  }
  free(names);
  if (removed == 0 && status == CLI_OK)
    fputs("no stale arrays\n", stdout);
  return status;
}

static int run(const cli_cmd *cmd, int argc, char **argv) {
  int npos = 0, rc, force = 0, stale = 0, i, status = CLI_OK;
  char *pos[argc + 1];
  const cli_opt opts[] = {{"force", 'f', NULL, &force},
                          {"stale", 0, NULL, &stale},
                          {NULL, 0, NULL, NULL}};

  if ((rc = cli_parse(cmd, argc, argv, opts, 0, -1, pos, &npos)) != 0)
    return rc == CLI_HELP ? CLI_OK : rc;
  if (stale) {
    if (force || npos > 1)
      return cli_usage_error(cmd, "--stale takes at most one DIR, and no --force");
    return delete_stale(npos ? pos[0] : NULL);
  }
  if (npos == 0)
    return cli_usage_error(cmd, "missing arguments (NAME...)");
  for (i = 0; i < npos; i++) /* go on after a failure, report each */
    if ((rc = sa_delete(pos[i], force ? SA_DELETE_FORCE : 0)) < 0)
      status = cli_fail(rc);
  return status;
}

const cli_cmd cli_cmd_delete = {
  "delete", "remove arrays by name",
  "NAME... [--force]  |  --stale [DIR]",
  "Removes each NAME. Programs that have the array attached keep their\n"
  "mapping; the memory is freed when the last one lets go. A name that is\n"
  "not a valid array is refused, so that a typo cannot remove another\n"
  "program's shared memory; a segment left incomplete by a creator that\n"
  "died is removed without --force. If one NAME fails the others are still\n"
  "removed, and the exit status is 1.\n"
  "\n"
  "With --stale, removes instead every stale array that you own in\n"
  "/dev/shm (or in DIR): its creator no longer runs and no process maps it\n"
  "(see `sharedarray list --stale`). Each is checked again just before it\n"
  "is removed, by the kernel: a file lease is granted only when no process\n"
  "at all has the array open or mapped, and makes anyone who opens it\n"
  "meanwhile wait; its name is then moved aside, so that nobody can begin\n"
  "to attach it, and if anyone opened it by then, the name is put back.\n"
  "Symbolic links are never followed. Each removed name is printed. If it\n"
  "is killed at the wrong moment, an array may be left under a hidden name\n"
  "(.sa-stale-PID-N in the same directory). Stale is not garbage: data\n"
  "kept in /dev/shm on purpose is stale too, so look with `list --stale`\n"
  "first. Arrays without a record of their creator (made by other\n"
  "programs or older versions) are never stale.\n"
  "\n"
  "Options:\n"
  "  -f, --force  remove NAME even if it is not a valid array (leftovers)\n"
  "      --stale  remove the stale arrays you own (nothing else)\n"
  "  -h, --help   show this help\n"
  "\n"
  "Examples:\n"
  "  sharedarray delete frame params\n"
  "  sharedarray delete --force broken_segment\n"
  "  sharedarray list --stale && sharedarray delete --stale\n",
  run,
};
