function h = sharedarray_attach (name, ro)
  % SHAREDARRAY_ATTACH  Map an existing shared array (no copy).
  %
  %   h = sharedarray_attach (NAME)
  %   h = sharedarray_attach (NAME, RO)
  %
  % Same meaning as Python's SharedArray.attach(name, ro=False). NAME is
  % 'NAME', 'shm://NAME' or 'file://PATH.npy' (any .npy file). With RO true
  % the memory is mapped read-only and writes are refused. An unknown name
  % fails with identifier sharedarray:notfound. An array with a dimension
  % above 2^31-1 (2147483647) is refused (sharedarray:invalid): size(h)
  % and numel(h) reach the handle through 32-bit integers.
  %
  % The handle h:
  %   h(i,j,...)        a copy of the selection, as for a matrix: ':',
  %                     ranges, logical masks, 'end' and linear h(k) work
  %   h(i,j,...) = v    writes into the shared memory (other processes see
  %                     it). v is converted with Octave's rules for h's class
  %                     (integers saturate and round; chars store their
  %                     codes; complex into a real dtype is an error unless
  %                     every imaginary part is 0; cells, structs and other
  %                     non-numeric values are errors). v must be a scalar or
  %                     have the selection's shape up to singleton dims, as
  %                     for a matrix. Indices past the end are errors: a
  %                     shared array never grows.
  %   size(h) numel(h) ndims(h)   the Octave view's shape
  %   double(h), single(h)        a full converted copy
  %   h.read()          a full copy in h's class
  %   h.read_numpy()    a full copy in numpy's logical shape
  %   h.shape()         numpy's shape (row vector, not reversed)
  %   h.dtype()         numpy's descr, e.g. '<f8'
  %   h.classname()     the Octave class reads give, e.g. 'double'
  %   h.order()         'C' or 'F'
  %   h.name()          the name it was attached by
  %   h.isreadonly()    true when attached with RO
  %   h.msync([flags]), h.mlock(), h.munlock()
  % class(h) is 'swig_ref'.
  %
  % ORDER CONVENTION: Octave shows the memory in column-major order, with
  % no copy. A C-order array (numpy's default) shows its numpy shape
  % reversed, so h(k,j,i) is numpy's a[i,j,k]. A Fortran-order array shows
  % its shape as it is.
  %
  % DTYPES: b1->logical, i1..i8->int8..int64, u1..u8->uint8..uint64,
  % f4->single, f8->double, c8/c16->complex single/double. float16 (f2)
  % reads as single (a converted copy) and is rounded back on write.
  % Big-endian data is byte-swapped on every read and write.
  %
  % LIFETIME: the mapping is released when the last copy of h is cleared
  % ('clear h', or the end of the function holding it). Deleting the name
  % never invalidates a live handle.
  %
  % See also: sharedarray_create, sharedarray_delete, sharedarray_list,
  % sharedarray_info.
  persistent loaded
  if (isempty (loaded))
    sharedarray;          % load sharedarray.oct (SWIG module)
    loaded = true;
  end
  if (nargin < 1)
    print_usage ();
  end
  if (nargin < 2)
    ro = false;
  end
  h = __sharedarray_attach__ (name, ro);
end
