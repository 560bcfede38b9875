% interop_octave.m -- the Octave side of interop.py (run by it, not alone):
%   octave-cli interop_octave.m python_to_octave PREFIX
%       numpy created PREFIX_c, _f, _be, _h, _z, _b: check what Octave sees
%       (order convention, dtypes) and write known values for numpy to check.
%   octave-cli interop_octave.m octave_to_python PREFIX
%       create PREFIX_c, _f, _be, _h, _z, _b for numpy and Lua to check.
%   octave-cli interop_octave.m check_python_write PREFIX
%       numpy wrote into PREFIX_c and PREFIX_f: check Octave sees it.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
args = argv ();
mode = args{end-1};
p = args{end};

switch (mode)
  case 'python_to_octave'
    % numpy: a = arange(24, dtype=f8).reshape(2,3,4) (C order)
    h = sharedarray_attach ([p '_c']);
    assert (isequal (size (h), [4 3 2]), 'C order shows numpy''s shape reversed');
    assert (isequal (h.shape (), [2 3 4]) && strcmp (h.order (), 'C'));
    assert (isequal (h(:)', 0:23));
    assert (h(4, 3, 2) == 23 && h(2, 1, 1) == 1 && h(1, 2, 1) == 4 && h(1, 1, 2) == 12);
    np = h.read_numpy ();
    assert (isequal (size (np), [2 3 4]) && np(2, 1, 1) == 12 && np(1, 2, 1) == 4);
    h(1, 2, 2) = -7;                   % numpy a[1,1,0]
    h(end) = 100;                      % numpy a[1,2,3]
    % numpy: arange(12, dtype=i4).reshape(3,4, order='F'), a[i,j] = i + 3j
    f = sharedarray_attach ([p '_f']);
    assert (isequal (size (f), [3 4]) && strcmp (f.classname (), 'int32'));
    assert (f(2, 3) == 7 && f(3, 4) == 11);
    f(3, 4) = -1;                      % numpy a[2,3]
    f(1, :) = 2e10;                    % saturates: numpy a[0,:] = 2147483647
    % numpy: array([1, -2, 300, 4, 5], dtype='>i2')
    b = sharedarray_attach ([p '_be']);
    assert (strcmp (b.dtype (), '>i2') && isequal (b(:)', int16 ([1 -2 300 4 5])));
    b(2) = -300;
    % numpy: array([[0.5, 1/3], [65504, -2]], dtype=float16)
    e = sharedarray_attach ([p '_h']);
    assert (strcmp (class (e(1)), 'single'));
    assert (isequal (e.read_numpy (), single ([0.5 0.333251953125; 65504 -2])));
    e(1, 1) = 0.1;                     % numpy a[0,0] = float16(0.1)
    % numpy: array([1+2j, -3j, 4], dtype=complex64)
    z = sharedarray_attach ([p '_z']);
    assert (isequal (z(:).', single ([1+2i, -3i, 4])));
    z(2) = 3 - 4i;
    % numpy: array([True, False, True, True])
    l = sharedarray_attach ([p '_b']);
    assert (isequal (l(:)', [true false true true]) && islogical (l(1)));
    l(1) = false;
  case 'octave_to_python'
    h = sharedarray_create ([p '_c'], [2 3], 'int32');
    h(:) = 1:6;                        % numpy [[1,2,3],[4,5,6]]
    assert (isequal (h(:, 1)', int32 ([1 2 3])));
    f = sharedarray_create ([p '_f'], [2 3], 'double', 'F');
    f(:) = 1:6;                        % numpy [[1,3,5],[2,4,6]]
    f(2, 3) = 60;                      % numpy a[1,2]
    b = sharedarray_create ([p '_be'], 3, '>u2');
    b(:) = [1 258 65535];
    e = sharedarray_create ([p '_h'], 2, 'float16');
    e(:) = [0.5 -1];
    z = sharedarray_create ([p '_z'], 2, 'complex128');
    z(:) = [1+2i, -1i];
    l = sharedarray_create ([p '_b'], 3, 'logical');
    l(:) = [true false true];
  case 'check_python_write'
    h = sharedarray_attach ([p '_c'], true);
    assert (h(3, 2) == 99, 'numpy''s a[1,2] = 99 is h(3,2) in Octave');
    f = sharedarray_attach ([p '_f'], true);
    assert (f(1, 2) == -5, 'numpy''s a[0,1] = -5 is f(1,2) in Octave');
  otherwise
    error ('interop_octave: unknown mode %s', mode);
end
printf ('interop_octave %s: ok\n', mode);
