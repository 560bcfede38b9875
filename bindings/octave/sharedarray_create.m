function h = sharedarray_create (name, shape, varargin)
  % SHAREDARRAY_CREATE  Create a new zero-filled shared array.
  %
  %   h = sharedarray_create (NAME, SHAPE)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE, ORDER)
  %   h = sharedarray_create (NAME, SHAPE, DTYPE, ORDER, MODE)
  %   h = sharedarray_create (NAME, SHAPE, ..., 'lazy', TF, 'populate', TF)
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
  % Options, as name/value pairs after the arguments above:
  %   'lazy', TF      with TF true, do not reserve the memory up front: O(1)
  %                   for big sparse arrays, but a full /dev/shm then kills
  %                   the writer with SIGBUS instead of failing here
  %   'populate', TF  with TF true, map every page now (MAP_POPULATE), so
  %                   that first writes run at memory speed
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
  % SIGTERM AND SIGHUP: loading the module (the first sharedarray_* call)
  % turns off Octave's workspace dumps on these signals
  % (sigterm_dumps_octave_core (false), sighup_dumps_octave_core (false)):
  % a handle refuses to be saved, and that error would be thrown into the
  % running script instead of the process stopping. Call
  % sigterm_dumps_octave_core (true) and sighup_dumps_octave_core (true)
  % after that first call to have them back (see help sharedarray_attach).
  %
  % See also: sharedarray_attach, sharedarray_delete, sharedarray_list,
  % sharedarray_info.
  sharedarray_load ();
  if (nargin < 2)
    print_usage ();
  end
  % DTYPE, ORDER and MODE ([] for their defaults) up to the first option
  k = find (cellfun (@(a) ischar (a) && any (strcmpi (a, {'lazy', 'populate'})), ...
                     varargin), 1);
  if (isempty (k) || k > 4)
    k = min (numel (varargin) + 1, 4);
  end
  pos = [varargin(1:k-1), cell(1, 3)];
  h = __sharedarray_create__ (name, shape, pos{1:3}, varargin(k:end));
end
