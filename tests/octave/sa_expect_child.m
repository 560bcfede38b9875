function out = sa_expect_child (what, code, varargin)
  % SA_EXPECT_CHILD  Run code in a child octave-cli (sa_child) and assert
  % that it exits cleanly (status 0: no signal, no uncaught error) and that
  % its output matches each regexp in varargin. what names the case.
  [status, out] = sa_child (code);
  assert (status == 0, '%s: the child exited with status %d%s:\n%s', what, status, ...
          ifelse_signal (status), out);
  for k = 1:numel (varargin)
    assert (! isempty (regexp (out, varargin{k}, 'once')), ...
            '%s: the child''s output does not match "%s":\n%s', what, varargin{k}, out);
  end
end

function s = ifelse_signal (status)
  s = '';
  if (status > 128 && status < 160)
    s = sprintf (' (killed by signal %d)', status - 128);
  elseif (status == 124)
    s = ' (timed out)';
  end
end
