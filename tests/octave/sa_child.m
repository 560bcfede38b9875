function [status, out] = sa_child (code)
  % SA_CHILD  Run Octave code in a child octave-cli, so that a crash kills
  % only the child, and return its exit status and output (stdout and
  % stderr). The child has the module folder and this folder on its path.
  % A child killed by a signal gives a status of 128 + the signal (139 for
  % SIGSEGV, 134 for SIGABRT) or 124 on a timeout.
  cli = getenv ('SA_OCTAVE_CLI');
  if (isempty (cli))
    cli = fullfile (OCTAVE_HOME (), 'bin', 'octave-cli');
  end
  dir = tempname ();
  mkdir (dir);
  unwind_protect
    script = fullfile (dir, 'sa_child_script.m');
    fid = fopen (script, 'w');
    fprintf (fid, 'addpath (%s);\naddpath (%s);\n', quote (getenv ('SA_OCTAVE_PATH')), ...
             quote (fileparts (mfilename ('fullpath'))));
    fputs (fid, code);
    fputs (fid, "\n");
    fclose (fid);
    [status, out] = system (sprintf ('cd %s && timeout 120 %s --no-gui --norc --no-history --quiet %s 2>&1', ...
                                     shq (dir), shq (cli), shq (script)));
  unwind_protect_cleanup
    confirm_recursive_rmdir (false, 'local');
    rmdir (dir, 's');
  end_unwind_protect
end

function q = quote (s)            % an Octave single-quoted string literal
  q = ['''' strrep(s, '''', '''''') ''''];
end

function q = shq (s)              % a shell single-quoted word
  q = ['''' strrep(s, '''', '''\''''') ''''];
end
