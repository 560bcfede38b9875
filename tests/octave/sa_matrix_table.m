function sa_matrix_table (descrs)
  % SA_MATRIX_TABLE  The table-driven check of issue 13: every operation
  % below, on a handle h of every dtype the Octave module reads and both
  % orders (C and F), 2-D and 3-D, against the same operation on the copy
  % M = h(:,:,...). Each row must give an equal result of the same class
  % (isequaln and strcmp (class ...)), or, where the matrix errors, an error
  % too, or, where the table says so, the sharedarray:unsupported error.
  % Run in child octave-cli processes by test_matrix.m, for a few dtypes
  % (descrs) each. Prints 'table: ok' and a count.
  shapes = {[3 4], [2 3 4]};
  ops = sa_matrix_ops ();
  nchecked = 0;
  names = {};
  unwind_protect
    for d = 1:numel (descrs)
      for s = 1:numel (shapes)
        for order = 'CF'
          nm = sa_tname ('tbl'); names{end+1} = nm;
          h = sharedarray_create (nm, shapes{s}, descrs{d}, order);
          fill (h, descrs{d});
          M = h(:,:,:);
          what = sprintf ('%s %s %s', descrs{d}, mat2str (shapes{s}), order);
          assert (strcmp (class (M), class (h)), '%s: class', what);
          for k = 1:rows (ops)
            check_op (what, ops{k, 1}, ops{k, 2}, ops{k, 3}, h, M);
            nchecked++;
          end
          check_writes (what, h, descrs{d});
          clear h
          sharedarray_delete (nm);
        end
      end
    end
  unwind_protect_cleanup
    sa_cleanup (names);
  end_unwind_protect
  printf ('table: ok (%d checks)\n', nchecked);
end

function fill (h, descr)
  n = numel (h);
  v = mod ((1:n) * 7, 11) - 2;           % zeros, negatives, values > 5
  switch (descr(2))
    case 'b', h(:) = v > 3;
    case 'u', h(:) = abs (v);
    case 'c', h(:) = complex (v, mod (1:n, 3) - 1);
    otherwise, h(:) = v;
  end
end

% label, function, expectation: 'same' (equal result of the same class, or
% an error from both) or 'unsupported' (h raises sharedarray:unsupported).
function check_op (what, label, fn, expect, h, M)
  [rM, eM] = run1 (fn, M);
  [rh, eh] = run1 (fn, h);
  switch (expect)
    case 'same'
      if (! isempty (eM))
        assert (! isempty (eh), '%s: %s: the matrix errors (%s) but the handle gave a result', ...
                what, label, msg (eM));
        return;
      end
      assert (isempty (eh), '%s: %s: the handle errors: %s', what, label, msg (eh));
      assert (strcmp (class (rh), class (rM)), '%s: %s: class %s, the matrix gives %s', ...
              what, label, class (rh), class (rM));
      assert (isequaln (rh, rM) && isequal (size (rh), size (rM)) ...
              && (! isnumeric (rM) || iscomplex (rh) == iscomplex (rM)), ...
              '%s: %s: the handle gives a different result', what, label);
    case 'unsupported'
      assert (! isempty (eh) && strcmp (eh.identifier, 'sharedarray:unsupported'), ...
              '%s: %s: expected sharedarray:unsupported, got %s', what, label, msg (eh));
      assert (! isempty (regexp (eh.message, 'h\(:,:\)|h\.read\(\)', 'once')), ...
              '%s: %s: the message suggests no copy: %s', what, label, eh.message);
  end
end

function m = msg (e)
  if (isempty (e))
    m = '(no error)';
  else
    m = sprintf ('%s (%s)', e.message, e.identifier);
  end
end

function [r, e] = run1 (fn, x)
  r = []; e = [];
  try
    r = fn (x);
  catch err
    e = err;
  end
end

% Writes go to the shared memory and keep h a handle; what would replace
% or resize a matrix is refused.
function check_writes (what, h, descr)
  M = h(:,:,:);
  if (descr(2) == 'b')
    v = true;
  else
    v = 7;
  end
  h(2, 3) = v; M(2, 3) = v;
  assert (isequal (h(:,:,:), M) && strcmp (class (h(:,:,:)), class (M)), '%s: h(2,3) = v', what);
  h(h(:,:,:) == v) = v; M(M == v) = v;
  assert (isequal (h(:,:,:), M), '%s: h(mask) = v', what);
  g = h; g(1) = v; M(1) = v;              % a copy is the same handle
  assert (isequal (h(:,:,:), M), '%s: g = h; g(1) = v writes h', what);
  assert (! isnumeric (struct ()) && isnumeric (h) == isnumeric (M), '%s: still a handle', what);
  assert (strcmp (sa_kind (h), 'handle'), '%s: h is still a handle after writes', what);
  refuse = {@() sa_assign (h, [], 1), @() sa_assign (h, v, numel (h) + 1), ...
            @() sa_assign (h, v, size (h, 1) + 1, 1)};
  if (descr(2) != 'c')
    refuse{end+1} = @() sa_assign (h, 1 + 2i, 1);    % a matrix would turn complex
  end
  for k = 1:numel (refuse)
    sa_expect_error (refuse{k}, 'sharedarray:unsupported', 'h\(:,:\)');
  end
  assert (isequal (h(:,:,:), M), '%s: a refused write changed nothing', what);
end

function k = sa_kind (x)
  % 'handle' for a SharedArray handle (it has methods), else 'value'.
  try
    x.name ();
    k = 'handle';
  catch
    k = 'value';
  end
end
