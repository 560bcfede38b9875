% test_dtypes.m -- every dtype of the format, in both byte orders: the
% Octave class reads give, Octave's conversion rules on write (integer
% rounding and saturation, logical from nonzero, float16 rounding, complex
% kept), and the raw bytes in /dev/shm (read with fread, not the module) in
% the declared byte order.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));
[~, ~, endian] = computer ();
assert (endian == 'L', 'these byte checks assume a little-endian host');

% descr, Octave class, complex?
cases = {
  '|b1', 'logical', false;
  '|i1', 'int8', false;   '<i2', 'int16', false;  '>i2', 'int16', false;
  '<i4', 'int32', false;  '>i4', 'int32', false;  '<i8', 'int64', false;
  '>i8', 'int64', false;
  '|u1', 'uint8', false;  '<u2', 'uint16', false; '>u2', 'uint16', false;
  '<u4', 'uint32', false; '>u4', 'uint32', false; '<u8', 'uint64', false;
  '>u8', 'uint64', false;
  '<f2', 'single', false; '>f2', 'single', false;
  '<f4', 'single', false; '>f4', 'single', false;
  '<f8', 'double', false; '>f8', 'double', false;
  '<c8', 'single', true;  '>c8', 'single', true;
  '<c16', 'double', true; '>c16', 'double', true;
};

names = {};
unwind_protect
  for c = 1:rows (cases)
    [descr, cls, iscplx] = cases{c, :};
    nm = sa_tname (strrep (strrep (strrep (descr, '<', 'le'), '>', 'be'), '|', ''));
    names{end+1} = nm;
    h = sharedarray_create (nm, [3 2], descr);          % numpy shape (3,2), C order
    assert (strcmp (h.dtype (), descr), '%s: dtype() gave %s', descr, h.dtype ());
    assert (strcmp (h.classname (), cls), '%s: classname() gave %s', descr, h.classname ());
    assert (isequal (size (h), [2 3]), '%s: size', descr);
    assert (isequal (h.shape (), [3 2]), '%s: shape', descr);
    x = h.read ();
    assert (strcmp (class (x), cls), '%s: read() class %s', descr, class (x));
    assert (iscomplex (x) == iscplx, '%s: read() complexity', descr);
    assert (all (x(:) == 0), '%s: a new array is zero-filled', descr);
    assert (strcmp (class (h(1)), cls), '%s: h(1) class', descr);
    inf_ = sharedarray_info (nm);
    assert (strcmp (inf_.dtype, descr) && strcmp (inf_.class, cls), '%s: info', descr);

    kind = descr(2);
    switch (kind)
      case 'b'
        h(:) = [1 0 2 0 -1 0];                            % logical(): nonzero -> true
        assert (isequal (h(:)', logical ([1 0 1 0 1 0])), 'b1 write');
        assert (isequal (sa_raw_bytes (nm, 4096, 6), uint8 ([1 0 1 0 1 0])), 'b1 bytes');
        sa_expect_error (@() sa_assign (h, NaN, 1), 'sharedarray:invalid', ...
                         [nm '.*NaN to logical']);
      case {'i', 'u'}
        v = [1 -1 2.5 -2.5 1e30 -1e30];                   % rounding and saturation
        h(:) = v;
        assert (isequal (h(:)', cast (v, cls)), '%s: Octave int conversion', descr);
        h(2) = NaN;
        assert (h(2) == 0, '%s: NaN -> 0', descr);
        h(1:2) = [intmin(cls) intmax(cls)];               % exact extremes
        assert (isequal (h(1:2), [intmin(cls), intmax(cls)]), '%s: extremes', descr);
        h(3) = int8 (-7);                                 % another int class
        assert (h(3) == cast (-7, cls), '%s: int8 into %s', descr, cls);
      case 'f'
        if (strcmp (descr(3:end), '2'))
          v = [1/3 65504 7e4 -0 0.1 NaN];
          want = single ([0.333251953125 65504 Inf -0 0.0999755859375 NaN]);
        else
          v = [pi -0 Inf NaN 1e-310 1e39];
          want = cast (v, cls);
        end
        h(:) = v;
        got = h(:).';
        assert (isequaln (got, want), '%s: float values', descr);
        assert (signbit (got(find (v == 0 & signbit (v)))), '%s: -0 keeps its sign', descr);
        sa_expect_error (@() sa_assign (h, 1 + 2i, 1), 'sharedarray:unsupported', 'cannot store complex');
        h(1) = complex (5, 0);                             % zero imaginary part is fine
        assert (h(1) == 5);
      case 'c'
        v = [1+2i, -3.5i, 4, pi+1i, 0, 1e30-1e30i];
        h(:) = v;
        got = h(:).';
        assert (iscomplex (got));
        assert (isequal (got, cast (v, cls)), '%s: complex values', descr);
    end

    % Raw bytes of element 1 = 1, in the declared byte order.
    h(1) = 1;
    switch (kind)
      case 'b', le = uint8 (1);
      case {'i', 'u'}, le = typecast (cast (1, cls), 'uint8');
      case 'f'
        if (descr(3) == '2'), le = uint8 ([0 60]); else, le = typecast (cast (1, cls), 'uint8'); end
      case 'c', le = [typecast(cast (1, cls), 'uint8'), typecast(cast (0, cls), 'uint8')];
    end
    want = le;
    if (descr(1) == '>')
      if (kind == 'c')
        half = numel (le) / 2;
        want = [fliplr(le(1:half)), fliplr(le(half+1:end))];
      else
        want = fliplr (le);
      end
    end
    got = sa_raw_bytes (nm, 4096, numel (want));
    assert (isequal (got, want), '%s: raw bytes [%s], want [%s]', descr, ...
            num2str (got), num2str (want));

    % A second mapping of the same name sees the same values.
    h2 = sharedarray_attach (nm);
    assert (isequaln (h2.read (), h.read ()), '%s: second mapping', descr);
    clear h h2
  end

  % Octave class names and the default dtype.
  spellings = {'double', '<f8'; 'single', '<f4'; 'int16', '<i2'; 'uint64', '<u8';
               'logical', '|b1'; 'float16', '<f2'; 'complex64', '<c8'};
  for k = 1:rows (spellings)
    nm = sa_tname ('spell');
    names{end+1} = nm;
    h = sharedarray_create (nm, 2, spellings{k, 1});
    assert (strcmp (h.dtype (), spellings{k, 2}), '%s -> %s', spellings{k, :});
    clear h
    sharedarray_delete (nm);
  end
  nm = sa_tname ('default');
  names{end+1} = nm;
  h = sharedarray_create (nm, [2 2]);
  assert (strcmp (h.dtype (), '<f8') && strcmp (h.classname (), 'double'));
  assert (isequal (double (h), zeros (2)) && isequal (single (h), single (zeros (2))));
  clear h
unwind_protect_cleanup
  sa_cleanup (names);
end_unwind_protect
disp ('test_dtypes: ok');
