function ops = sa_matrix_ops ()
  % SA_MATRIX_OPS  The operations of issue 13's table, as rows
  % {label, @(x) ..., expectation} (see sa_matrix_table.m). x is the handle
  % h or its copy M; results must agree.
  s = 'same';
  ops = {
    'any',            @(x) any (x),                     s;
    'all',            @(x) all (x),                     s;
    'any(:)',         @(x) any (x(:)),                  s;
    'if x',           @(x) if_true (x),                 s;
    'if ~x',          @(x) if_true (! x),               s;
    'while x',        @(x) while_true (x),              s;
    'isequal(x,M)',   @(x) isequal (x, x(:,:,:)),       s;
    'isequal(M,x)',   @(x) isequal (x(:,:,:), x),       s;
    'isequal(x,x+1)', @(x) isequal (x, x + 1),          s;
    'x+1',            @(x) x + 1,                       s;
    '1+x',            @(x) 1 + x,                       s;
    'x*2',            @(x) x * 2,                       s;
    '2*x',            @(x) 2 * x,                       s;
    'x-x',            @(x) x - x,                       s;
    'x/2',            @(x) x / 2,                       s;
    '-x',             @(x) -x,                          s;
    '+x',             @(x) +x,                          s;
    '!x',             @(x) ! x,                         s;
    'x''',            @(x) x',                          s;
    'x.''',           @(x) x.',                         s;
    'x.^2',           @(x) x .^ 2,                      s;
    'x.*M',           @(x) x .* x(:,:,:),               s;
    'M.*x',           @(x) x(:,:,:) .* x,               s;
    'x*x''',          @(x) x * x',                      s;
    'x>5',            @(x) x > 5,                       s;
    'x<=1',           @(x) x <= 1,                      s;
    'x==M',           @(x) x == x(:,:,:),               s;
    'x~=0',           @(x) x != 0,                      s;
    'x&1',            @(x) x & 1,                       s;
    'x|0',            @(x) x | 0,                       s;
    'x(x>5)',         @(x) x(x > 5),                    s;
    'find(x>5)',      @(x) find (x > 5),                s;
    'find(x)',        @(x) find (x),                    s;
    '[r,c]=find',     @(x) find2 (x),                   s;
    'sum',            @(x) sum (x),                     s;
    'sum(x,2)',       @(x) sum (x, 2),                  s;
    'sum(x(:))',      @(x) sum (x(:)),                  s;
    'mean',           @(x) mean (x),                    s;
    'mean(x(:))',     @(x) mean (x(:)),                 s;
    'max',            @(x) max (x),                     s;
    'max(x,[],2)',    @(x) max (x, [], 2),              s;
    '[m,i]=max',      @(x) max2 (x),                    s;
    'min',            @(x) min (x),                     s;
    'min(x,3)',       @(x) min (x, 3),                  s;
    'cumsum',         @(x) cumsum (x),                  s;
    'prod',           @(x) prod (x),                    s;
    'norm',           @(x) norm (x),                    s;
    'norm(x(:),1)',   @(x) norm (x(:), 1),              s;
    'nnz',            @(x) nnz (x),                     s;
    'reshape',        @(x) reshape (x, [], 2),          s;
    'reshape(n,1)',   @(x) reshape (x, numel (x), 1),   s;
    'permute',        @(x) permute (x, ndims (x):-1:1), s;
    'squeeze',        @(x) squeeze (x),                 s;
    'sort',           @(x) sort (x),                    s;
    'abs',            @(x) abs (x),                     s;
    'sqrt',           @(x) sqrt (x),                    s;
    'round',          @(x) round (x),                   s;
    'floor',          @(x) floor (x),                   s;
    'isnan',          @(x) isnan (x),                   s;
    'isinf',          @(x) isinf (x),                   s;
    'real',           @(x) real (x),                    s;
    'imag',           @(x) imag (x),                    s;
    'conj',           @(x) conj (x),                    s;
    'exp',            @(x) exp (x),                     s;
    'double',         @(x) double (x),                  s;
    'single',         @(x) single (x),                  s;
    'int8',           @(x) int8 (x),                    s;
    'int32',          @(x) int32 (x),                   s;
    'int64',          @(x) int64 (x),                   s;
    'uint8',          @(x) uint8 (x),                   s;
    'uint16',         @(x) uint16 (x),                  s;
    'logical',        @(x) logical (x),                 s;
    'logical copy',   @(x) logical_copy (x),            s;
    'isnumeric',      @(x) isnumeric (x),               s;
    'isreal',         @(x) isreal (x),                  s;
    'iscomplex',      @(x) iscomplex (x),               s;
    'islogical',      @(x) islogical (x),               s;
    'isfloat',        @(x) isfloat (x),                 s;
    'isinteger',      @(x) isinteger (x),               s;
    'isa single',     @(x) isa (x, 'single'),           s;
    'isa double',     @(x) isa (x, 'double'),           s;
    'isa float',      @(x) isa (x, 'float'),            s;
    'isa numeric',    @(x) isa (x, 'numeric'),          s;
    'isa integer',    @(x) isa (x, 'integer'),          s;
    'class',          @(x) class (x),                   s;
    'size',           @(x) size (x),                    s;
    'numel',          @(x) numel (x),                   s;
    'ndims',          @(x) ndims (x),                   s;
    'isempty',        @(x) isempty (x),                 s;
    'isvector',       @(x) isvector (x),                s;
    'isscalar',       @(x) isscalar (x),                s;
    'ismatrix',       @(x) ismatrix (x),                s;
    'validateattr',   @(x) validate (x),                s;
    'x(:)',           @(x) x(:),                        s;
    'x(end)',         @(x) x(end),                      s;
    'x(2,:)',         @(x) x(2,:),                      s;
    'x(:,end)',       @(x) x(:,end),                    s;
    '[x x]',          @(x) [x x],                       s;
    '[x; 1]',         @(x) [x(:); 1],                   s;
    'cat(3,x,x)',     @(x) cat (3, x, x),               s;
    'repmat',         @(x) repmat (x, 2, 1),            s;
    'M(1:n)=x',       @(x) into_matrix (x),             s;
    'disp',           @(x) evalc ('disp (x)'),          s;
    'display',        @(x) display_values (x),          s;
    'for v = x',      @(x) for_cols (x),                s;
    'fprintf %g',     @(x) evalc ('fprintf (''%g\n'', x)'), s;
    'sprintf %d',     @(x) sprintf ('%d,', x),          s;
    'num2str',        @(x) num2str (x),                 s;
    'mat2str',        @(x) mat2str (x),                 s;
    'arrayfun',       @(x) arrayfun (@(e) e, x),        s;
    'x(1){1}',        @(x) x{1},                        s;
    'unique',         @(x) unique (x),                  s;
    'diff',           @(x) diff (x),                    s;
    'accumarray idx', @(x) x(logical (mod (1:numel (x), 2))), s;
    'M(x>0)',         @(x) index_by (x),                s;
  };
end

function t = if_true (x)
  t = false;
  if (x)
    t = true;
  end
end

function t = while_true (x)
  t = false;
  while (x)
    t = true;
    break;
  end
end

function r = find2 (x)
  [i, j, v] = find (x);
  r = {i, j, v};
end

function r = max2 (x)
  [m, i] = max (x);
  r = {m, i};
end

function r = logical_copy (x)
  r = logical (x);
  r = r(:,:,:);          % the result as a value (logical of a logical is itself)
end

function ok = validate (x)
  validateattributes (x, {'numeric', 'logical'}, {'nonempty'});
  ok = true;
end

function r = into_matrix (x)
  r = zeros (size (x), class (x(1)));
  r(1:numel (x)) = x;
end

function r = index_by (x)
  y = 1:numel (x);
  r = y(x(:) > 0);
end

% What typing x shows after its name tag and header: the values as disp.
function r = display_values (x)
  r = evalc ('display (x)');
  k = strfind (r, 'SharedArray ''');
  if (! isempty (k))                      % the handle: drop "x =", the header
    nl = find (r == "\n");
    r = r(nl(find (nl > k, 1)) + 2:end);  % after the header line and a blank
  else
    r = r(find (r == "\n", 1) + 2:end);   % after "x =" and a blank
  end
end

function r = for_cols (x)
  r = {};
  for v = x
    r{end+1} = v;
  end
end
