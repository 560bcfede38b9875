function [code, out, sig] = sa_reap (c)
  % SA_REAP  Wait for a child of sa_spawn to end and collect it (sa_collect:
  % its exit code, its output and the signal that killed it, 0 if none).
  % Removes its folder.
  [pid, status] = waitpid (c.pid);
  assert (pid == c.pid, 'sa_reap: waitpid (%d) gave %d', c.pid, pid);
  [code, out, sig] = sa_collect (c, status);
end
