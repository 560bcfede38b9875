function c = sa_spawn (code)
  % SA_SPAWN  Start Octave code in a child octave-cli that runs alongside
  % this process (sa_child waits for its child; this does not). Returns a
  % struct: c.pid (the octave-cli process itself, so that getpid () in the
  % child is c.pid, and kill (c.pid, 9) kills it), c.dir (its folder) and
  % c.out (the file that gets its stdout and stderr). Collect it with
  % sa_reap (c); the child has the module folder and this folder on its
  % path, as with sa_child.
  cli = getenv ('SA_OCTAVE_CLI');
  if (isempty (cli))
    cli = fullfile (OCTAVE_HOME (), 'bin', 'octave-cli');
  end
  c.dir = tempname ();
  mkdir (c.dir);
  script = fullfile (c.dir, 'sa_spawn_script.m');
  c.out = fullfile (c.dir, 'out.txt');
  fid = fopen (script, 'w');
  fprintf (fid, 'addpath (%s);\naddpath (%s);\n', quote (getenv ('SA_OCTAVE_PATH')), ...
           quote (fileparts (mfilename ('fullpath'))));
  fputs (fid, code);
  fputs (fid, "\n");
  fclose (fid);
  % exec: the shell becomes octave-cli, so the pid is octave's own
  c.pid = system (sprintf ('cd %s && exec %s --no-gui --norc --no-history --quiet %s > %s 2>&1 < /dev/null', ...
                           shq (c.dir), shq (cli), shq (script), shq (c.out)), false, 'async');
  assert (c.pid > 0, 'sa_spawn: could not start %s', cli);
end

function q = quote (s)            % an Octave single-quoted string literal
  q = ['''' strrep(s, '''', '''''') ''''];
end

function q = shq (s)              % a shell single-quoted word
  q = ['''' strrep(s, '''', '''\''''') ''''];
end
