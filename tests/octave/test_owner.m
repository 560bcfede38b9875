% test_owner.m -- the opt-in owner check of sharedarray_attach (issue 11).
%
% attach trusts whoever owns a segment, so a privileged script can be fed
% an array that someone else planted under the name ("squatting"). With
% sharedarray_attach (NAME, 'owner', OWNER) the segment (or file) that is
% mapped must be owned by OWNER: true (the caller's effective uid), a uid
% or a user name; otherwise sharedarray:owner. Off by default. The
% planted-segment case needs root (to chown a segment to another user);
% without root it is skipped, and the rest still runs: asking for another
% uid than the owner's is refused either way.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

names = {};
dir = tempname ();
mkdir (dir);
unwind_protect
  nm = sa_tname ('own'); names{end+1} = nm;
  h = sharedarray_create (nm, [2 2], 'i4');
  h(:) = 1:4;
  me = geteuid ();
  other = me + 1;
  assert (sharedarray_info (nm).uid == me);

  % My own array, checked for me: fine, in every spelling.
  for who = {true, me, sprintf('%d', me), uint32(me), getpwuid(me).name}
    k = sharedarray_attach (nm, 'owner', who{1});
    assert (isequal (k(:)', int32 (1:4)));
  end
  k = sharedarray_attach (nm, true, 'owner', true);      % RO, then options
  assert (k.isreadonly ());
  k = sharedarray_attach (nm, 'ro', true, 'OWNER', me);  % names ignore case
  assert (k.isreadonly ());
  k = sharedarray_attach (nm, 'owner', false);           % no check
  k = sharedarray_attach (nm, 'owner', []);
  clear k

  % Asking for someone else: refused, whoever runs this.
  sa_expect_error (@() sharedarray_attach (nm, 'owner', other), 'sharedarray:owner', nm);
  sa_expect_error (@() sharedarray_attach (nm, 'owner', sprintf ('%d', other)), ...
                   'sharedarray:owner', nm);
  sa_expect_error (@() sharedarray_attach (nm, true, 'owner', other), 'sharedarray:owner');

  % Bad option values and names.
  for bad = {-1, 1.5, NaN, 2^32, 1i, [1 2], {1}, 'no-such-user-sa-test', '', [true false]}
    sa_expect_error (@() sharedarray_attach (nm, 'owner', bad{1}), 'sharedarray:invalid', 'OWNER');
  end
  sa_expect_error (@() sharedarray_attach (nm, 'owner'), 'sharedarray:invalid', 'needs a value');
  sa_expect_error (@() sharedarray_attach (nm, 'uid', 0), 'sharedarray:invalid', 'unknown option ''uid''');
  sa_expect_error (@() sharedarray_attach (nm, true, 5, 1), 'sharedarray:invalid', 'option name');
  sa_expect_error (@() sharedarray_attach (nm, 'ro', 'yes'), 'sharedarray:invalid', 'RO');

  % A planted segment: owned by someone else (root only: chown it).
  if (me != 0)
    disp ('test_owner: not root; the planted-segment cases are skipped');
  else
    nobody = 65534;
    planted = sa_tname ('planted'); names{end+1} = planted;
    p = sharedarray_create (planted, 3, 'f8');
    p(:) = 7;
    clear p
    [st, out] = system (sprintf ('chown %d /dev/shm/%s', nobody, planted));
    assert (st == 0, 'chown failed: %s', out);
    assert (sharedarray_info (planted).uid == nobody);
    k = sharedarray_attach (planted);                    % off by default
    assert (isequal (k(:)', [7 7 7]));
    clear k
    sa_expect_error (@() sharedarray_attach (planted, 'owner', true), 'sharedarray:owner', planted);
    sa_expect_error (@() sharedarray_attach (planted, true, 'owner', true), 'sharedarray:owner');
    sa_expect_error (@() sharedarray_attach (planted, 'owner', 0), 'sharedarray:owner');
    sa_expect_error (@() sharedarray_attach (planted, 'owner', 'root'), 'sharedarray:owner');
    k = sharedarray_attach (planted, 'owner', nobody);   % the expected owner
    assert (isequal (k(:)', [7 7 7]));
    k = sharedarray_attach (planted, 'owner', sprintf ('%d', nobody));
    pw = getpwuid (nobody);
    if (! isempty (pw))
      k = sharedarray_attach (planted, 'owner', pw.name);
    end
    clear k

    % The same for file:// arrays.
    f = fullfile (dir, 'planted.npy');
    p = sharedarray_create (['file://' f], 2, 'u1');
    clear p
    [st, out] = system (sprintf ('chown %d ''%s''', nobody, f));
    assert (st == 0, 'chown failed: %s', out);
    k = sharedarray_attach (['file://' f]);
    clear k
    sa_expect_error (@() sharedarray_attach (['file://' f], 'owner', true), ...
                     'sharedarray:owner', 'planted.npy');
    k = sharedarray_attach (['file://' f], 'owner', nobody);
    clear k
    sharedarray_delete (planted);
  end
  clear h
  sharedarray_delete (nm);
unwind_protect_cleanup
  sa_cleanup (names);
  confirm_recursive_rmdir (false);
  rmdir (dir, 's');
end_unwind_protect
disp ('test_owner: ok');
