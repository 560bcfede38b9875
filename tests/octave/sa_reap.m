function [code, out, sig] = sa_reap (c)
  % SA_REAP  Wait for a child of sa_spawn to end and collect it: its exit
  % code (128 + the signal when a signal killed it), its output, and the
  % signal (0 if none). Removes its folder.
  [pid, status] = waitpid (c.pid);
  assert (pid == c.pid, 'sa_reap: waitpid (%d) gave %d', c.pid, pid);
  sig = 0;
  if (WIFSIGNALED (status))
    sig = WTERMSIG (status);
    code = 128 + sig;
  else
    code = WEXITSTATUS (status);
  end
  out = '';
  if (exist (c.out, 'file'))
    out = fileread (c.out);
  end
  confirm_recursive_rmdir (false, 'local');
  rmdir (c.dir, 's');
end
