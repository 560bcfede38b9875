% test_lifetime.m -- a mapping lives exactly as long as the last Octave
% value holding its handle: 'clear h' unmaps (checked in /proc/self/maps),
% copies keep it alive, a function's locals go at its end, deleting the
% name never invalidates a live handle, and no file descriptor leaks.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

function n = open_fds ()
  n = numel (readdir ('/proc/self/fd'));
end

function write_in_function (name, value)
  k = sharedarray_attach (name);
  k(1) = value;
  assert (sa_is_mapped (name));
end                                     % k goes out of scope here

names = {};
unwind_protect
  nm = sa_tname ('life'); names{end+1} = nm;
  fds = open_fds ();
  h = sharedarray_create (nm, [64 64], 'f8');
  assert (sa_is_mapped (nm), 'created array is mapped');
  g = h;                                % a second value, same handle
  clear h
  assert (sa_is_mapped (nm), 'a copy keeps the mapping');
  g(2) = 5;
  clear g
  assert (! sa_is_mapped (nm), 'clear of the last copy unmaps');

  write_in_function (nm, 42);
  assert (! sa_is_mapped (nm), 'a function''s handle is released at its end');

  % Deleting the name leaves a live mapping valid.
  h = sharedarray_attach (nm);
  assert (h(1) == 42 && h(2) == 5);
  sharedarray_delete (nm);
  assert (! exist (['/dev/shm/' nm], 'file'));
  h(3) = 7;
  assert (h(3) == 7 && isequal (size (double (h)), [64 64]));
  assert (sa_is_mapped (nm));           % maps shows "(deleted)" but it is there
  clear h
  assert (! sa_is_mapped (nm), 'released after delete + clear');

  % Handles inside containers are released with the container.
  nm = sa_tname ('cell'); names{end+1} = nm;
  c = {sharedarray_create(nm, 3, 'u1')};
  s.h = c{1};
  clear c
  assert (sa_is_mapped (nm));
  clear s
  assert (! sa_is_mapped (nm), 'released with the struct');

  % Many cycles: no mapping or descriptor accumulates.
  for k = 1:200
    h = sharedarray_attach (nm, mod (k, 2) == 0);
    v = h(1);
  end
  clear h v
  assert (! sa_is_mapped (nm));
  assert (open_fds () == fds, 'file descriptors leaked: %d -> %d', fds, open_fds ());
  sharedarray_delete (nm);
unwind_protect_cleanup
  sa_cleanup (names);
end_unwind_protect
disp ('test_lifetime: ok');
