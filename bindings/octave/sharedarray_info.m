function s = sharedarray_info (name)
  % SHAREDARRAY_INFO  Describe a shared array without mapping its data.
  %
  %   s = sharedarray_info (NAME)
  %
  % Returns a struct:
  %   name    'NAME' for shm arrays, 'file://PATH' for files
  %   shape   numpy's shape (row vector, not reversed)
  %   dtype   numpy's descr, e.g. '<f8'
  %   order   'C' or 'F'
  %   class   the Octave class reads give, e.g. 'double'; '' for a dtype
  %           Octave cannot read (bytes, unicode, structured, datetime,
  %           longdouble...: attach refuses those)
  %   nbytes  bytes of data
  %   size    bytes of the segment or file
  %   mode    permission bits (a number; dec2base (s.mode, 8) for octal)
  %   uid     owner
  % and, from the synchronisation trailer (docs/format.md section 10) and
  % from /proc:
  %   has_sync       true when the array has the trailer (every array that
  %                  sharedarray_create makes; not np.save files or
  %                  SharedArray 3.x segments)
  %   generation     its generation (uint64), as h.generation () gives
  %   creator_pid    the pid of the process that created it
  %   creator_alive  true while that very process runs (a reused pid is
  %                  told apart by its start time)
  %   created        the creation time, ISO 8601 in UTC to the
  %                  microsecond: '2026-05-01T09:30:12.481516Z'
  %   created_ns     the same, in nanoseconds since 1970 (uint64)
  %   holders        the pids of the processes that map it now (a row
  %                  vector, ascending), found by device and inode, so a
  %                  process that attached through another name, or that
  %                  maps it after its name was deleted, counts too; one
  %                  pass over /proc per call
  %   holders_incomplete  true when /proc hid some processes' maps (other
  %                  users', without privilege): they are not counted
  %   stale          true when the creator is gone and no process has it
  %                  open or mapped (when /proc shows no holder, the
  %                  kernel is asked, with a file lease); false when not;
  %                  [] when it cannot be told (another user's array while
  %                  /proc hides some processes). Stale is not garbage:
  %                  an array loaded once and kept on purpose is stale
  %                  too, and nothing is removed
  % Without the trailer, has_sync is false, holders is still given, and
  % generation, creator_pid, creator_alive, created, created_ns and stale
  % are [].
  % An unknown name fails with identifier sharedarray:notfound.
  %
  % See also: sharedarray_list, sharedarray_attach.
  sharedarray_load ();
  if (nargin < 1)
    print_usage ();
  end
  s = __sharedarray_info__ (name);
end
