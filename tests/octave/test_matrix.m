% test_matrix.m -- a handle works as a matrix (issue 13): the table of
% sa_matrix_table.m (every operation, every dtype, both orders, against the
% copy M = h(:,:,...)), run in a child octave-cli so that a crash fails the
% test instead of killing it.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));
% Every dtype the module reads, in groups (one child each: a child has a
% time limit, and a sanitizer build is slow).
groups = {{'|b1', '|i1', '<i2', '>i2', '<i4'}, {'<i8', '|u1', '<u2', '<u4', '>u4'}, ...
          {'<u8', '<f2', '<f4', '>f4', '<f8'}, {'>f8', '<c8', '<c16', '>c16'}};
for g = 1:numel (groups)
  code = sprintf ('sa_matrix_table ({%s});', strjoin (cellfun (@(d) ['''' d ''''], groups{g}, ...
                                                               'UniformOutput', false), ', '));
  out = sa_expect_child (sprintf ('the matrix table, %s', strjoin (groups{g}, ' ')), code, 'table: ok');
  printf ('%s', out);
end

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
% class), not a wrong one (a longdouble '<f16' was reported as 'single'),
% and attach refuses it.
dir = tempname ();
mkdir (dir);
unwind_protect
  for c = {{'<f16', 16}, {'|S4', 4}, {'<U2', 8}, {'|V8', 8}, {'<M8[s]', 8}, {'<f8', 8}}
    [descr, isz] = c{1}{:};
    f = fullfile (dir, sprintf ('x%d.npy', isz));
    hdr = sprintf ("{'descr': '%s', 'fortran_order': False, 'shape': (2,), }", descr);
    hdr = [hdr, repmat(' ', 1, 63 - mod (numel (hdr) + 10, 64)), "\n"];
    fid = fopen (f, 'w');
    fwrite (fid, [uint8([147 'NUMPY' 1 0]), typecast(uint16(numel (hdr)), 'uint8'), uint8(hdr), zeros(1, 2 * isz, 'uint8')]);
    fclose (fid);
    in = sharedarray_info (['file://' f]);
    l = sharedarray_list (['file://' dir]);
    if (strcmp (descr, '<f8'))
      assert (strcmp (in.class, 'double') && strcmp (l(1).class, 'double'), 'f8: %s', in.class);
    else
      assert (ischar (in.class) && isempty (in.class), '%s: class ''%s''', descr, in.class);
      assert (isempty (l(1).class), '%s: list class', descr);
      try
        sharedarray_attach (['file://' f]);
        error ('%s: attached', descr);
      catch e
        assert (strcmp (e.identifier, 'sharedarray:invalid'), '%s: attach: %s', descr, e.message);
      end
    end
    delete (f);
  end
unwind_protect_cleanup
  confirm_recursive_rmdir (false, 'local');
  rmdir (dir, 's');
end_unwind_protect
disp ('test_matrix: ok');
