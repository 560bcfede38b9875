function idx = octave_subs (n, shape, order)
  % OCTAVE_SUBS  Octave subscripts (a cell, for x(idx{:})) of element n
  % (0-based, numpy C order) of an array of that shape stored in order 'C'
  % or 'F'. Shared by the cross-language agents xlang_octave.m and
  % behave_octave.m.
  nd = numel (shape);
  if (nd == 0)
    idx = {1};
    return;
  end
  sub = zeros (1, nd);
  for d = nd:-1:1
    sub(d) = mod (n, shape(d));
    n = floor (n / shape(d));
  end
  if (order == 'C')
    sub = fliplr (sub);
  end
  idx = num2cell (sub + 1);
end
