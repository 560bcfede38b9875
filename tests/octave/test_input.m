% test_input.m -- input that used to be misread: char(0) inside names and
% dtypes, order spellings, dimensions beyond what size(h) can report, and
% writes whose value class or shape a native matrix would treat differently
% (complex with zero imaginary part, chars, cells, mis-shaped blocks).
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

% ref(varargin{:}) = v on a native matrix (for anonymous functions).
function sa_assign_native (ref, v, varargin)
  ref(varargin{:}) = v;
end

% The message of the error fn() raises ('' when none).
function msg = sa_error_of (fn)
  msg = '';
  try
    fn ();
  catch err
    msg = err.message;
  end
end

% Write a .npy header (format 1.0) for shape SHP, dtype |u1, to PATH and
% extend the file to its full size without writing the data (sparse).
function sa_write_sparse_npy (path, shp)
  dict = sprintf ('{''descr'': ''|u1'', ''fortran_order'': False, ''shape'': (%s), }', ...
                  strjoin (arrayfun (@(d) sprintf ('%d,', d), shp, 'UniformOutput', false), ' '));
  pad = 64 - mod (10 + numel (dict) + 1, 64);
  hdr = [dict repmat(' ', 1, pad) char(10)];
  fid = fopen (path, 'w');
  assert (fid >= 0, 'cannot write %s', path);
  fwrite (fid, [147 'NUMPY' 1 0], 'uint8');
  fwrite (fid, numel (hdr), 'uint16', 0, 'ieee-le');
  fwrite (fid, hdr, 'char');
  fclose (fid);
  [st, out] = system (sprintf ('truncate -s %d "%s"', 10 + numel (hdr) + prod (shp), path));
  assert (st == 0, 'truncate %s: %s', path, out);
end

names = {};
tmpdir = tempname ();
unwind_protect
  % --- char(0) in NAME and DTYPE: refused, nothing created under the
  % cut-off name.
  nm = sa_tname ('nul'); names{end+1} = nm;
  sa_expect_error (@() sharedarray_create ([nm char(0) 'xx'], 3), ...
                   'sharedarray:invalid', 'NAME .*contains a NUL character');
  assert (! exist (['/dev/shm/' nm], 'file'), 'created the cut-off name');
  sa_expect_error (@() sharedarray_create (nm, 3, ['f8' char(0) 'junk']), ...
                   'sharedarray:invalid', 'DTYPE .*contains a NUL character');
  assert (! exist (['/dev/shm/' nm], 'file'), 'created with a NUL dtype');
  h = sharedarray_create (nm, 3);
  sa_expect_error (@() sharedarray_attach ([nm char(0) 'x']), 'sharedarray:invalid', 'NAME');
  sa_expect_error (@() sharedarray_info ([nm char(0) 'x']), 'sharedarray:invalid', 'NAME');
  sa_expect_error (@() sharedarray_delete ([nm char(0) 'x']), 'sharedarray:invalid', 'NAME');
  assert (exist (['/dev/shm/' nm], 'file') == 2, 'the refused delete removed the array');
  sa_expect_error (@() sharedarray_list (['shm://' char(0)]), 'sharedarray:invalid', 'WHERE');
  clear h

  % --- ORDER: 'C', 'F', 'c', 'f' only.
  spell = {'C', 'F', 'c', 'f'};
  for k = 1:numel (spell)
    nm = sa_tname ('ord'); names{end+1} = nm;
    h = sharedarray_create (nm, [2 3], 'u1', spell{k});
    assert (strcmp (h.order (), upper (spell{k})), 'order %s', spell{k});
    clear h
    sharedarray_delete (nm);
  end
  bad = {'x', 'X', 'A', 'k', 'CF', ['C' char(0)], 'Ç'};
  for k = 1:numel (bad)
    nm = sa_tname ('ord');
    sa_expect_error (@() sharedarray_create (nm, 2, 'u1', bad{k}), ...
                     'sharedarray:invalid', '[Oo][Rr][Dd][Ee][Rr]');
    assert (! exist (['/dev/shm/' nm], 'file'), 'created with order %s', bad{k});
  end

  % --- A dimension above 2^31-1: size(h) would report it wrongly, so it
  % is refused at create (before anything is created) and at attach.
  nm = sa_tname ('big'); names{end+1} = nm;
  sa_expect_error (@() sharedarray_create (nm, [2 2^31], 'u1'), ...
                   'sharedarray:invalid', [nm '.*dimension 2 .*2147483648']);
  assert (! exist (['/dev/shm/' nm], 'file'), 'created an over-large array');
  mkdir (tmpdir);
  big = fullfile (tmpdir, 'big.npy');
  sa_write_sparse_npy (big, 2^31);
  sa_expect_error (@() sharedarray_attach (['file://' big]), ...
                   'sharedarray:invalid', 'big.npy.*dimension 1 .*2147483648');
  sa_write_sparse_npy (big, [3 5]);        % the same file, small: attaches
  g = sharedarray_attach (['file://' big]);
  assert (isequal (size (g), [5 3]) && numel (g) == 15);
  clear g

  % --- Value classes, against a native matrix of the same class.
  nm = sa_tname ('cls'); names{end+1} = nm;
  h = sharedarray_create (nm, [2 3], 'uint8');    % Octave view 3x2
  ref = zeros (3, 2, 'uint8');
  % A complex value, even with zero imaginary parts, turns an integer
  % matrix into a double one: the shared array refuses (issue 13).
  ref(1) = complex (4, 0);
  assert (strcmp (class (ref), 'double'), 'complex(4,0) makes a uint8 matrix double');
  sa_expect_error (@() sa_assign (h, complex (4, 0), 1), 'sharedarray:unsupported', 'complex');
  sa_expect_error (@() sa_assign (h, complex (single ([5 6]), single ([0 0])), 2:3), ...
                   'sharedarray:unsupported', 'complex');
  h(1:3) = [4 5 6];
  sa_expect_error (@() sa_assign (h, complex (1, 2), 1), 'sharedarray:unsupported', ...
                   'complex');
  h(4) = 'A'; ref(4) = 'A';
  assert (h(4) == 65 && ref(4) == 65, 'char into uint8');
  h(1, :) = 'yz';
  assert (isequal (h(1, :), uint8 ('yz')), 'char row into uint8');
  k8 = sharedarray_create (sa_tname ('cls'), 2, 'int8'); names{end+1} = k8.name ();
  k8(1) = 'A';
  assert (k8(1) == int8 ('A') && k8(1) == 65, 'int8(''A'') is 65');
  d = sharedarray_create (sa_tname ('cls'), 2, 'double'); names{end+1} = d.name ();
  d(2) = 'B';
  assert (d(2) == 66, 'char into double');
  b = sharedarray_create (sa_tname ('cls'), 2, 'logical'); names{end+1} = b.name ();
  % a logical matrix refuses chars (M = true (1, 2); M(1) = 'A' is an error)
  sa_expect_error (@() sa_assign (b, 'A', 1), 'sharedarray:invalid', 'char');
  lref = true (1, 2);
  try, lref(1) = 'A'; assert (false, 'a logical matrix took a char'); catch, end
  before = h(:);
  sa_expect_error (@() sa_assign (h, {1}, 1), 'sharedarray:invalid', ...
                   [nm '.*uint8.*class ''cell''']);
  sa_expect_error (@() sa_assign (h, struct ('a', 1), 1), 'sharedarray:invalid', ...
                   [nm '.*class ''struct''']);
  sa_expect_error (@() sa_assign (h, @sin, 1), 'sharedarray:invalid', ...
                   [nm '.*class ''function_handle''']);
  assert (isequal (h(:), before), 'refused writes changed nothing');
  clear k8 d b

  % --- Shapes: Octave's rule for A(i,j,...) = v, message for message.
  ok_cases = {{{1:3, 1:2}, reshape(1:6, 3, 2)}, ...
              {{1:3, 1:2}, reshape(1:6, 3, 1, 2)}, ...
              {{1:3, 1:2}, 7}, ...
              {{1, 1:2}, [8; 9]}, ...          % vector into vector, any orientation
              {{1:3, 2}, [1 2 3]}, ...
              {{':', 1}, reshape(1:3, 1, 1, 3)}, ...
              {{[], 1}, []}, ...
              {{[], 1}, zeros(0, 3)}};
  for k = 1:numel (ok_cases)
    idx = ok_cases{k}{1}; v = ok_cases{k}{2};
    ref = zeros (3, 2, 'uint8'); ref(idx{:}) = v;
    h(:) = 0; h(idx{:}) = v;
    assert (isequal (h(), ref), 'shape case %d: values', k);
  end
  bad_cases = {{{1:3, 1:2}, reshape(1:6, 2, 3)}, ...
               {{1:3, 1:2}, 1:6}, ...
               {{1:2, 1:2}, [1 2 3 4]}, ...
               {{1:3, 1}, [1 2]}, ...
               {{1:3, 1:2}, reshape(1:6, 1, 2, 3)}, ...
               {{1:3, 1:2, 1}, reshape(1:6, 2, 3)}, ...
               {{1:3, 1:2, 1}, reshape(1:6, 1, 2, 1, 3)}};
  h(:) = 1:6;
  for k = 1:numel (bad_cases)
    idx = bad_cases{k}{1}; v = bad_cases{k}{2};
    ref = zeros (3, 2, 'uint8');
    want = sa_error_of (@() sa_assign_native (ref, v, idx{:}));
    assert (! isempty (strfind (want, 'nonconformant')), 'native case %d: %s', k, want);
    sa_expect_error (@() sa_assign (h, v, idx{:}), 'Octave:nonconformant-args', ...
                     'nonconformant arguments \(op1 is');
    got = sa_error_of (@() sa_assign (h, v, idx{:}));
    assert (strcmp (got, want), 'shape case %d: "%s", native "%s"', k, got, want);
  end
  assert (isequal (h(:)', uint8 (1:6)), 'refused shapes changed nothing');
  clear h
unwind_protect_cleanup
  sa_cleanup (names);
  if (exist (tmpdir, 'dir'))
    confirm_recursive_rmdir (false, 'local');
    rmdir (tmpdir, 's');
  end
end_unwind_protect
disp ('test_input: ok');
