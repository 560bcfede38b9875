function s = sharedarray_list (where)
  % SHAREDARRAY_LIST  List the shared arrays.
  %
  %   s = sharedarray_list ()
  %   s = sharedarray_list ('file://DIR')
  %
  % Same meaning as Python's SharedArray.list(): the valid arrays in
  % /dev/shm, or the .npy files of DIR. Returns an N-by-1 struct array with
  % the fields of sharedarray_info (name, shape, dtype, order, class,
  % nbytes, size, mode, uid, has_sync, generation, creator_pid,
  % creator_alive, created, created_ns, holders, holders_incomplete,
  % stale; the holders and stale of every record come from one pass over
  % /proc). Entries that are not arrays are skipped.
  %
  % See also: sharedarray_info, sharedarray_create, sharedarray_attach.
  sharedarray_load ();
  if (nargin < 1)
    where = [];
  end
  s = __sharedarray_list__ (where);
end
