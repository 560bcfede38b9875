function [code, out, sig, dumped] = sa_collect (c, status)
  % SA_COLLECT  What a child of sa_spawn left, given its waitpid status:
  % its exit code (128 + the signal when a signal killed it), its output,
  % the signal (0 if none) and whether it dumped an octave-workspace file.
  % Removes its folder.
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
  dumped = exist (fullfile (c.dir, 'octave-workspace'), 'file') != 0;
  confirm_recursive_rmdir (false, 'local');
  rmdir (c.dir, 's');
end
