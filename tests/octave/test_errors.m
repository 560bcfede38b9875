% test_errors.m -- bad input gives an Octave error with a clear message and
% an identifier, never a crash: out-of-range indices, writes to read-only
% arrays, unknown names, bad dtypes/shapes/orders/modes, non-arrays.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

names = {};
unwind_protect
  nm = sa_tname ('err'); names{end+1} = nm;
  h = sharedarray_create (nm, [2 3], 'int32');      % Octave view 3x2
  h(:) = 1:6;

  % Indices: Octave's own errors and identifiers, naming the variable.
  sa_expect_error (@() h(7), 'Octave:index-out-of-bounds', 'out of bound 6');
  sa_expect_error (@() h(4, 1), 'Octave:index-out-of-bounds', 'out of bound 3');
  sa_expect_error (@() h(1, 3), 'Octave:index-out-of-bounds', 'out of bound 2');
  sa_expect_error (@() h(1, 1, 2), 'Octave:index-out-of-bounds', 'out of bound 1');
  sa_expect_error (@() h(0), 'Octave:invalid-index', 'h\(0\): subscripts must be');
  sa_expect_error (@() h(1.5), 'Octave:invalid-index', 'subscripts must be');
  sa_expect_error (@() h(2, -1), 'Octave:invalid-index', '\(_,-1\)');
  % a write past the end would grow a matrix: a shared array cannot (issue 13)
  sa_expect_error (@() sa_assign (h, 1, 7), 'sharedarray:unsupported', 'growing.*out of bound 6.*h\(:,:\)');
  sa_expect_error (@() sa_assign (h, 1, 4, 1), 'sharedarray:unsupported', 'growing');
  sa_expect_error (@() sa_assign (h, [1 2], 1:3), 'Octave:nonconformant-args', '1x3.*1x2');
  sa_expect_error (@() sa_assign (h, 1i, 1), 'sharedarray:unsupported', 'complex');
  sa_expect_error (@() sa_assign (h, [], 2), 'sharedarray:unsupported', 'deleting');
  assert (isequal (h(:)', int32 (1:6)), 'failed writes changed nothing');

  % Read-only: refused before any byte is written.
  r = sharedarray_attach (nm, true);
  assert (r.isreadonly () && ! h.isreadonly ());
  sa_expect_error (@() sa_assign (r, 0, 1), 'sharedarray:readonly', ['''' nm '''.*read-only']);
  sa_expect_error (@() sa_assign (r, 0, ':'), 'sharedarray:readonly');
  assert (isequal (r(:)', int32 (1:6)));
  h(1) = 10;
  assert (r(1) == 10, 'a read-only handle sees writes through another');
  clear r

  % Names.
  ghost = sa_tname ('ghost');
  sa_expect_error (@() sharedarray_attach (ghost), 'sharedarray:notfound', ghost);
  sa_expect_error (@() sharedarray_info (ghost), 'sharedarray:notfound', ghost);
  sa_expect_error (@() sharedarray_delete (ghost), 'sharedarray:notfound', ghost);
  sa_expect_error (@() sharedarray_create (nm, 3), 'sharedarray:exists', nm);
  sa_expect_error (@() sharedarray_create ('a/b', 3), 'sharedarray:invalid', '/');
  sa_expect_error (@() sharedarray_create ('', 3), 'sharedarray:invalid', 'empty');
  sa_expect_error (@() sharedarray_attach (42), 'sharedarray:invalid', 'NAME must be a string');
  sa_expect_error (@() sharedarray_attach ('file:///nonexistent/dir/x.npy'), 'sharedarray:notfound');

  % dtypes, shapes, orders, modes.
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, 'object'), ...
                   'sharedarray:invalid', 'object');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, '<f16'), ...
                   'sharedarray:invalid', 'f16');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, 'int128'), ...
                   'sharedarray:invalid', 'int128');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), [2 -1]), ...
                   'sharedarray:invalid', 'SHAPE\(2\)');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), [2.5 1]), ...
                   'sharedarray:invalid', 'SHAPE\(1\)');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), ones (1, 65)), ...
                   'sharedarray:invalid', '65 dimensions');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 'abc'), ...
                   'sharedarray:invalid', 'SHAPE');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, 'f8', 'X'), ...
                   'sharedarray:invalid', 'order');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, 'f8', 'C', '0999'), ...
                   'sharedarray:invalid', 'mode.*''0999''');
  sa_expect_error (@() sharedarray_create (sa_tname ('bad'), 3, 'f8', 'C', -1), ...
                   'sharedarray:invalid', 'MODE');
  sa_expect_error (@() sharedarray_attach (nm, 'yes'), 'sharedarray:invalid', 'RO');

  % Something in /dev/shm that is not an array: refused, not mapped blindly.
  junk = sa_tname ('junk'); names{end+1} = junk;
  fid = fopen (['/dev/shm/' junk], 'w'); fwrite (fid, 'not a numpy file'); fclose (fid);
  sa_expect_error (@() sharedarray_attach (junk), 'sharedarray:invalid', junk);
  sa_expect_error (@() sharedarray_info (junk), 'sharedarray:invalid', junk);
  sa_expect_error (@() sharedarray_delete (junk), 'sharedarray:invalid', junk);
  assert (exist (['/dev/shm/' junk], 'file') == 2, 'delete refused a non-array');
  unlink (['/dev/shm/' junk]);

  % Permissions as given at create.
  nm2 = sa_tname ('mode'); names{end+1} = nm2;
  k = sharedarray_create (nm2, 1, 'u1', 'F', '0640');
  s = sharedarray_info (nm2);
  assert (s.mode == bin2dec ('110100000'), 'mode %o', s.mode);
  clear k
  clear h
unwind_protect_cleanup
  sa_cleanup (names);
end_unwind_protect
disp ('test_errors: ok');
