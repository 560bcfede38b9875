% behave_octave.m -- the Octave agent of the behaviour table (run by
% tests/cross/behave.py, which describes the protocol): one command per line
% on stdin, one reply per line on stdout ("ok ..." or "err CODE MESSAGE").
%   read      h(...) at each element through the documented mapping (numpy's
%             a[i,j,k] is h(k+1,j+1,i+1) in C order, h(i+1,j+1,k+1) in F)
%   flat      h(:) (memory order)       setflat  h(k) = v (linear index)
%   set       h(subs{:}) = v            setlast  h(end) = v
%   fill      h(:) = [v1 v2 ...]
% Writes follow Octave's conversions (integers round and saturate).
% Needs SA_OCTAVE_PATH (the module folder).
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));  % octave_subs.m

function s = tok (v)
  if (islogical (v))
    s = sprintf ('%d', v);
  elseif (isinteger (v))
    s = sprintf ('%d', v);
  elseif (iscomplex (v) || strcmp (class (v), 'complex'))
    s = sprintf ('%.17g,%.17g', double (real (v)), double (imag (v)));
  else
    s = sprintf ('%.17g', double (v));
  end
end

function s = toks (h, x)
  % x: the values, already in the order to report
  c = cell (1, numel (x));
  cplx = h.dtype ()(2) == 'c';
  for k = 1:numel (x)
    if (cplx)
      c{k} = sprintf ('%.17g,%.17g', double (real (x(k))), double (imag (x(k))));
    else
      c{k} = tok (x(k));
    end
  end
  s = strjoin (c, ' ');
end

function v = parse (h, s)
  switch (h.dtype ()(2))
    case 'b'
      v = strcmp (s, '1');
    case 'c'
      p = strsplit (s, ',');
      v = complex (str2double (p{1}), str2double (p{2}));
    otherwise
      v = str2double (s);
  end
end

function r = describe (h, vals)
  shape = h.shape ();
  dims = strjoin (arrayfun (@(d) sprintf ('%d', d), shape, 'UniformOutput', false), ' ');
  r = sprintf ('ok %s %s %d %s %s', h.dtype (), h.order (), numel (shape), dims, toks (h, vals));
end

function code = code_of (err)
  switch (err.identifier)
    case 'sharedarray:notfound', code = 'notfound';
    case 'sharedarray:exists', code = 'exists';
    case 'sharedarray:readonly', code = 'readonly';
    case 'sharedarray:owner', code = 'owner';
    otherwise, code = 'other';
  end
end

slots = struct ();
while (true)
  try
    % input() reads one line as it arrives (fgetl (stdin) waits for a full
    % buffer on a pipe); needs --no-line-editing.
    line = input ('', 's');
  catch
    break;                      % end of input
  end
  t = strsplit (strtrim (line), ' ');
  if (isempty (t{1}))
    continue;
  end
  if (strcmp (t{1}, 'quit'))
    break;
  end
  reply = 'ok';
  try
    switch (t{1})
      case 'create'            % SLOT NAME DESCR ORDER NDIM D...
        nd = str2double (t{6});
        shape = str2double (t(7:6+nd));
        if (nd == 0)
          shape = [];
        end
        slots.(t{2}) = sharedarray_create (t{3}, shape, t{4}, t{5});
      case 'attach'            % SLOT NAME ro|rw [OWNER_UID]
        if (numel (t) > 4)
          slots.(t{2}) = sharedarray_attach (t{3}, 'ro', strcmp (t{4}, 'ro'), ...
                                             'owner', str2double (t{5}));
        else
          slots.(t{2}) = sharedarray_attach (t{3}, strcmp (t{4}, 'ro'));
        end
      case 'read'
        h = slots.(t{2});
        shape = h.shape ();
        n = prod (shape);
        if (n == 0)
          vals = [];
        else
          first = h(octave_subs (0, shape, h.order ()){:});
          vals = repmat (first, 1, n);
          for k = 1:n - 1
            s = octave_subs (k, shape, h.order ());
            vals(k + 1) = h(s{:});
          end
        end
        reply = describe (h, vals);
      case 'flat'
        h = slots.(t{2});
        reply = ['ok ' toks(h, h(:))];
      case 'set'               % SLOT N V
        h = slots.(t{2});
        s = octave_subs (str2double (t{3}), h.shape (), h.order ());
        h(s{:}) = parse (h, t{4});
      case 'setflat'           % SLOT K V
        h = slots.(t{2});
        h(str2double (t{3}) + 1) = parse (h, t{4});
      case 'setlast'           % SLOT V
        h = slots.(t{2});
        h(end) = parse (h, t{3});
      case 'fill'              % SLOT V...
        h = slots.(t{2});
        v = cellfun (@(s) parse (h, s), t(3:end));
        h(:) = v;
      case 'msync'
        h = slots.(t{2});
        h.msync ();
      case 'close'
        h = slots.(t{2});
        h.close ();
        slots = rmfield (slots, t{2});
      case 'delete'
        sharedarray_delete (t{2});
      otherwise
        error ('behave:usage', 'unknown command %s', t{1});
    end
  catch err
    reply = sprintf ('err %s %s: %s', code_of (err), err.identifier, ...
                     strrep (err.message, "\n", ' '));
  end
  clear h;
  printf ('%s\n', reply);
  fflush (stdout);
end
