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

base = sprintf ('parity-oct-%d', getpid ());
names = cellfun (@(t) [base '-' t], {'a', 'o', 'm', 'l', 'p', 'd', 'f'}, 'UniformOutput', false);
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
unwind_protect_cleanup
  for k = 1:numel (names)
    if (exist (['/dev/shm/' names{k}], 'file'))
      unlink (['/dev/shm/' names{k}]);
    end
  end
  confirm_recursive_rmdir (false, 'local');
  rmdir (d, 's');
end_unwind_protect
