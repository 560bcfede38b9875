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
  % An unknown name fails with identifier sharedarray:notfound.
  %
  % See also: sharedarray_list, sharedarray_attach.
  sharedarray_load ();
  if (nargin < 1)
    print_usage ();
  end
  s = __sharedarray_info__ (name);
end
