function sa_expect_error (fn, id, pattern)
  % SA_EXPECT_ERROR  Assert that fn() raises an error with identifier id
  % (and, if given, a message matching the regexp pattern).
  try
    fn ();
  catch err
    assert (strcmp (err.identifier, id), ...
            'expected error id "%s", got "%s": %s', id, err.identifier, err.message);
    if (nargin > 2)
      assert (! isempty (regexp (err.message, pattern, 'once')), ...
              'error message "%s" does not match "%s"', err.message, pattern);
    end
    return;
  end
  error ('expected an error "%s" from %s, but none was raised', id, func2str (fn));
end
