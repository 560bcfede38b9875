% test_sync.m -- the segment's lock and wait/notify (issue 15), across
% processes: h.lock([timeout]) / h.unlock(), h.notify(), g = h.wait(since
% [, timeout]), h.generation(), h.snapshot([timeout]); a holder killed with
% SIGKILL while holding the lock; a torn-read check; Ctrl-C during a wait;
% a segment without the trailer (np.save-style) giving sharedarray:nosync.
%
% Children are octave-cli processes started with sa_spawn. Nothing here
% sleeps to synchronise: a child says where it is by notifying a control
% array (ctl) that the test waits on, and is collected by waitpid.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

% Wait until ctl's generation is at least since + n (children notify it
% once each); fail after 60 s, showing what the children printed.
function g = sa_await (ctl, since, n, what, kids)
  g = ctl.generation ();
  while (g < since + n)
    try
      g = ctl.wait (g, 60);
    catch err
      outs = '';
      for k = 1:numel (kids)
        if (exist (kids{k}.out, 'file'))
          outs = [outs fileread(kids{k}.out)];
        end
      end
      error ('%s: %s\nchildren''s output:\n%s', what, err.message, outs);
    end
  end
end

% The child's preamble: attach the data array h and the control array ctl.
function s = sa_pre (nm, ctlname)
  s = sprintf ('h = sharedarray_attach (''%s''); ctl = sharedarray_attach (''%s'');\n', ...
               nm, ctlname);
end

function sa_expect_reap (c, what, varargin)
  [code, out] = sa_reap (c);
  assert (code == 0, '%s: the child exited with %d:\n%s', what, code, out);
  for k = 1:numel (varargin)
    assert (! isempty (regexp (out, varargin{k}, 'once')), ...
            '%s: the child''s output does not match "%s":\n%s', what, varargin{k}, out);
  end
end

names = {};
kids = {};
tmpd = tempname ();
mkdir (tmpd);
unwind_protect
  nm = sa_tname ('sync'); names{end+1} = nm;
  cn = sa_tname ('ctl'); names{end+1} = cn;
  h = sharedarray_create (nm, [100 100], 'f8');
  ctl = sharedarray_create (cn, 1, 'u1');

  % --- in one process ----------------------------------------------------
  g = h.generation ();
  assert (isa (g, 'uint64') && g == 0, 'a new segment starts at generation 0');
  h.notify ();
  assert (h.generation () == 1);
  assert (h.wait (0) == 1);                       % already differs: at once
  assert (isa (h.wait (uint64 (0)), 'uint64'));
  assert (h.wait (5, 0) == 1);                    % 0: only check
  sa_expect_error (@() h.wait (1, 0), 'sharedarray:timeout', nm);
  t0 = tic ();
  sa_expect_error (@() h.wait (1, 0.3), 'sharedarray:timeout', 'after 0.3 s');
  el = toc (t0);
  assert (el >= 0.29 && el < 10, 'a 0.3 s wait took %g s', el);
  [ok, died] = h.lock ();
  assert (ok && ! died && islogical (ok) && islogical (died));
  % not recursive: locking again in this thread is a deadlock, said so
  sa_expect_error (@() h.lock (0), 'sharedarray:deadlock', 'this thread holds it already');
  sa_expect_error (@() h.lock (), 'sharedarray:deadlock', 'not recursive');
  sa_expect_error (@() h.snapshot (), 'sharedarray:deadlock', 'holds it already');
  h.unlock ();
  sa_expect_error (@() h.unlock (), 'sharedarray:permission', nm);  % not held
  assert (h.lock (0) == true);                    % 0: only try
  h.unlock ();
  h(:) = 3;
  x = h.snapshot ();
  assert (isequal (x, h.read ()) && isequal (size (x), [100 100]) && isa (x, 'double'));
  x = h.snapshot (1);
  assert (h.lock (0));                            % snapshot released it
  h.unlock ();
  % arguments
  for bad = {-1, NaN, 'x', [1 2], 1i, {1}}
    sa_expect_error (@() h.lock (bad{1}), 'sharedarray:invalid', 'TIMEOUT');
    sa_expect_error (@() h.wait (0, bad{1}), 'sharedarray:invalid', 'TIMEOUT');
    sa_expect_error (@() h.snapshot (bad{1}), 'sharedarray:invalid', 'TIMEOUT');
  end
  for bad = {-1, 1.5, NaN, 'x', [1 2], 2^64, int8(-1)}
    sa_expect_error (@() h.wait (bad{1}, 0), 'sharedarray:invalid', 'SINCE');
  end
  % SINCE is required: named, with an identifier (not SWIG's argument count)
  sa_expect_error (@() h.wait (), 'sharedarray:invalid', 'SINCE is missing');
  sa_expect_error (@() h.wait (), 'sharedarray:invalid', '^sharedarray_wait: ');
  sa_expect_error (@() h.wait ([]), 'sharedarray:invalid', 'SINCE');
  assert (h.wait (intmax ('uint64'), 0) == h.generation ());  % any uint64
  assert (h.lock (Inf));                          % Inf and []: no limit
  h.unlock ();
  assert (h.lock ([]));
  h.unlock ();
  % a closed handle
  k = sharedarray_attach (nm);
  k.close ();
  sa_expect_error (@() k.lock (), 'sharedarray:closed');
  sa_expect_error (@() k.notify (), 'sharedarray:closed');
  sa_expect_error (@() k.wait (0), 'sharedarray:closed');
  sa_expect_error (@() k.generation (), 'sharedarray:closed');
  sa_expect_error (@() k.snapshot (), 'sharedarray:closed');
  % read-only attaches wait and lock too (the trailer is writable on its own)
  r = sharedarray_attach (nm, true);
  g = r.generation ();
  h.notify ();
  assert (r.wait (g, 5) == g + 1);
  assert (r.lock (1));
  r.unlock ();
  clear r k

  % --- notify in this process wakes a waiter in another ------------------
  g0 = h.generation ();
  c0 = ctl.generation ();
  kids{1} = sa_spawn ([sa_pre(nm, cn) sprintf(['ctl.notify ();\n' ...
      'g = h.wait (uint64 (%d), 60);\n' ...
      'printf (''woke %%d %%g\\n'', g, h(1));\n'], g0)]);
  sa_await (ctl, c0, 1, 'one waiter: the child never got ready', kids);
  h(1) = 42;
  h.notify ();
  sa_expect_reap (kids{1}, 'one waiter', sprintf ('woke %d 42', g0 + 1));
  kids = {};

  % --- several waiters ---------------------------------------------------
  g0 = h.generation ();
  c0 = ctl.generation ();
  for k = 1:4
    kids{k} = sa_spawn ([sa_pre(nm, cn) sprintf(['ctl.notify ();\n' ...
        'g = h.wait (%d, 60);\n' ...
        'printf (''woke %%d %%g\\n'', g, h(2));\n'], g0)]);
  end
  sa_await (ctl, c0, 4, 'several waiters: not all got ready', kids);
  h(2) = 7;
  h.notify ();
  for k = 1:4
    sa_expect_reap (kids{k}, sprintf ('waiter %d', k), sprintf ('woke %d 7', g0 + 1));
  end
  kids = {};

  % --- a waiter that times out, another process's wait -------------------
  c = sa_spawn ([sa_pre(nm, cn) sprintf([...
      'try\n  h.wait (h.generation (), 0.2);\n  printf (''no timeout\\n'');\n' ...
      'catch err\n  printf (''%%s|%%s\\n'', err.identifier, err.message);\nend\n'])]);
  sa_expect_reap (c, 'timed-out waiter', ['sharedarray:timeout\|sharedarray_wait: ' nm ...
                                          '.*after 0.2 s']);

  % --- the lock across processes: held elsewhere, timeouts ---------------
  c0 = ctl.generation ();
  kids{1} = sa_spawn ([sa_pre(nm, cn) sprintf(['h.lock ();\n' ...
      'g = ctl.generation ();\nctl.notify ();\n' ...   % "I hold it"
      'ctl.wait (g + 1, 60);\n' ...                    % until the test says
      'h.unlock ();\nprintf (''released\\n'');\n'])]);
  c1 = sa_await (ctl, c0, 1, 'lock holder: never got the lock', kids);
  sa_expect_error (@() h.lock (0), 'sharedarray:timeout', 'held by thread');
  t0 = tic ();
  sa_expect_error (@() h.lock (0.3), 'sharedarray:timeout', [nm '.*for 0.3 s']);
  el = toc (t0);
  assert (el >= 0.29 && el < 10, 'a 0.3 s lock took %g s', el);
  sa_expect_error (@() h.snapshot (0.1), 'sharedarray:timeout', nm);
  ctl.notify ();                                     % release it
  [ok, died] = h.lock (60);                          % waits for the release
  assert (ok && ! died);
  h.unlock ();
  sa_expect_reap (kids{1}, 'lock holder', 'released');
  kids = {};

  % --- owner death: a holder killed with SIGKILL -------------------------
  for how = {'lock', 'snapshot', 'error'}
    c0 = ctl.generation ();
    kids{1} = sa_spawn ([sa_pre(nm, cn) ...
        sprintf('h.lock ();\nh(:) = 5;\nctl.notify ();\nctl.wait (ctl.generation ());\n')]);
    sa_await (ctl, c0, 1, 'dying holder: never got the lock', kids);
    kill (kids{1}.pid, 9);
    [code, out, sig] = sa_reap (kids{1});
    kids = {};
    assert (sig == 9, 'the holder was not killed by SIGKILL (%d):\n%s', code, out);
    lastwarn ('');                                   % (off, it would not be recorded)
    switch (how{1})
      case 'lock'
        [ok, died] = h.lock (10);
        assert (ok && died, 'the next locker was not told');
        [msg, id] = lastwarn ();
        assert (strcmp (id, 'sharedarray:ownerdied'), 'warning id "%s"', id);
        assert (! isempty (strfind (msg, nm)) && ! isempty (strfind (msg, 'died')), msg);
        h.unlock ();
        [ok, died] = h.lock (10);                    % the next one: normal
        assert (ok && ! died);
        h.unlock ();
      case 'snapshot'
        x = h.snapshot (10);                         % warns too, and copies
        [~, id] = lastwarn ();
        assert (strcmp (id, 'sharedarray:ownerdied'), 'snapshot: warning id "%s"', id);
        assert (all (x(:) == 5));
        assert (h.lock (0));                         % released, normal
        h.unlock ();
      case 'error'
        % the warning made an error: the error, and the lock left free
        warning ('error', 'sharedarray:ownerdied', 'local');
        try
          h.lock (10);
          error ('no error');
        catch err
          assert (! isempty (strfind (err.message, 'died')), err.message);
        end
        warning ('on', 'sharedarray:ownerdied', 'local');
        [ok, died] = h.lock (0);
        assert (ok && ! died, 'the lock was not left free');
        h.unlock ();
    end
  end

  % --- torn reads: a writer rewriting the whole array under the lock -----
  c0 = ctl.generation ();
  kids{1} = sa_spawn ([sa_pre(nm, cn) sprintf([ ...
      'ctl.notify ();\nfor k = 1:200\n  h.lock ();\n  h(:) = k;\n  h.unlock ();\nend\n' ...
      'h.lock ();\nh(:) = -1;\nh.unlock ();\nprintf (''writer done\\n'');\n'])]);
  sa_await (ctl, c0, 1, 'writer: never started', kids);
  snaps = 0;
  torn_unlocked = 0;
  values = [];
  do
    x = h.snapshot (60);
    snaps++;
    assert (all (x(:) == x(1)), 'a torn snapshot: values %g to %g', min (x(:)), max (x(:)));
    values(end+1) = x(1);
    y = h.read ();                                   % without the lock
    torn_unlocked += ! all (y(:) == y(1));
    if (x(1) != -1)
      [pid, ~] = waitpid (kids{1}.pid, WNOHANG ());
      assert (pid != kids{1}.pid, 'the writer ended without writing -1');
    end
  until (x(1) == -1)
  sa_expect_reap (kids{1}, 'writer', 'writer done');
  kids = {};
  printf ('test_sync: %d snapshots, all uniform (%d distinct values); %d of the reads without the lock were torn\n', ...
          snaps, numel (unique (values)), torn_unlocked);

  % --- Ctrl-C (SIGINT) interrupts a wait and a lock ----------------------
  for what = {'wait', 'lock'}
    c0 = ctl.generation ();
    if (strcmp (what{1}, 'wait'))
      body = 'h.wait (h.generation ());\n';
    else
      h.lock ();                                     % so that the child's lock waits
      body = 'h.lock ();\n';
    end
    kids{1} = sa_spawn ([sa_pre(nm, cn) sprintf([ ...
        'unwind_protect\n  ctl.notify ();\n  ' body ...
        '  printf (''returned\\n'');\nunwind_protect_cleanup\n' ...
        '  printf (''interrupted\\n'');\n  ctl.notify ();\nend_unwind_protect\n'])]);
    c1 = sa_await (ctl, c0, 1, ['interrupt: the child never reached the ' what{1}], kids);
    kill (kids{1}.pid, 2);
    sa_await (ctl, c1, 1, ['Ctrl-C did not stop the ' what{1}], kids);
    [code, out] = sa_reap (kids{1});
    kids = {};
    assert (code != 0 && ! isempty (strfind (out, 'interrupted')) && ...
            isempty (strfind (out, 'returned')), '%s: not interrupted (%d):\n%s', ...
            what{1}, code, out);
    if (strcmp (what{1}, 'lock'))
      h.unlock ();
    end
  end

  % --- a segment without the trailer (np.save, SharedArray 3.x) ----------
  f = fullfile (tmpd, 'plain.npy');
  sa_npy_file (f, [1 2 3]);
  p = sharedarray_attach (['file://' f]);
  assert (isequal (p(:)', [1 2 3]));
  sa_expect_error (@() p.lock (), 'sharedarray:nosync', 'plain.npy.*synchronisation');
  sa_expect_error (@() p.unlock (), 'sharedarray:nosync', 'plain.npy');
  sa_expect_error (@() p.notify (), 'sharedarray:nosync', 'plain.npy');
  sa_expect_error (@() p.wait (0), 'sharedarray:nosync', 'plain.npy');
  sa_expect_error (@() p.wait (0, 1), 'sharedarray:nosync', 'plain.npy');
  sa_expect_error (@() p.generation (), 'sharedarray:nosync', 'plain.npy');
  sa_expect_error (@() p.snapshot (), 'sharedarray:nosync', 'plain.npy');
  clear p
unwind_protect_cleanup
  sa_reap_all (kids);
  clear h ctl
  sa_cleanup (names);
  confirm_recursive_rmdir (false, 'local');
  rmdir (tmpd, 's');
end_unwind_protect
disp ('test_sync: ok');
