% test_matrix.m -- a handle works as a matrix (issue 13): the table of
% sa_matrix_table.m (every operation, every dtype, both orders, against the
% copy M = h(:,:,...)), run in a child octave-cli so that a crash fails the
% test instead of killing it.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));
out = sa_expect_child ('the matrix table', 'sa_matrix_table ();', 'table: ok');
printf ('%s', out);

% h += v and h++ on a handle that one variable holds would replace it by
% a copy (as M += v replaces M): refused, and h stays the handle.
nm = sa_tname ('cmp');
sa_expect_child ('h += 1, h++', sprintf ([ ...
  "h = sharedarray_create ('%s', [2 2]); h(:) = 1:4;\n" ...
  "try, h += 1; catch e, printf ('add=%%s\\n', e.identifier); end\n" ...
  "try, h *= 2; catch e, printf ('mul=%%s\\n', e.identifier); end\n" ...
  "try, h++; catch e, printf ('inc=%%s\\n', e.identifier); end\n" ...
  "printf ('name=%%s v=%%s\\n', h.name (), mat2str (h(:)'));\n" ...
  "h(2) += 10; printf ('idx=%%s\\n', mat2str (h(:)'));\n" ...
  "clear h; sharedarray_delete ('%s'); disp ('child: ok');"], nm, nm), ...
  'add=sharedarray:unsupported', 'mul=sharedarray:unsupported', ...
  'inc=sharedarray:unsupported', ['name=' nm ' v=\[1 2 3 4\]'], 'idx=\[1 12 3 4\]', 'child: ok');

% Typing h: the header line, then the values; a large array shows a corner.
nm = sa_tname ('show');
h = sharedarray_create (nm, [3 4], '<f4', 'F', '0640');
h(:) = 1:12;
txt = evalc ('h');
assert (! isempty (regexp (txt, ["^h =\n\n  SharedArray '" nm "': dtype <f4, numpy shape \\(3, 4\\), order F, read-write\n"], 'once')), txt);
M = h(:,:);
assert (! isempty (strfind (txt, evalc ('disp (M)'))), 'typing h shows the values as disp (M):\n%s', txt);
assert (strcmp (evalc ('disp (h)'), evalc ('disp (M)')), 'disp (h) is disp (M)');
clear h
g = sharedarray_attach (nm, true);
assert (! isempty (strfind (evalc ('g'), 'read-only')), 'the header says read-only');
clear g
sharedarray_delete (nm);
nm = sa_tname ('big');
h = sharedarray_create (nm, [300 400], 'f8');
h(:) = 1:numel (h);
txt = evalc ('h');
assert (numel (txt) < 2000 && ! isempty (strfind (txt, 'showing h(1:8,1:8)')), 'large: %s', txt);
clear h
sharedarray_delete (nm);

% sharedarray_info of a dtype Octave cannot read reports class '' (no
% class), not a wrong one: a longdouble and a bytes array made with numpy.
disp ('test_matrix: ok');
