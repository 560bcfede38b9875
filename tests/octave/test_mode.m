% test_mode.m -- create refuses modes that are not plain permission bits
% (issue 11). sharedarray_create (..., 4095) used to give -rwsrwsrwt, and
% mode strings were read with stoul, which took ' 644', '+644' and
% '0x1ff'-like input. Now numbers above 0777 (setuid, setgid, sticky) and
% any text that is not 1 to 4 octal digits (optional '0o') are refused with
% sharedarray:invalid and a message naming the mode, and nothing is left
% behind; 0 means the default, 0600.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

function v = o (digits)            % an octal number
  v = base2dec (digits, 8);
end

function m = mode_of (name)
  s = sharedarray_info (name);
  m = s.mode;
end

names = {};
dir = tempname ();
mkdir (dir);
unwind_protect
  nm = sa_tname ('mode'); names{end+1} = nm;

  % Special bits, as numbers and as strings: refused, nothing created.
  for m = {o('4777'), o('2755'), o('1777'), o('7777'), o('4000'), o('1000'), 4096, 2^32 - 1}
    sa_expect_error (@() sharedarray_create (nm, 3, 'u1', 'C', m{1}), ...
                     'sharedarray:invalid', sprintf ('0%o', m{1}));
    assert (! exist (['/dev/shm/' nm], 'file'), 'mode %o left a segment', m{1});
  end
  for m = {'4777', '04777', '2755', '1777', '7777', '0o4777', '0o1000'}
    sa_expect_error (@() sharedarray_create (nm, 3, 'u1', 'C', m{1}), ...
                     'sharedarray:invalid', ['mode.*''' m{1} '''']);
    assert (! exist (['/dev/shm/' nm], 'file'), 'mode ''%s'' left a segment', m{1});
  end
  % Text that is not octal digits: refused, naming it.
  bad = {' 644', '644 ', '+644', '-644', '0x1ff', '', '0o', '0o 644', '8', '0999', ...
         '1e3', '6 4 4', '00644', '0644\n', "0644\n", '٦٤٤', 'rw-r--r--', '0O'};
  for m = bad
    % messages show control characters escaped (a newline as \x0a)
    shown = strrep (m{1}, "\n", '\x0a');
    sa_expect_error (@() sharedarray_create (nm, 3, 'u1', 'C', m{1}), ...
                     'sharedarray:invalid', ['mode.*''' regexptranslate('escape', shown) '''']);
    assert (! exist (['/dev/shm/' nm], 'file'), 'mode ''%s'' left a segment', m{1});
  end
  % Numbers that are not permission bits at all.
  for m = {-1, 0.5, NaN, Inf, -Inf, 1i, 2^40}
    sa_expect_error (@() sharedarray_create (nm, 3, 'u1', 'C', m{1}), ...
                     'sharedarray:invalid', 'MODE');
  end
  for m = {true, [6 4 4], {'0644'}, int8([1 2]), ['06'; '44']}
    sa_expect_error (@() sharedarray_create (nm, 3, 'u1', 'C', m{1}), ...
                     'sharedarray:invalid', 'MODE');
  end
  assert (! exist (['/dev/shm/' nm], 'file'));

  % What is accepted: 0 to 0777, as a number or 1 to 4 octal digits.
  ok = {0, 0; [], 0; '0', 0; '0000', 0; 384, o('600'); o('640'), o('640'); '640', o('640'); ...
        '0640', o('640'); '0o640', o('640'); '0O640', o('640'); 511, o('777'); '777', o('777'); ...
        '0777', o('777'); '4', o('4'); int16(o('644')), o('644'); uint32(o('644')), o('644'); single(o('600')), o('600')};
  for k = 1:rows (ok)
    h = sharedarray_create (nm, 3, 'u1', 'C', ok{k, 1});
    want = ok{k, 2};
    if (want == 0)
      want = o('600');                          % 0 means the default
    end
    assert (mode_of (nm) == want, 'mode %s gave 0%o, not 0%o', ...
            disp (ok{k, 1}), mode_of (nm), want);
    clear h
    sharedarray_delete (nm);
  end
  % The umask is not applied, and the default is 0600.
  old = umask (o('077'));
  unwind_protect
    h = sharedarray_create (nm, 3, 'u1', 'C', '0664');
    assert (mode_of (nm) == o('664'), 'umask applied: 0%o', mode_of (nm));
    clear h
    sharedarray_delete (nm);
    h = sharedarray_create (nm, 3);
    assert (mode_of (nm) == o('600'), 'default 0%o', mode_of (nm));
    clear h
    sharedarray_delete (nm);
  unwind_protect_cleanup
    umask (old);
  end_unwind_protect

  % file:// arrays take the same rules.
  f = ['file://' fullfile(dir, 'm.npy')];
  sa_expect_error (@() sharedarray_create (f, 3, 'u1', 'C', o('4755')), ...
                   'sharedarray:invalid', '04755');
  sa_expect_error (@() sharedarray_create (f, 3, 'u1', 'C', '+755'), ...
                   'sharedarray:invalid', '''\+755''');
  assert (! exist (fullfile (dir, 'm.npy'), 'file'));
  h = sharedarray_create (f, 3, 'u1', 'C', '0o644');
  assert (mode_of (f) == o('644'));
  clear h
  sharedarray_delete (f);
unwind_protect_cleanup
  sa_cleanup (names);
  confirm_recursive_rmdir (false);
  rmdir (dir, 's');
end_unwind_protect
disp ('test_mode: ok');
