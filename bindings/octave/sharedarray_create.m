function h = sharedarray_create (name, shape, dtype, order, mode)
  % SHAREDARRAY_CREATE  Create a new zero-filled shared array.
  %
  %   h = sharedarray_create (NAME, SHAPE)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE, ORDER)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE, ORDER, MODE)
  %
  % Same meaning as Python's SharedArray.create(name, shape, dtype).
  %   NAME   'NAME' or 'shm://NAME' (POSIX shared memory, /dev/shm/NAME), or
  %          'file://PATH' (a .npy file). Creating an existing name fails
  %          with identifier sharedarray:exists.
  %   SHAPE  numpy's shape: a vector of non-negative integers, [] for 0-d.
  %          Each dimension must be at most 2^31-1 (2147483647): size(h)
  %          and numel(h) reach the handle through 32-bit integers.
  %   DTYPE  numpy's spelling ('float64', 'f8', '<i4', 'uint8', 'complex64',
  %          'float16', 'bool'...) or an Octave class name ('double',
  %          'single', 'int16', 'logical'...). Default 'float64'.
  %   NAME and DTYPE must not contain char(0).
  %   ORDER  'C' (default, as numpy) or 'F' (Fortran/column-major);
  %          lowercase 'c' and 'f' are accepted too, as numpy does.
  %   MODE   permission bits, as chmod takes them: a number from 0 to 511
  %          (0777; e.g. 384 for 0600) or 1 to 4 octal digits in a string
  %          ('0640', '640' or '0o640'). Bits above 0777 (setuid, setgid,
  %          sticky) are refused, and so is any other text (' 644', '+644',
  %          '0x1ff', ''), with identifier sharedarray:invalid and a message
  %          naming the mode. 0 or [] (the default) means 0600: read and
  %          write for the owner only. The umask is not applied.
  %
  % Returns a handle to the mapped array (see help sharedarray_attach).
  %
  % ORDER CONVENTION: Octave shows the memory in column-major order. A
  % C-order array (the default) therefore shows with its SHAPE reversed:
  %   h = sharedarray_create ('x', [2 3 4]);   % numpy shape (2,3,4)
  %   size (h)                                  % => 4 3 2
  % An 'F'-order array shows SHAPE as it is. h.read_numpy() returns a copy
  % in numpy's logical shape.
  %
  % See also: sharedarray_attach, sharedarray_delete, sharedarray_list,
  % sharedarray_info.
  persistent loaded
  if (isempty (loaded))
    sharedarray;          % load sharedarray.oct (SWIG module)
    loaded = true;
  end
  if (nargin < 2)
    print_usage ();
  end
  if (nargin < 3 || isempty (dtype))
    dtype = 'float64';
  end
  if (nargin < 4)
    order = 'C';
  end
  if (nargin < 5)
    mode = [];
  end
  h = __sharedarray_create__ (name, shape, dtype, order, mode);
end
