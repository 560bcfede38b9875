function sa_cleanup (names)
  % SA_CLEANUP  Delete the named arrays that still exist (test teardown).
  for k = 1:numel (names)
    if (exist (['/dev/shm/' names{k}], 'file'))
      try
        sharedarray_delete (names{k});
      catch err
        warning ('cleanup of %s failed: %s', names{k}, err.message);
      end
    end
  end
end
