/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * helpers.c -- small utilities shared by the C tests. */
#include "task.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

const char *test_name(const char *tag) {
  static char buf[8][128];
  static int k;
  char *b = buf[k++ % 8];
  snprintf(b, sizeof buf[0], "sa-ctest-%s-%d", tag, (int)getpid());
  return b;
}

static int count_dir(const char *path) {
  DIR *d = opendir(path);
  struct dirent *e;
  int n = 0;
  ASSERT(d != NULL);
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1; /* the DIR's own fd */
}

int count_fds(void) { return count_dir("/proc/self/fd"); }

static int count_lines(const char *needle) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[4096];
  int n = 0;
  ASSERT(f != NULL);
  while (fgets(line, sizeof line, f))
    if (needle == NULL || strstr(line, needle)) n++;
  fclose(f);
  return n;
}

int maps_mention(const char *needle) { return count_lines(needle); }

void write_file(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT(fd >= 0);
  ASSERT_EQ(write(fd, data, len), (int64_t)len);
  close(fd);
}

int wait_child(int pid) {
  int st;
  ASSERT_EQ(waitpid(pid, &st, 0), pid);
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  return 128 + WTERMSIG(st);
}

static void sa__on_signal(int sig) { _exit(128 + sig); }

void exit_on_signal(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = sa__on_signal;
  ASSERT_EQ(sigaction(sig, &sa, NULL), 0);
}
