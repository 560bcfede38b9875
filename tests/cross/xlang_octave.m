% xlang_octave.m -- the Octave writer and reader of the conformance matrix
% (run by tests/cross/xlang.py, which describes the spec and report formats).
%
%   octave-cli xlang_octave.m write SPEC OUT
%       create every array with sharedarray_create and set each element
%       through the documented index mapping: numpy's a[i,j,k] is
%       h(k+1,j+1,i+1) for a C-order array and h(i+1,j+1,k+1) for F order.
%   octave-cli xlang_octave.m read SPEC OUT
%       attach each array read-only and report, in logical C order, both
%       what h(...) gives through that mapping ("values") and what
%       h.read_numpy() gives ("values_np"), plus size(h) ("octave_size").
%
% A failure on one array is reported and the others still run; the exit
% status is 1 if any failed. Needs SA_OCTAVE_PATH (the module folder).
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));  % octave_subs.m

function write_one (t)
  name = t{1}; descr = t{2}; order = t{3}; nd = str2double (t{4});
  shape = str2double (t(5:4+nd));
  if (nd == 0)
    shape = [];
  end
  h = sharedarray_create (name, shape, descr, order);
  kind = descr(2); pos = 5 + nd;
  for n = 0:prod (shape) - 1
    switch (kind)
      case 'b'
        v = strcmp (t{pos}, '1');
      case 'c'
        v = complex (str2double (t{pos}), str2double (t{pos+1}));
        pos = pos + 1;
      otherwise
        v = str2double (t{pos});    % exact: the spec keeps |ints| <= 2^53
    end
    pos = pos + 1;
    s = octave_subs (n, shape, order);
    h(s{:}) = v;
  end
end

function s = json_values (x)
  % x: a vector in logical C order.
  x = x(:).';
  if (islogical (x))
    c = {'false', 'true'};
    s = strjoin (c(x + 1), ', ');
  elseif (isinteger (x))
    s = strjoin (arrayfun (@(v) sprintf ('%d', v), x, 'UniformOutput', false), ', ');
  elseif (iscomplex (x))
    s = strjoin (arrayfun (@(v) ['[' json_float(real (v)) ', ' json_float(imag (v)) ']'], ...
                           x, 'UniformOutput', false), ', ');
  else
    s = strjoin (arrayfun (@json_float, x, 'UniformOutput', false), ', ');
  end
end

function s = json_float (v)
  s = sprintf ('%.17g', double (v));
  if (! any (ismember ('.en', s)))
    s = [s '.0'];
  end
end

function r = read_one (name)
  h = sharedarray_attach (name, true);
  shape = h.shape ();
  order = h.order ();
  n = prod (shape);
  % Element by element through the documented mapping.
  first = h(octave_subs (0, shape, order){:});
  vals = repmat (first, 1, n);
  for k = 1:n - 1
    s = octave_subs (k, shape, order);
    vals(k + 1) = h(s{:});
  end
  % The copying helper: an Octave array of numpy's logical shape.
  x = h.read_numpy ();
  if (numel (shape) >= 2)
    x = permute (x, numel (shape):-1:1);   % column-major of the reversal = C order
  end
  dims = strjoin (arrayfun (@(d) sprintf ('%d', d), shape, 'UniformOutput', false), ', ');
  osz = strjoin (arrayfun (@(d) sprintf ('%d', d), size (h), 'UniformOutput', false), ', ');
  r = sprintf (['{"name": "%s", "descr": "%s", "order": "%s", "shape": [%s], ' ...
                '"octave_size": [%s], "values": [%s], "values_np": [%s]}'], ...
               name, h.dtype (), order, dims, osz, json_values (vals), json_values (x));
end

args = argv ();
role = args{end-2}; spec = args{end-1}; out = args{end};
lines = strsplit (fileread (spec), "\n");
bad = 0;
records = {};
for i = 1:numel (lines)
  t = strsplit (strtrim (lines{i}), ' ');
  if (isempty (t{1}))
    continue;
  end
  try
    if (strcmp (role, 'write'))
      write_one (t);
    else
      records{end+1} = read_one (t{1});
    end
  catch err
    bad = bad + 1;
    msg = strrep (strrep (err.message, '\', '\\'), '"', '\"');
    if (strcmp (role, 'write'))
      printf ('xlang_octave write %s: %s\n', t{1}, err.message);
    else
      records{end+1} = sprintf ('{"name": "%s", "error": "%s"}', t{1}, msg);
    end
  end
end
if (strcmp (role, 'read'))
  f = fopen (out, 'w');
  fprintf (f, '{"arrays": [%s]}\n', strjoin (records, sprintf (',\n')));
  fclose (f);
end
exit (bad > 0);
