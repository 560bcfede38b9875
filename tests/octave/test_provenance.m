% test_provenance.m -- who made an array and who maps it (issue 16):
% sharedarray_info and sharedarray_list records carry has_sync,
% generation, creator_pid, creator_alive, created (ISO 8601 UTC),
% created_ns, holders (the pids that map it now), holders_incomplete and
% stale (the creator is gone and nobody has it open or mapped: the core's
% sa_info_stale, which asks the kernel with a lease when /proc shows no
% holder, so a process that only has it open counts too).
% A creator that exits, a holder that attaches and then exits, a
% deleted-but-mapped segment, and a segment without the trailer.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

function sa_expect_reap (c, what)
  [code, out] = sa_reap (c);
  assert (code == 0, '%s: the child exited with %d:\n%s', what, code, out);
end

% created (ISO 8601) as seconds since 1970, UTC.
function t = sa_iso_seconds (s)
  assert (! isempty (regexp (s, '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$', 'once')), ...
          'created is not ISO 8601 UTC: "%s"', s);
  t = (datenum (s(1:19), 'yyyy-mm-ddTHH:MM:SS') - datenum (1970, 1, 1)) * 86400 + ...
      str2double (s(20:26));
end

names = {};
kids = {};
tmpd = tempname ();
mkdir (tmpd);
unwind_protect
  % --- an array this process created --------------------------------------
  nm = sa_tname ('prov'); names{end+1} = nm;
  cn = sa_tname ('pctl'); names{end+1} = cn;
  before = time ();
  h = sharedarray_create (nm, [4 5], 'i2');
  ctl = sharedarray_create (cn, 1, 'u1');
  s = sharedarray_info (nm);
  assert (s.has_sync == true && islogical (s.has_sync));
  assert (isa (s.generation, 'uint64') && s.generation == 0);
  h.notify ();
  assert (sharedarray_info (nm).generation == 1);
  assert (s.creator_pid == getpid (), 'creator_pid %d, not %d', s.creator_pid, getpid ());
  assert (s.creator_alive == true);
  assert (isa (s.created_ns, 'uint64'));
  t_ns = double (s.created_ns) / 1e9;
  assert (abs (t_ns - before) < 5, 'created_ns is %g s from now', t_ns - before);
  assert (abs (sa_iso_seconds (s.created) - t_ns) < 1e-5, 'created "%s" is not created_ns', s.created);
  assert (islogical (s.holders_incomplete));
  assert (isrow (s.holders) && any (s.holders == getpid ()), 'this process is not a holder');
  assert (islogical (s.stale) && isscalar (s.stale) && s.stale == false, ...
          'an array whose creator runs is stale: %s', disp (s.stale));
  % the list records are the same
  l = sharedarray_list ();
  r = l(strcmp ({l.name}, nm));
  assert (numel (r) == 1);
  for f = {'has_sync', 'generation', 'creator_pid', 'creator_alive', 'created', 'created_ns', ...
           'holders', 'stale'}
    assert (isequal (r.(f{1}), sharedarray_info (nm).(f{1})), 'list and info differ in %s', f{1});
  end

  % --- a holder in another process: appears, and disappears once it exits -
  c0 = ctl.generation ();
  kids{1} = sa_spawn (sprintf (['k = sharedarray_attach (''%s'');\nctl = sharedarray_attach (''%s'');\n' ...
      'g = ctl.generation ();\nctl.notify ();\nctl.wait (g + 1, 60);\n'], nm, cn));
  g = ctl.wait (c0, 60);                       % the child has attached
  s = sharedarray_info (nm);
  assert (any (s.holders == kids{1}.pid), 'the child %d is not among the holders %s', ...
          kids{1}.pid, mat2str (s.holders));
  assert (any (s.holders == getpid ()));
  l = sharedarray_list ();
  assert (any (l(strcmp ({l.name}, nm)).holders == kids{1}.pid), 'list: the child is not a holder');
  ctl.notify ();                               % let it go
  pid = kids{1}.pid;
  sa_expect_reap (kids{1}, 'holder');
  kids = {};
  s = sharedarray_info (nm);
  assert (! any (s.holders == pid), 'the child %d is still a holder after exiting', pid);
  assert (s.creator_pid == getpid ());         % holders are not the creator

  % --- a creator that exits -----------------------------------------------
  cr = sa_tname ('creator'); names{end+1} = cr;
  c = sa_spawn (sprintf ('h = sharedarray_create (''%s'', 3);\nprintf (''%%d\\n'', getpid ());\n', cr));
  pid = c.pid;
  sa_expect_reap (c, 'creator');
  s = sharedarray_info (cr);
  assert (s.creator_pid == pid, 'creator_pid %d, not the child %d', s.creator_pid, pid);
  assert (s.creator_alive == false, 'a creator that exited is alive');
  assert (isempty (s.holders), 'holders of an array nobody maps: %s', mat2str (s.holders));
  assert (s.has_sync && abs (double (s.created_ns) / 1e9 - time ()) < 60);
  % stale: the creator is gone and nobody holds it
  assert (islogical (s.stale) && s.stale == true, 'an array nobody holds is not stale: %s', ...
          disp (s.stale));
  l = sharedarray_list ();
  r = l(strcmp ({l.name}, cr));
  assert (numel (r) == 1 && isequal (r.stale, true), 'list: the array is not stale');
  assert (all (cellfun (@(v) isempty (v) || (islogical (v) && isscalar (v)), {l.stale})), ...
          'list: stale is not true, false or []');
  % only open (not mapped): /proc's maps do not show it, the kernel does
  fid = fopen (['/dev/shm/' cr], 'r');
  assert (fid >= 0);
  s = sharedarray_info (cr);
  fclose (fid);
  assert (isempty (s.holders) && isequal (s.stale, false), ...
          'an array this process has open is stale (holders %s)', mat2str (s.holders));
  % mapped by this process: held, not stale
  k = sharedarray_attach (cr);
  s = sharedarray_info (cr);
  assert (any (s.holders == getpid ()) && isequal (s.stale, false), 'a held array is stale');
  l = sharedarray_list ();
  assert (isequal (l(strcmp ({l.name}, cr)).stale, false), 'list: a held array is stale');
  clear k
  assert (isequal (sharedarray_info (cr).stale, true), 'stale again once released');

  % --- mapped through a name that was deleted: a holder counts by device
  % and inode, so the array is still found held through another name (a
  % file's hard link)
  f = fullfile (tmpd, 'a.npy');
  fh = sharedarray_create (['file://' f], 3, 'f8');
  link (f, fullfile (tmpd, 'b.npy'));
  sharedarray_delete (['file://' f]);
  s = sharedarray_info (['file://' fullfile(tmpd, 'b.npy')]);
  assert (any (s.holders == getpid ()), 'mapped through a deleted name: not a holder');
  assert (s.creator_pid == getpid ());

  % --- a segment without the trailer: what can be known, [] for the rest --
  p = fullfile (tmpd, 'plain.npy');
  sa_npy_file (p, [1 2 3]);
  s = sharedarray_info (['file://' p]);
  assert (s.has_sync == false);
  for f = {'generation', 'creator_pid', 'creator_alive', 'created', 'created_ns', 'stale'}
    assert (isempty (s.(f{1})), '%s of a segment without the trailer: %s', f{1}, disp (s.(f{1})));
  end
  assert (isempty (s.holders));
  ph = sharedarray_attach (['file://' p]);
  s = sharedarray_info (['file://' p]);
  assert (isequal (s.holders, getpid ()), 'holders of a plain .npy: %s', mat2str (s.holders));
  l = sharedarray_list (['file://' tmpd]);
  r = l(! cellfun (@isempty, strfind ({l.name}, 'plain.npy')));
  assert (numel (r) == 1 && ! r.has_sync && isempty (r.creator_pid) && isequal (r.holders, getpid ()));
  assert (isempty (r.stale), 'list: stale of a segment without the trailer');
  clear ph fh
unwind_protect_cleanup
  sa_reap_all (kids);
  clear h ctl
  sa_cleanup (names);
  confirm_recursive_rmdir (false, 'local');
  rmdir (tmpd, 's');
end_unwind_protect
disp ('test_provenance: ok');
