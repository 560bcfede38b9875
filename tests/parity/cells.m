% cells.m -- the Octave column of the parity table (tests/parity/table.txt):
% every row exercised for real, one line each ("ok ID SPELLING", "absent ID
% REASON" or "fail ID MESSAGE"). Run by octave-cli with SA_OCTAVE_PATH set to
% the folder of sharedarray.oct and the sharedarray_*.m functions.
1;
addpath (getenv ('SA_OCTAVE_PATH'));

function row (id, spelling, fn)
  try
    fn ();
    printf ('ok %s %s\n', id, spelling);
  catch err
    printf ('fail %s %s\n', id, strrep (err.message, "\n", ' '));
  end
end

function must (cond, what)
  if (! cond)
    error ('parity:check', '%s', what);
  end
end

function expect_error (fn, id)
  try
    fn ();
  catch err
    must (strcmp (err.identifier, id), sprintf ('expected %s, got %s: %s', id, ...
                                                err.identifier, err.message));
    return;
  end
  error ('parity:check', 'expected the error %s', id);
end

function assign (h, v, varargin)
  h(varargin{:}) = v;
end

function c_create (nm)
  h = sharedarray_create (nm, [2 3], 'int32');
  h(:) = 1:6;
  g = sharedarray_attach (nm);
  must (isequal (size (g), [3 2]) && isequal (g(:)', int32 (1:6)), 'values');
  must (strcmp (g.dtype (), '<i4') && isequal (g.shape (), [2 3]), 'dtype/shape');
end

function c_order (nm)
  h = sharedarray_create (nm, [2 3], 'f8', 'F');
  must (strcmp (h.order (), 'F') && isequal (size (h), [2 3]), 'F order');
  must (strcmp (sharedarray_info (nm).order, 'F'), 'info order');
end

function c_mode (nm)
  h = sharedarray_create (nm, 4, 'u1', 'C', '0644');
  must (sharedarray_info (nm).mode == base2dec ('644', 8), 'mode');
end

function c_flag (nm, opt)
  h = sharedarray_create (nm, [100 100], 'f4', opt, true);
  h(end) = 2;
  g = sharedarray_attach (nm);
  must (g(end) == 2 && g(1) == 0, 'values');
end

function c_file (d)
  f = fullfile (d, 'a.npy');
  h = sharedarray_create (['file://' f], 3, 'f8');
  h(:) = [1 2 3];
  clear h
  must (exist (f, 'file') == 2, 'no file');
  g = sharedarray_attach (['file://' f]);
  must (isequal (g(:)', [1 2 3]), 'values');
end

function c_attach (nm)
  g = sharedarray_attach (nm);
  g(1) = 42;
  k = sharedarray_attach (nm);
  must (k(1) == 42, 'a second attach sees the write');
end

function c_ro (nm)
  r = sharedarray_attach (nm, true);
  must (r.isreadonly (), 'not read-only');
  expect_error (@() assign (r, 1, 1), 'sharedarray:readonly');
end

function c_attach_populate (nm)
  g = sharedarray_attach (nm, 'populate', true);
  must (g(1) == 42, 'values');
end

function c_owner (nm)
  g = sharedarray_attach (nm, 'owner', true);
  g = sharedarray_attach (nm, 'owner', geteuid ());
  expect_error (@() sharedarray_attach (nm, 'owner', geteuid () + 1), 'sharedarray:owner');
end

function c_delete (nm)
  h = sharedarray_create (nm, 2);
  h(2) = 5;
  sharedarray_delete (nm);
  must (! exist (['/dev/shm/' nm], 'file'), 'still there');
  must (h(2) == 5, 'the mapping went with the name');
  expect_error (@() sharedarray_attach (nm), 'sharedarray:notfound');
end

function c_force (nm)
  fid = fopen (['/dev/shm/' nm], 'w');
  fwrite (fid, 'not an array');
  fclose (fid);
  expect_error (@() sharedarray_delete (nm), 'sharedarray:invalid');
  must (exist (['/dev/shm/' nm], 'file') == 2, 'removed unforced');
  sharedarray_delete (nm, 'force');
  must (! exist (['/dev/shm/' nm], 'file'), 'force left it');
end

function c_info (nm)
  s = sharedarray_info (nm);
  must (strcmp (s.dtype, '<i4') && isequal (s.shape, [2 3]) && strcmp (s.order, 'C'), 'meta');
  must (s.nbytes == 24 && s.mode == base2dec ('600', 8) && s.uid == geteuid (), 'size/mode/uid');
end

function c_list (nm)
  s = sharedarray_list ();
  k = find (strcmp ({s.name}, nm));
  must (numel (k) == 1 && strcmp (s(k).dtype, '<i4'), 'not listed');
end

function c_list_dir (d)
  s = sharedarray_list (['file://' d]);
  must (any (cellfun (@(n) ! isempty (strfind (n, 'a.npy')), {s.name})), 'a.npy not listed');
end

function c_msync (nm)
  sharedarray;                        % the module's constants: MS_SYNC ...
  h = sharedarray_attach (nm);
  h.msync ();
  h.msync (MS_ASYNC);
  h.msync (MS_SYNC);
  h.msync (bitor (MS_SYNC, MS_INVALIDATE));
  expect_error (@() h.msync (1024), 'sharedarray:system');   % EINVAL, naming the flags
end

function c_mlock (nm)
  h = sharedarray_attach (nm);
  try
    h.mlock ();
  catch err                           % a locked-memory limit is not a failure
    must (any (strcmp (err.identifier, {'sharedarray:system', 'sharedarray:permission'})), ...
          err.message);
  end
  h.munlock ();
end

function c_errors (nm)
  try
    sharedarray_attach ([nm '-ghost']);
    error ('parity:check', 'no error');
  catch err
    must (strcmp (err.identifier, 'sharedarray:notfound'), err.identifier);
    must (! isempty (strfind (err.message, [nm '-ghost'])), err.message);
  end
  try
    sharedarray_create ([nm '-x'], 3, 'int128');
    error ('parity:check', 'no error');
  catch err
    must (strcmp (err.identifier, 'sharedarray:invalid'), err.identifier);
    must (! isempty (strfind (err.message, 'int128')), err.message);
  end
end

function c_version ()
  v = sharedarray_version ();
  must (ischar (v) && ! isempty (regexp (v, '^\d+\.\d+', 'once')), v);
end

% A child octave-cli running code alongside this process (its output in
% a file); kid_reap waits for it and returns its exit code and output.
function k = kid (code)
  k.dir = tempname ();
  mkdir (k.dir);
  fid = fopen (fullfile (k.dir, 'kid.m'), 'w');
  fprintf (fid, 'addpath (''%s'');\n%s\n', getenv ('SA_OCTAVE_PATH'), code);
  fclose (fid);
  k.pid = system (sprintf ('cd ''%s'' && exec ''%s'' --no-gui --norc --no-history --quiet kid.m > out.txt 2>&1 < /dev/null', ...
                           k.dir, fullfile (OCTAVE_HOME (), 'bin', 'octave-cli')), false, 'async');
end

function [code, out] = kid_reap (k)
  [~, status] = waitpid (k.pid);
  code = ifelse_code (status);
  out = fileread (fullfile (k.dir, 'out.txt'));
  confirm_recursive_rmdir (false, 'local');
  rmdir (k.dir, 's');
end

function c = ifelse_code (status)
  if (WIFSIGNALED (status))
    c = 128 + WTERMSIG (status);
  else
    c = WEXITSTATUS (status);
  end
end

% Attach the data array and the control array (ctl: children notify it
% to say where they are) in a child.
function s = pre (nm, cn)
  s = sprintf ('h = sharedarray_attach (''%s''); ctl = sharedarray_attach (''%s'');\n', nm, cn);
end

% Wait until ctl's generation passes c0 (a child said it is ready).
function ready (ctl, c0)
  ctl.wait (c0, 60);
end

function c_lock (nm, cn)
  h = sharedarray_attach (nm);
  [ok, died] = h.lock ();
  must (ok && ! died, 'lock');
  k = kid ([pre(nm, cn) 'try, h.lock (0); disp (''taken''); catch e, disp (e.identifier); end']);
  [code, out] = kid_reap (k);
  must (code == 0 && ! isempty (strfind (out, 'sharedarray:timeout')), ['another process: ' out]);
  h.unlock ();
  must (h.lock (0), 'lock after unlock');
  h.unlock ();
end

function c_owner_died (nm, cn)
  h = sharedarray_attach (nm);
  ctl = sharedarray_attach (cn);
  c0 = ctl.generation ();
  k = kid ([pre(nm, cn) 'h.lock (); ctl.notify (); ctl.wait (ctl.generation ());']);
  ready (ctl, c0);
  kill (k.pid, 9);
  code = kid_reap (k);
  must (code == 128 + 9, 'not killed');
  lastwarn ('');
  [ok, died] = h.lock (10);
  [~, id] = lastwarn ();
  must (ok && died && strcmp (id, 'sharedarray:ownerdied'), 'the next locker was not told');
  h.unlock ();
  [ok, died] = h.lock (0);
  must (ok && ! died, 'a normal lock after');
  h.unlock ();
end

function c_notify (nm, cn)
  h = sharedarray_attach (nm);
  ctl = sharedarray_attach (cn);
  g0 = h.generation ();
  c0 = ctl.generation ();
  k1 = kid ([pre(nm, cn) sprintf('ctl.notify (); g = h.wait (%d, 60); printf (''woke %%d %%g\\n'', g, h(1));', g0)]);
  k2 = kid ([pre(nm, cn) sprintf('ctl.notify (); g = h.wait (%d, 60); printf (''woke %%d %%g\\n'', g, h(1));', g0)]);
  g = ctl.generation ();
  while (g < c0 + 2)                  % both ready (two notifies)
    g = ctl.wait (g, 60);
  end
  h(1) = 9;
  h.notify ();
  must (h.generation () == g0 + 1, 'generation + 1');
  for k = {k1, k2}
    [code, out] = kid_reap (k{1});
    must (code == 0 && ! isempty (strfind (out, sprintf ('woke %d 9', g0 + 1))), ['waiter: ' out]);
  end
end

function c_wait (nm)
  h = sharedarray_attach (nm);
  g = h.generation ();
  expect_error (@() h.wait (g, 0.05), 'sharedarray:timeout');
  h.notify ();
  must (h.wait (g, 1) == g + 1, 'wait');
end

function c_generation (nm)
  h = sharedarray_attach (nm);
  g = h.generation ();
  must (isa (g, 'uint64'), 'uint64');
  h.notify ();
  must (h.generation () == g + 1, 'notify adds 1');
end

function c_snapshot (nm)
  h = sharedarray_attach (nm);
  h(:) = 1:numel (h);
  x = h.snapshot ();
  must (isequal (x, h.read ()) && isequal (x(:)', 1:numel (h)), 'snapshot');
  must (h.lock (0), 'released');
  h.unlock ();
end

function c_provenance (nm)
  s = sharedarray_info (nm);
  must (s.creator_pid == getpid () && s.creator_alive, 'creator_pid');
  must (! isempty (regexp (s.created, '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$', 'once')), s.created);
  must (abs (double (s.created_ns) / 1e9 - time ()) < 60, 'created_ns');
end

function c_holders (nm, cn)
  ctl = sharedarray_attach (cn);
  c0 = ctl.generation ();
  k = kid ([pre(nm, cn) 'g = ctl.generation (); ctl.notify (); ctl.wait (g + 1, 60);']);
  ready (ctl, c0);
  s = sharedarray_info (nm);
  must (any (s.holders == k.pid) && any (s.holders == getpid ()), 'the child is not a holder');
  ctl.notify ();
  code = kid_reap (k);
  must (code == 0, 'the child failed');
  must (! any (sharedarray_info (nm).holders == k.pid), 'the child is still a holder');
end

base = sprintf ('parity-oct-%d', getpid ());
names = cellfun (@(t) [base '-' t], {'a', 'o', 'm', 'l', 'p', 'd', 'f', 's', 'c'}, 'UniformOutput', false);
d = tempname ();
mkdir (d);
unwind_protect
  row ('create', 'sharedarray_create(name, shape, dtype)', @() c_create (names{1}));
  row ('create_order', 'sharedarray_create(name, shape, dtype, ''F'')', @() c_order (names{2}));
  row ('create_mode', 'sharedarray_create(name, shape, dtype, order, ''0644'')', @() c_mode (names{3}));
  row ('create_lazy', 'sharedarray_create(..., ''lazy'', true)', @() c_flag (names{4}, 'lazy'));
  row ('create_populate', 'sharedarray_create(..., ''populate'', true)', @() c_flag (names{5}, 'populate'));
  row ('create_file', 'sharedarray_create(''file://PATH.npy'', ...)', @() c_file (d));
  row ('attach', 'sharedarray_attach(name)', @() c_attach (names{1}));
  row ('attach_ro', 'sharedarray_attach(name, true)', @() c_ro (names{1}));
  row ('attach_populate', 'sharedarray_attach(name, ''populate'', true)', @() c_attach_populate (names{1}));
  row ('attach_owner', 'sharedarray_attach(name, ''owner'', who)', @() c_owner (names{1}));
  row ('delete', 'sharedarray_delete(name)', @() c_delete (names{6}));
  row ('delete_force', 'sharedarray_delete(name, ''force'')', @() c_force (names{7}));
  row ('info', 'sharedarray_info(name)', @() c_info (names{1}));
  row ('list', 'sharedarray_list()', @() c_list (names{1}));
  row ('list_dir', 'sharedarray_list(''file://DIR'')', @() c_list_dir (d));
  row ('msync', 'h.msync(MS_SYNC)', @() c_msync (names{1}));
  row ('mlock', 'h.mlock(), h.munlock()', @() c_mlock (names{1}));
  row ('error_name', 'err.identifier (sharedarray:notfound), err.message', @() c_errors (base));
  row ('version', 'sharedarray_version()', @() c_version ());
  hs = sharedarray_create (names{8}, [3 4], 'f8');   % for the synchronisation rows
  hc = sharedarray_create (names{9}, 1, 'u1');       % children notify it when ready
  row ('lock', 'h.lock([timeout]), h.unlock()', @() c_lock (names{8}, names{9}));
  row ('lock_owner_died', '[ok, died] = h.lock() and warning sharedarray:ownerdied', ...
       @() c_owner_died (names{8}, names{9}));
  row ('notify', 'h.notify()', @() c_notify (names{8}, names{9}));
  row ('wait', 'g = h.wait(since[, timeout]) (error sharedarray:timeout)', @() c_wait (names{8}));
  row ('generation', 'h.generation() (uint64)', @() c_generation (names{8}));
  row ('snapshot', 'h.snapshot([timeout])', @() c_snapshot (names{8}));
  row ('provenance', 'sharedarray_info(name).creator_pid, .created, .created_ns', ...
       @() c_provenance (names{8}));
  row ('holders', 'sharedarray_info(name).holders', @() c_holders (names{8}, names{9}));
  clear hs hc
unwind_protect_cleanup
  for k = 1:numel (names)
    if (exist (['/dev/shm/' names{k}], 'file'))
      unlink (['/dev/shm/' names{k}]);
    end
  end
  confirm_recursive_rmdir (false, 'local');
  rmdir (d, 's');
end_unwind_protect
