% octave_access.m -- what element and whole-array access cost through the
% Octave handle, next to the same operations on a native Octave matrix.
% Prints a table; asserts nothing.
%
%   SA_OCTAVE_PATH=<build>/bindings/octave/sharedarray \
%     octave-cli --no-gui --norc --no-history --quiet bench/octave_access.m
%
% (or <prefix>/share/sharedarray/octave for an installed module)
1;
d = getenv ('SA_OCTAVE_PATH');
if (isempty (d))
  d = fullfile (fileparts (mfilename ('fullpath')), '..', 'build', 'bindings', ...
                'octave', 'sharedarray');
end
addpath (d);

function fid = fputs_ok (fid)
  fputs (fid, '5');                                 % 5: reset the peak RSS
end
name = sprintf ('sa_bench_oct_%d', getpid ());
sz = [1000 1000];                                % 8 MB of float64
h = sharedarray_create (name, sz, 'float64');
sharedarray_delete (name);                       % the mapping stays valid
h(:) = 1:prod (sz);
m = reshape (1:prod (sz), sz);

printf ('SharedArray Octave handle vs native matrix (%dx%d float64, %s)\n', ...
        sz(1), sz(2), version ());
printf ('%-34s %12s %12s %8s\n', 'operation', 'handle', 'native', 'ratio');
row = @(label, th, tn, unit, scale) printf ('%-34s %9.2f %-2s %9.3f %-2s %7.1fx\n', ...
                                           label, th * scale, unit, tn * scale, unit, th / tn);

n = 20000;
% every row: the best of 5 rounds, each side in turn (the VM is noisy)
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, v = h(i); end; th = min (th, toc / n);
  tic; for i = 1:n, v = m(i); end; tn = min (tn, toc / n);
end
row ('v = x(i)          (scalar read)', th, tn, 'us', 1e6);
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, v = h(mod (i, 1000) + 1, 7); end; th = min (th, toc / n);
  tic; for i = 1:n, v = m(mod (i, 1000) + 1, 7); end; tn = min (tn, toc / n);
end
row ('v = x(i,j)        (scalar read)', th, tn, 'us', 1e6);
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, h(i) = i; end; th = min (th, toc / n);
  tic; for i = 1:n, m(i) = i; end; tn = min (tn, toc / n);
end
row ('x(i) = v          (scalar write)', th, tn, 'us', 1e6);
n = 2000;
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, v = h(:, mod (i, 1000) + 1); end; th = min (th, toc / n);
  tic; for i = 1:n, v = m(:, mod (i, 1000) + 1); end; tn = min (tn, toc / n);
end
row ('v = x(:,j)        (1000 contiguous)', th, tn, 'us', 1e6);
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, v = h(mod (i, 1000) + 1, :); end; th = min (th, toc / n);
  tic; for i = 1:n, v = m(mod (i, 1000) + 1, :); end; tn = min (tn, toc / n);
end
row ('v = x(i,:)        (1000 strided)', th, tn, 'us', 1e6);
n = 20;
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, v = double (h); end; th = min (th, toc / n);
  tic; for i = 1:n, v = double (m); v(1) = i; end; tn = min (tn, toc / n);
end
row ('v = double(x)     (8 MB full copy)', th, tn, 'ms', 1e3);
% the native side: a copy-on-write copy
th = Inf; tn = Inf;
for r = 1:5
  tic; for i = 1:n, h(:) = m; end; th = min (th, toc / n);
  tic; for i = 1:n, v = m; v(1) = i; end; tn = min (tn, toc / n);
end
row ('x(:) = m          (8 MB full write)', th, tn, 'ms', 1e3);
% Memory peak of a full converting copy, against the same conversion of
% a native matrix: VmHWM growth, the peak reset through
% /proc/self/clear_refs (Linux), for 25 M float32 (100 MB) to double and
% a 2500x5000 C-order float64 (100 MB) through read_numpy.
if (exist ('/proc/self/clear_refs', 'file'))
  hwm = @() sscanf (regexp (fileread ('/proc/self/status'), 'VmHWM:\s*\d+', ...
                            'match', 'once')(7:end), '%d') / 1024;
  reset = @() fclose (fputs_ok (fopen ('/proc/self/clear_refs', 'w')));
  clear v
  nf = sprintf ('%s_f4', name);
  hf = sharedarray_create (nf, 25e6, 'float32');
  sharedarray_delete (nf);
  hf(:) = 1.5;
  mf = ones (25e6, 1, 'single');
  reset (); p0 = hwm (); v = double (hf); ph = hwm () - p0; clear v
  reset (); p0 = hwm (); v = double (mf); pn = hwm () - p0; clear v mf
  row ('peak double(x) of float32 (100 MB)', ph, pn, 'MB', 1);
  clear hf
  nn = sprintf ('%s_np', name);
  hn = sharedarray_create (nn, [2500 5000], 'float64');   % Octave view 5000x2500
  sharedarray_delete (nn);
  hn(:) = 1.5;
  mn = ones (5000, 2500);
  reset (); p0 = hwm (); v = hn.read_numpy (); ph = hwm () - p0; clear v
  reset (); p0 = hwm (); v = permute (mn, [2 1]); pn = hwm () - p0; clear v mn
  row ('peak read_numpy() (100 MB, C order)', ph, pn, 'MB', 1);
  clear hn
end
printf (['Native full copies are forced by a write (copy-on-write). Handle reads ' ...
         'always copy: stock Octave arrays cannot alias the mapping.\n']);
clear h
