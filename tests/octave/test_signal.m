% test_signal.m -- SIGTERM and SIGHUP stop a process that holds a handle.
% Octave's default is to save the workspace to octave-workspace on SIGTERM
% and SIGHUP before exiting; a handle refuses to be saved
% (sharedarray:save), and that error used to be thrown into the running
% script, which could catch it and go on for ever. Loading the module turns
% those dumps off: the process exits promptly and writes no file.
%
% The child (sa_spawn, its own folder as the working directory) attaches,
% says so by notifying a control array, and loops in h.wait inside
% try/catch, printing whatever it catches. Nothing sleeps to synchronise;
% only the exit is polled, against a deadline.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

% Wait (up to limit seconds) for the child c to exit; kill it with SIGKILL
% if it does not. Returns whether it exited by itself, its exit code (128 +
% the signal if one killed it), its output, whether it left an
% octave-workspace file, and the seconds it took. Removes its folder.
function [ended, code, out, dumped, took] = sa_await_exit (c, limit)
  t0 = tic ();
  ended = false;
  while (toc (t0) < limit)
    [pid, status] = waitpid (c.pid, WNOHANG ());
    if (pid == c.pid)
      ended = true;
      break;
    end
    pause (0.02);
  end
  took = toc (t0);
  if (! ended)
    kill (c.pid, 9);
    [pid, status] = waitpid (c.pid);
  end
  [code, out, ~, dumped] = sa_collect (c, status);
end

names = {};
kids = {};
unwind_protect
  nm = sa_tname ('sig'); names{end+1} = nm;
  cn = sa_tname ('sigctl'); names{end+1} = cn;
  h = sharedarray_create (nm, [3 4], 'f8');
  ctl = sharedarray_create (cn, 1, 'u1');

  % --- loading the module turned the dumps off, in this process too -------
  assert (sigterm_dumps_octave_core () == false, 'SIGTERM still dumps the workspace');
  assert (sighup_dumps_octave_core () == false, 'SIGHUP still dumps the workspace');

  for sig = [15 1]                             % SIGTERM, SIGHUP
    c0 = ctl.generation ();
    kids{1} = sa_spawn (sprintf ([ ...
        'h = sharedarray_attach (''%s'');\n' ...
        'ctl = sharedarray_attach (''%s'');\n' ...
        'x = h.read ();\n' ...
        'ctl.notify ();\n' ...
        'while (true)\n' ...
        '  try\n' ...
        '    h.wait (h.generation (), 60);\n' ...
        '  catch err\n' ...
        '    printf (''script caught %%s: %%s\\n'', err.identifier, err.message);\n' ...
        '    fflush (stdout);\n' ...
        '  end\n' ...
        'end\n'], nm, cn));
    ctl.wait (c0, 60);                         % the child holds the handle
    % give it time to be inside h.wait (not needed for correctness: a
    % signal that comes earlier is answered at its next statement)
    pause (0.3);
    kill (kids{1}.pid, sig);
    [ended, code, out, dumped, took] = sa_await_exit (kids{1}, 20);
    kids = {};
    assert (ended, 'signal %d: the child went on for %g s (killed with SIGKILL):\n%s', ...
            sig, took, out);
    assert (took < 10, 'signal %d: the child took %g s to exit:\n%s', sig, took, out);
    assert (isempty (strfind (out, 'script caught')), ...
            'signal %d: an error was thrown into the script:\n%s', sig, out);
    assert (isempty (strfind (out, 'sharedarray:save')) && isempty (strfind (out, 'cannot save')), ...
            'signal %d: the child tried to save the workspace:\n%s', sig, out);
    assert (! dumped, 'signal %d: the child left an octave-workspace file:\n%s', sig, out);
    assert (code != 0, 'signal %d: the child exited with status 0:\n%s', sig, out);
  end

  % --- a user may turn the dumps back on after the module is loaded; they
  % stay on (loading happens once per session)
  [st, out] = sa_child (sprintf ([ ...
      'h = sharedarray_attach (''%s'');\n' ...
      'sigterm_dumps_octave_core (true);\n' ...
      'k = sharedarray_attach (''%s'');\n' ...
      'printf (''dumps %%d %%d\\n'', sigterm_dumps_octave_core (), sighup_dumps_octave_core ());\n'], ...
      nm, cn));
  assert (st == 0 && ! isempty (strfind (out, 'dumps 1 0')), ...
          'turning the dumps back on did not stick (status %d):\n%s', st, out);
unwind_protect_cleanup
  sa_reap_all (kids);
  clear h ctl
  sa_cleanup (names);
end_unwind_protect
disp ('test_signal: ok');
