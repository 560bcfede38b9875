% test_indexing.m -- h(...) reads and h(...) = v writes against a native
% Octave array given the same operations, for C- and F-order arrays of
% several ranks, plus the order convention (C shows numpy's shape reversed,
% F as it is; read_numpy gives numpy's logical shape).
1;
addpath (getenv ('SA_OCTAVE_PATH'));
addpath (fileparts (mfilename ('fullpath')));

function check_reads (h, ref, label)
  % Every index form in `forms`, read from h and from ref, must agree in
  % value, shape and class.
  forms = {{':'}, {1}, {numel(ref)}, {[1 3 2]}, {[1 2; 3 1]}, {1:2:numel(ref)}, ...
           {logical(mod(1:numel(ref), 2))}, {':', 1}, {1, ':'}, {':', ':'}, ...
           {[1 1], ':'}, {':', ':', 1}, {1, 1, 1, 1}, {size(ref, 1), size(ref, 2)}};
  if (ndims (ref) >= 3)
    forms(end+1:end+4) = {{':', ':', ':'}, {2, ':', [2 1]}, {[1 2], 2, 2}, ...
                          {':', 1, size(ref, 3)}};
  end
  for k = 1:numel (forms)
    idx = forms{k};
    want = ref(idx{:});
    got = h(idx{:});
    assert (isequal (size (got), size (want)), '%s form %d: size %s, want %s', label, k, ...
            mat2str (size (got)), mat2str (size (want)));
    assert (isequal (got, want) && strcmp (class (got), class (want)), ...
            '%s form %d: values', label, k);
  end
  assert (isequal (h(), ref), '%s: h()', label);
  % 'end' inside the index, against the same expression on ref.
  assert (isequal (h(end), ref(end)), '%s: h(end)', label);
  assert (isequal (h(end, 1), ref(end, 1)), '%s: h(end,1)', label);
  assert (isequal (h(2:end), ref(2:end)), '%s: h(2:end)', label);
  assert (isequal (h(ref > 5), ref(ref > 5)), '%s: logical mask', label);
end

function ref = check_writes (h, ref, label)
  % The same assignments on h and on ref leave the same contents.
  n = numel (ref);
  writes = {{7, 1}, {-1, n}, {[10 20 30], [2 n 1]}, {5, ':', 1}, {0, 1, ':'}, ...
            {99, logical(mod(1:n, 3) == 0)}, {(1:n)*2, ':'}};
  if (ndims (ref) >= 3)
    writes(end+1:end+2) = {{-5, 2, ':', [2 1]}, ...
                           {reshape(1:8, 2, 2, 2), [1 2], [2 1], 1:2}};
  end
  for k = 1:numel (writes)
    w = writes{k};
    try, ref(w{2:end}) = w{1}; catch e, error('%s write %d: %s', label, k, e.message); end
    h(w{2:end}) = w{1};
    assert (isequal (h.read (), ref), '%s write %d', label, k);
  end
  h(end, end) = 123; ref(end, end) = 123;
  assert (isequal (h.read (), ref), '%s: write with end', label);
end

names = {};
unwind_protect
  % numpy shape -> Octave view, per order
  shapes = {[2 3 4], [3 4], [5], [2 3 2 2]};
  for s = 1:numel (shapes)
    shp = shapes{s};
    for order = 'CF'
      nm = sa_tname (sprintf ('idx%c%d', order, s));
      names{end+1} = nm;
      h = sharedarray_create (nm, shp, 'float64', order);
      if (order == 'C'), odims = fliplr (shp); else, odims = shp; end
      if (numel (odims) == 1), odims = [odims 1]; end
      assert (isequal (size (h), odims), 'order %c shape %s: size %s', order, ...
              mat2str (shp), mat2str (size (h)));
      assert (numel (h) == prod (shp) && ndims (h) == numel (odims));
      assert (strcmp (h.order (), order) && isequal (h.shape (), shp));
      % Fill in memory order: element k of the mapping holds k.
      h(:) = 1:prod (shp);
      ref = reshape (1:prod (shp), odims);
      assert (isequal (h.read (), ref) && isequal (double (h), ref));
      % numpy's logical shape: a C-order array read back with dims permuted.
      np = h.read_numpy ();
      if (order == 'C' && numel (shp) >= 2)
        assert (isequal (np, permute (ref, numel (shp):-1:1)));
      else
        assert (isequal (np, ref));
      end
      if (numel (shp) >= 2)
        assert (isequal (size (np), shp), 'read_numpy size %s', mat2str (size (np)));
      end
      label = sprintf ('%c %s', order, mat2str (shp));
      check_reads (h, ref, label);
      ref = check_writes (h, ref, label);
      % A second handle sees the writes of the first.
      h2 = sharedarray_attach (nm, true);
      assert (isequal (h2.read (), ref));
      clear h h2
    end
  end

  % numpy's a[i,j,k] is h(k,j,i) for C order and h(i,j,k) for F order.
  nm = sa_tname ('conv'); names{end+1} = nm;
  hc = sharedarray_create (nm, [2 3 4], 'int32', 'C');
  hc(:) = 0:23;        % numpy: a = arange(24).reshape(2,3,4)
  assert (hc(4, 3, 2) == 23 && hc(2, 1, 1) == 1 && hc(1, 2, 1) == 4 && hc(1, 1, 2) == 12);
  nm = sa_tname ('convf'); names{end+1} = nm;
  hf = sharedarray_create (nm, [2 3 4], 'int32', 'F');
  hf(:) = 0:23;        % numpy: a = arange(24).reshape(2,3,4, order='F')
  assert (hf(2, 1, 1) == 1 && hf(1, 2, 1) == 2 && hf(1, 1, 2) == 6);
  clear hc hf

  % 0-d: a 1x1 view; empty arrays: selections of nothing.
  nm = sa_tname ('zerod'); names{end+1} = nm;
  h = sharedarray_create (nm, [], 'int16');
  assert (isequal (size (h), [1 1]) && isempty (h.shape ()));
  h(1) = 300;
  assert (h() == 300 && h(1, 1) == 300 && isequal (h.read_numpy (), int16 (300)));
  clear h
  nm = sa_tname ('empty'); names{end+1} = nm;
  h = sharedarray_create (nm, [0 3], 'f8');
  assert (isequal (size (h), [3 0]) && numel (h) == 0);
  assert (isempty (h(:)) && isequal (size (h(:, :)), [3 0]));
  h(:) = [];                                   % assigning nothing is allowed
  h(:) = 5;                                    % broadcast to nothing
  clear h
unwind_protect_cleanup
  sa_cleanup (names);
end_unwind_protect
disp ('test_indexing: ok');
