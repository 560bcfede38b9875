% test_save.m -- save and load of a handle never crash (issue 11).
%
% SWIG's runtime "saved" a handle as nothing (save -text wrote only its type
% line) and loaded one by calling through a NULL pointer: save ('-text', f,
% 'h'); load (f) was a SIGSEGV, and so was a plain 'save ws' of a workspace
% holding a handle, then 'load ws'. Now a handle refuses to be saved
% (sharedarray:save) in every format that can hold objects, and a file
% entry that claims to be a handle loads with an error (sharedarray:load).
% Every format that Octave 7.3 offers is tried; every load runs in a child
% octave-cli, which must exit cleanly.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

% What save does with a handle, and what load of that file then gives:
%   refuse   save raises sharedarray:save
%   hdf5     save warns sharedarray:save, then Octave raises its own
%            "error while writing 'h' to hdf5 file" (Octave's protocol)
%   skip     Octave's own warning; the rest of the file is written
%   nosuch   Octave refuses the format itself
% load: a regexp for the child's "load=..." line ('ok' or an identifier).
function check_format (dir, nm, opts, kind, load_re)
  what = strjoin (opts, ' ');
  f = fullfile (dir, ['f' regexprep(what, '[^a-z0-9]', '_')]);
  a = 1;
  h = sharedarray_attach (nm);
  b = 2;
  lastwarn ('');
  err = '';
  try
    evalc ("save (opts{:}, f, 'a', 'h', 'b');");   % quiet: warnings are checked below
  catch e
    err = e.identifier;
    if (isempty (err)), err = e.message; end
  end
  [wmsg, wid] = lastwarn ();
  switch (kind)
    case 'refuse'
      assert (strcmp (err, 'sharedarray:save'), '%s: save gave "%s"', what, err);
    case 'hdf5'
      assert (strcmp (wid, 'sharedarray:save') && ! isempty (strfind (err, 'hdf5')), ...
              '%s: save gave "%s", warning "%s"', what, err, wid);
    case 'skip'
      assert (isempty (err) && ! isempty (wmsg), ...
              '%s: save gave "%s", warning "%s"', what, err, wmsg);
    case 'nosuch'
      assert (! isempty (err), '%s: save did not fail', what);
  end
  if (! exist (f, 'file'))
    return;
  end
  sa_expect_child (['load of ' what], sprintf ([ ...
    "sharedarray;\n" ...
    "try, load (%s); printf ('load=ok\\n');\n" ...
    "catch e, printf ('load=%%s\\n', e.identifier); end\n" ...
    "if (exist ('h', 'var')), printf ('h=%%s\\n', class (h)); end\n" ...
    "disp ('child: ok');"], ['''' f '''']), ['load=' load_re '\n'], 'child: ok');
end

% save (fmt, f, 'x') of the value v.
function save_one (fmt, f, v)
  x = v;
  if (strcmp (f, '-'))
    str = save (fmt, '-', 'x');      % to a string
  else
    save (fmt, f, 'x');
  end
end

names = {};
dir = tempname ();
mkdir (dir);
unwind_protect
  nm = sa_tname ('save'); names{end+1} = nm;
  h = sharedarray_create (nm, [2 3]);
  h(:) = 1:6;

  % Every format of Octave 7.3 (help save).
  text = {'refuse', 'sharedarray:load'};   % the type line is written first
  mat = {'refuse', 'ok'};                   % nothing of the element is written
  formats = { ...
    {'-text'}, text; {'-binary'}, text; {'-float-binary'}, text; ...
    {'-zip'}, text; {'-z'}, text; {'-zip', '-binary'}, text; {'-text', '-zip'}, text; ...
    {'-v7'}, mat; {'-V7'}, mat; {'-7'}, mat; {'-mat7-binary'}, mat; ...
    {'-v6'}, mat; {'-V6'}, mat; {'-6'}, mat; {'-mat'}, mat; {'-mat-binary'}, mat; ...
    {'-zip', '-v7'}, mat; {'-zip', '-v6'}, mat; ...
    {'-v4'}, {'skip', '[^\n]*'}; {'-V4'}, {'skip', '[^\n]*'}; ...
    {'-4'}, {'skip', '[^\n]*'}; {'-mat4-binary'}, {'skip', '[^\n]*'}; ...
    {'-ascii'}, {'skip', 'ok'}; {'-ascii', '-double'}, {'skip', 'ok'}; ...
    {'-ascii', '-tabs'}, {'skip', 'ok'}; ...
    {'-v7.3'}, {'nosuch', ''}; {'-V7.3'}, {'nosuch', ''}; {'-7.3'}, {'nosuch', ''}};
  if (__octave_config_info__ ('build_features').HDF5)
    formats(end+1, :) = {{'-hdf5'}, {'hdf5', '[^\n]*'}};
    formats(end+1, :) = {{'-float-hdf5'}, {'hdf5', '[^\n]*'}};
    formats(end+1, :) = {{'-zip', '-hdf5'}, {'hdf5', '[^\n]*'}};
  else
    disp ('test_save: this Octave has no HDF5; -hdf5 not tried');
  end
  for k = 1:rows (formats)
    check_format (dir, nm, formats{k, 1}, formats{k, 2}{:});
  end

  % A handle inside a cell or a struct, in Octave's and MATLAB's formats.
  c = {1, h};
  s.x = 1; s.h = h;
  for fmt = {'-text', '-binary', '-v7', '-v6'}
    sa_expect_error (@() save_one (fmt{1}, fullfile (dir, 'c'), c), 'sharedarray:save', nm);
    sa_expect_error (@() save_one (fmt{1}, fullfile (dir, 's'), s), 'sharedarray:save', nm);
  end
  sa_expect_error (@() save_one ('-text', '-', h), 'sharedarray:save', nm);
  sa_expect_error (@() save_one ('-text', fullfile (dir, 'g'), h), 'sharedarray:save', ...
                   'h.read\(\)');                 % says what to do instead
  g = h; g = sharedarray_attach (nm); g.close ();
  sa_expect_error (@() save_one ('-text', fullfile (dir, 'g'), g), 'sharedarray:save', nm);
  clear c s g

  % What to do instead works: a copy and the name.
  x = h.read (); n = h.name ();
  save ('-text', fullfile (dir, 'ok.txt'), 'x', 'n');
  sa_expect_child ('load of a copy and a name', sprintf ([ ...
    "load (%s);\n" ...
    "k = sharedarray_attach (n);\n" ...
    "assert (isequal (k.read (), x) && isequal (x, reshape (1:6, 3, 2)));\n" ...
    "disp ('child: ok');"], ['''' fullfile(dir, 'ok.txt') '''']), 'child: ok');

  % A plain 'save ws' of a workspace holding a handle, then 'load ws'.
  sa_expect_child ('save ws', sprintf ([ ...
    "cd (%s);\n" ...
    "x = magic (3);\n" ...
    "h = sharedarray_attach ('%s');\n" ...
    "try, save ws; printf ('save=ok\\n');\n" ...
    "catch e, printf ('save=%%s\\n', e.identifier); end\n" ...
    "disp ('child: ok');"], ['''' dir ''''], nm), 'save=sharedarray:save', 'child: ok');
  % The failed save left the entry's type line: in a fresh Octave, where the
  % module is not loaded yet, Octave itself refuses the unknown type; once
  % the module is loaded, it is sharedarray:load.
  sa_expect_child ('load ws', sprintf ([ ...
    "cd (%s);\n" ...
    "try, load ws; printf ('load1=ok\\n');\n" ...
    "catch e, printf ('load1=error %%s\\n', e.message); end\n" ...
    "sharedarray;\n" ...
    "try, load ws; printf ('load2=ok\\n');\n" ...
    "catch e, printf ('load2=%%s\\n', e.identifier); end\n" ...
    "disp ('child: ok');"], ['''' dir '''']), 'load1=error', 'load2=sharedarray:load', ...
    'child: ok');

  % The exact file that the old module wrote for save -text (the type line
  % and nothing else): a clean error with the module loaded, and Octave's
  % own error without it.
  old = fullfile (dir, 'old.txt');
  fid = fopen (old, 'w');
  fprintf (fid, "# Created by Octave 7.3.0\n# name: h\n# type: swig_ref\n\n\n");
  fclose (fid);
  sa_expect_child ('load of an old file, module loaded', sprintf ([ ...
    "sharedarray_list ();\n" ...
    "try, load (%s); printf ('load=ok\\n');\n" ...
    "catch e, printf ('load=%%s\\n', e.identifier); end\n" ...
    "disp ('child: ok');"], ['''' old '''']), 'load=sharedarray:load', 'child: ok');
  sa_expect_child ('load of an old file, module not loaded', sprintf ([ ...
    "try, load (%s); printf ('load=ok\\n');\n" ...
    "catch e, printf ('load=error %%s\\n', e.message); end\n" ...
    "disp ('child: ok');"], ['''' old '''']), 'load=error', 'child: ok');

  % The handle was never disturbed.
  assert (isequal (h(:)', 1:6));
  clear h
unwind_protect_cleanup
  sa_cleanup (names);
  confirm_recursive_rmdir (false);
  rmdir (dir, 's');
end_unwind_protect
disp ('test_save: ok');
