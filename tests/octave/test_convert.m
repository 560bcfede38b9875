% test_convert.m -- conversions that copy once (issue 19), checked for
% what they give: double(h) and single(h) of every real and complex dtype
% (values, class, complexity, as double()/single() of the copy h(:,:)
% give), h.read_numpy(), and the h(i) / h(i,j) scalar fast path against
% the general path (h([i]) through a range) for every dtype and both
% orders, including its edges (non-integer, 0, past the end, logical and
% integer subscripts), which must raise or answer as a matrix does. Then
% the memory peak of double(h) of a float32 array (VmHWM, reset through
% /proc/self/clear_refs): one copy of the result, not two.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

function check_conv (h, m, what)
  for cls = {'double', 'single'}
    c = cls{1};
    got = feval (c, h);
    want = feval (c, m);
    assert (strcmp (class (got), class (want)), '%s: %s(h) class %s, want %s', ...
            what, c, class (got), class (want));
    assert (iscomplex (got) == iscomplex (want), '%s: %s(h) complexity', what, c);
    assert (isequal (size (got), size (want)), '%s: %s(h) size', what, c);
    assert (isequaln (got, want), '%s: %s(h) values', what, c);
  end
end

function check_scalar (h, what)
  m = h(:, :);
  n = numel (m);
  for i = unique ([1, 2, n - 1, n])
    if (i < 1), continue; end
    a = h(i); b = m(i);
    assert (strcmp (class (a), class (b)) && isequaln (a, b), '%s: h(%d)', what, i);
    r = h(i:i);    % the general path (a complex read stays complex)
    assert (strcmp (class (a), class (r)) && iscomplex (a) == iscomplex (r) ...
            && isequaln (a, r), '%s: h(%d) vs h(%d:%d)', what, i, i, i);
  end
  sz = size (m);
  a = h(sz(1), sz(2)); b = m(sz(1), sz(2));
  assert (strcmp (class (a), class (b)) && isequaln (a, b), '%s: h(end,end)', what);
  a = h(1, numel (m) / sz(1)); b = m(1, numel (m) / sz(1));
  assert (isequaln (a, b), '%s: h(1, last folded)', what);
  a = h(1, 1, 1); b = m(1, 1, 1);
  assert (isequaln (a, b), '%s: h(1,1,1)', what);
  % what the fast path must leave to the general one
  assert (isequaln (h(int32 (2)), m(int32 (2))), '%s: h(int32(2))', what);
  assert (isequaln (h(true), m(true)), '%s: h(true)', what);
  assert (isequaln (h(single (2)), m(single (2))), '%s: h(single(2))', what);
  for bad = {0, n + 1, 1.5, -1, NaN, Inf}
    b = bad{1};
    okh = true; okm = true;
    try, h(b); catch, okh = false; end
    try, m(b); catch, okm = false; end
    assert (~okh && ~okm, '%s: h(%g) must raise as m(%g) does', what, b, b);
  end
  try
    h(sz(1) + 1, 1);
    error ('no error');
  catch err
    assert (~strcmp (err.message, 'no error'), '%s: h(rows+1, 1) must raise', what);
  end
end

names = {};
unwind_protect
  specs = {'|b1', '|i1', '<i2', '>i4', '<i8', '|u1', '>u2', '<u4', '<u8', ...
           '<f2', '>f2', '<f4', '>f4', '<f8', '>f8', '<c8', '>c8', '<c16', '>c16'};
  for k = 1:numel (specs)
    for order = {'C', 'F'}
      nm = sa_tname ('conv');
      names{end+1} = nm;
      h = sharedarray_create (nm, [3 4 2], specs{k}, order{1});
      n = numel (h);
      if (strcmp (specs{k}, '|b1'))
        h(:) = mod (1:n, 3) == 0;
      elseif (any (specs{k}(2) == 'iu'))
        h(:) = mod (1:n, 7) + 1;
      else
        v = (1:n) / 4 - 3;
        if (specs{k}(2) == 'c')
          v = complex (v, mod (1:n, 3) - 1);
        end
        h(:) = v;
      end
      what = sprintf ('%s %s', specs{k}, order{1});
      check_conv (h, h(:, :, :), what);
      check_scalar (h, what);
      % read_numpy: numpy's shape, one copy
      r = h.read_numpy ();
      assert (isequal (size (r), [3 4 2]), '%s: read_numpy size', what);
      m = h(:, :, :);
      if (order{1} == 'C')
        assert (isequaln (r, permute (m, [3 2 1])), '%s: read_numpy values', what);
      else
        assert (isequaln (r, m), '%s: read_numpy values', what);
      end
      clear h
    end
  end
  % complex with every imaginary part zero: double(h) narrows, as
  % double() of a complex matrix does; h(:) stays complex
  nm = sa_tname ('conv0');
  names{end+1} = nm;
  h = sharedarray_create (nm, [2 3], 'complex64');
  h(:) = 1:6;
  assert (iscomplex (h(:)), 'h(:) of complex64 stays complex');
  d = double (h);
  assert (isequal (d, double (h(:, :))) && iscomplex (d) == iscomplex (double (h(:, :))), ...
          'double(h) of complex64 with zero imaginary parts');
  % a complex handle's real part (array_value with force) as before
  assert (isequal (real (h), reshape (1:6, size (h))), 'real(h)');
  clear h

  % Memory peak: double(h) of 25 M float32 (100 MB) makes one 200 MB copy
  [st, ~] = unix ('test -w /proc/self/clear_refs');
  if (st == 0)
    nm = sa_tname ('peak');
    names{end+1} = nm;
    h = sharedarray_create (nm, 25e6, 'float32');
    h(:) = 1.5;
    hwm = @() sscanf (regexp (fileread ('/proc/self/status'), 'VmHWM:\s*\d+', 'match', 'once')(7:end), '%d') * 1024;
    fid = fopen ('/proc/self/clear_refs', 'w'); fputs (fid, '5'); fclose (fid);
    h0 = hwm ();
    v = double (h);
    grown = hwm () - h0;
    assert (strcmp (class (v), 'double') && v(end) == 1.5, 'double(h) of float32');
    % one copy is 200e6 bytes; two would be 300e6 (a 100 MB single first)
    assert (grown < 250e6, 'double(h) of 25e6 float32 grew the peak by %.0f MB (want one 200 MB copy)', grown / 1e6);
    clear v h
  else
    disp ('test_convert: /proc/self/clear_refs not writable, peak not checked');
  end
unwind_protect_cleanup
  sa_cleanup (names);
end_unwind_protect
disp ('test_convert: ok');
