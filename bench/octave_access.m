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
tic; for i = 1:n, v = h(i); end; th = toc / n;
tic; for i = 1:n, v = m(i); end; tn = toc / n;
row ('v = x(i)          (scalar read)', th, tn, 'us', 1e6);
tic; for i = 1:n, h(i) = i; end; th = toc / n;
tic; for i = 1:n, m(i) = i; end; tn = toc / n;
row ('x(i) = v          (scalar write)', th, tn, 'us', 1e6);
n = 2000;
tic; for i = 1:n, v = h(:, mod (i, 1000) + 1); end; th = toc / n;
tic; for i = 1:n, v = m(:, mod (i, 1000) + 1); end; tn = toc / n;
row ('v = x(:,j)        (1000 contiguous)', th, tn, 'us', 1e6);
tic; for i = 1:n, v = h(mod (i, 1000) + 1, :); end; th = toc / n;
tic; for i = 1:n, v = m(mod (i, 1000) + 1, :); end; tn = toc / n;
row ('v = x(i,:)        (1000 strided)', th, tn, 'us', 1e6);
n = 20;
tic; for i = 1:n, v = double (h); end; th = toc / n;
tic; for i = 1:n, v = double (m); v(1) = i; end; tn = toc / n;
row ('v = double(x)     (8 MB full copy)', th, tn, 'ms', 1e3);
tic; for i = 1:n, h(:) = m; end; th = toc / n;
tic; for i = 1:n, v = m; v(1) = i; end; tn = toc / n;   % copy-on-write copy
row ('x(:) = m          (8 MB full write)', th, tn, 'ms', 1e3);
printf (['Native full copies are forced by a write (copy-on-write). Handle reads ' ...
         'always copy: stock Octave arrays cannot alias the mapping.\n']);
clear h
