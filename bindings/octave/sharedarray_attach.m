function h = sharedarray_attach (name, varargin)
  % SHAREDARRAY_ATTACH  Map an existing shared array (no copy).
  %
  %   h = sharedarray_attach (NAME)
  %   h = sharedarray_attach (NAME, RO)
  %   h = sharedarray_attach (NAME, ..., 'ro', RO, 'populate', P, 'owner', OWNER)
  %
  % Same meaning as Python's SharedArray.attach(name, ro=False). NAME is
  % 'NAME', 'shm://NAME' or 'file://PATH.npy' (any .npy file). With RO true
  % the memory is mapped read-only and writes are refused. An unknown name
  % fails with identifier sharedarray:notfound. An array with a dimension
  % above 2^31-1 (2147483647) is refused (sharedarray:invalid): size(h)
  % and numel(h) reach the handle through 32-bit integers.
  %
  % Options, as name/value pairs after NAME (or after RO):
  %   'ro', RO         the same as the RO argument
  %   'populate', P    with P true, map every page now (MAP_POPULATE), so
  %                    that first accesses run at memory speed
  %   'owner', OWNER   refuse the array, with identifier sharedarray:owner,
  %                    unless OWNER owns its segment (or file). OWNER is
  %                    true (you: the process's effective uid), a uid (a
  %                    number, or a string of digits) or a user name
  %                    ('postgres'). false or [] (the default) checks
  %                    nothing.
  % The owner check is a defence for privileged scripts. Anyone who may
  % create files in /dev/shm can create an array under a name before its
  % rightful creator does ("squatting"), and attach trusts whoever owns the
  % segment (docs/format.md, section 11). With 'owner' the check is made on
  % the very segment that is mapped. It is off by default, so that arrays
  % shared between users keep working.
  %   h = sharedarray_attach ('results', 'owner', true);    % mine only
  %   h = sharedarray_attach ('frames', true, 'owner', 'camera');
  %
  % THE HANDLE h WORKS AS A MATRIX of its class (class(h) is 'double',
  % 'single', 'int16', 'logical'..., as h.classname() says), with the
  % shape size(h), so a script written for a matrix runs on h unchanged and
  % gives what it gives on the copy M = h(:,:,...):
  %   any all, if h, while h, isequal, + - * / .^ .* ./ ' .' == < > & | !,
  %   h(h>5), find, sum mean max min cumsum prod norm nnz sort unique diff,
  %   reshape permute squeeze, abs sqrt round floor exp isnan isinf real
  %   imag conj, double single int8..uint64 logical, isnumeric isreal
  %   iscomplex islogical isfloat isinteger isa(h,'single'/'float'/
  %   'numeric'), validateattributes, [h h], cat, repmat, M(1:n) = h,
  %   num2str mat2str, disp(h), for v = h, fprintf('%g\n', h).
  % Each of these reads a native copy of the array (results never point
  % into the shared memory); double(h), single(h), int8(h)... convert in
  % one pass, with no copy in h's own class first. Typing h shows a header
  % line (name, dtype, numpy shape, order, read-only or read-write), then
  % the values as for M; an array of more than 1000 elements shows only
  % its top-left 8x8 corner (h(:,:) or h.read() copies all).
  %
  %   h(i,j,...)        a copy of the selection, as for a matrix: ':',
  %                     ranges, logical masks, 'end' and linear h(k) work
  %   h(i,j,...) = v    writes into the shared memory (other processes see
  %                     it), h stays the handle; g = h is the same handle,
  %                     so g(1) = v writes h's memory too. v is converted
  %                     with Octave's rules for h's class, as M(i) = v
  %                     converts into M's class (integers saturate and
  %                     round; chars store their codes; cells, structs and
  %                     other non-numeric values are errors). v must be a
  %                     scalar or have the selection's shape up to
  %                     singleton dims, as for a matrix.
  %   h.read()          a full copy in h's class (also h(:,:,...))
  %   h.read_numpy()    a full copy in numpy's logical shape (one copy)
  %   h.shape()         numpy's shape (row vector, not reversed)
  %   h.dtype()         numpy's descr, e.g. '<f8'
  %   h.classname()     the Octave class, e.g. 'double'
  %   h.order()         'C' or 'F'
  %   h.name()          the name it was attached by
  %   h.isreadonly()    true when attached with RO
  %   h.msync([flags]), h.mlock(), h.munlock()
  %   h.lock([TIMEOUT]) take the array's lock, shared by every process
  %                     (not recursive: locking it again, or h.snapshot,
  %                     in the thread that holds it raises
  %                     sharedarray:deadlock); returns true. [ok, died] =
  %                     h.lock () also gives died: true, with the warning
  %                     sharedarray:ownerdied, when the previous holder
  %                     died holding it (the data may be half written)
  %   h.unlock()        release it (sharedarray:permission if not held)
  %   h.notify()        add 1 to the generation and wake every waiter
  %   g = h.wait(SINCE[, TIMEOUT])  wait until the generation differs
  %                     from SINCE (at once if it does already); returns
  %                     the generation seen (uint64). SINCE is required
  %                     (sharedarray:invalid without it)
  %   h.generation()    the generation (uint64; 0 for a new array)
  %   h.snapshot([TIMEOUT])  a copy as h.read () gives, taken under the
  %                     lock (the same warning when its holder died)
  %                     TIMEOUT is in seconds: 0 only tries, omitted, [] or
  %                     Inf waits for ever; running out raises
  %                     sharedarray:timeout. Ctrl-C interrupts a wait or a
  %                     lock. Arrays without the synchronisation trailer
  %                     (np.save files, SharedArray 3.x) raise
  %                     sharedarray:nosync.
  %   h.close()         unmap now (see LIFETIME)
  %   h.isclosed()      true once closed
  %
  % UNSUPPORTED: what would replace, resize or retype a matrix variable
  % cannot happen to shared memory, so it raises an error with identifier
  % sharedarray:unsupported (never a silent copy): h(i) = [] (deleting),
  % h(i) = v with an index past the end (growing), h(i) = complex value
  % into a real array (a matrix would turn complex; also a complex value
  % into an integer or logical array, which a matrix would turn double),
  % h{i}, h(i)(j) = v, and h += v, h -= v, h *= v ..., h++, h-- (which
  % replace the variable by a copy: write h(:) = h(:) + v to change the
  % memory). h += v is refused when h is the only variable holding the
  % handle; where another variable holds it too, Octave evaluates it as
  % h = h + v, which makes h a plain matrix, as it would for M. Work on a
  % copy, M = h(:,:) or M = h.read(), when you need any of these.
  % logical(h) of a logical handle is h itself, as logical(M) is M.
  %
  % EXAMPLE, an analysis script that runs on h as it does on a matrix:
  %   h = sharedarray_attach ('frames', true);     % read-only, no copy
  %   if (! isnumeric (h) || ! isreal (h))
  %     error ('frames must be real numbers');
  %   end
  %   printf ('%s %s\n', class (h), mat2str (size (h)));
  %   bright = h(h > 200);                        % a copy of the selection
  %   m = mean (h(:));  s = max (h, [], 2);       % native results
  %   z = (double (h) - m) / std (double (h(:)));
  %   for col = h(:, 1:3), fprintf ('%g ', col); fprintf ('\n'); end
  %   w = sharedarray_attach ('results');          % read-write
  %   w(:) = s;                     % into shared memory (numel (w) == numel (s))
  %
  % ORDER CONVENTION: Octave shows the memory in column-major order, with
  % no copy. A C-order array (numpy's default) shows its numpy shape
  % reversed, so h(k,j,i) is numpy's a[i,j,k]. A Fortran-order array shows
  % its shape as it is.
  %
  % DTYPES: b1->logical, i1..i8->int8..int64, u1..u8->uint8..uint64,
  % f4->single, f8->double, c8/c16->complex single/double. float16 (f2)
  % reads as single (a converted copy) and is rounded back on write.
  % Big-endian data is byte-swapped on every read and write. Other dtypes
  % (bytes, unicode, structured, datetime, longdouble...) are refused with
  % sharedarray:invalid; sharedarray_info and sharedarray_list report
  % their class as ''.
  %
  % LIFETIME: the mapping is released when the last copy of h is cleared
  % ('clear h', or the end of the function holding it), or earlier by
  % h.close(). A handle and its copies (g = h) are one handle: h.close()
  % closes g too. close is idempotent; afterwards every use of the handle
  % raises sharedarray:closed, except h.name(), h.isclosed() and size(h)
  % (then [0 0]). Deleting the name never invalidates a live handle.
  %
  % SAVE AND LOAD: a handle refers to shared memory, not data, so it is
  % never written to a file, even though it behaves as a matrix elsewhere.
  % save (in any format that can hold objects) of
  % a handle, or of a cell or struct holding one, fails with identifier
  % sharedarray:save; save -ascii skips it with Octave's own warning. Save
  % a copy (x = h.read()) or the name (n = h.name()) instead, and attach
  % again after load. A file entry that claims to be a handle (written by
  % an older version, or left by a failed save) loads with an error
  % (sharedarray:load once the module is loaded), never a crash.
  %
  % SIGTERM AND SIGHUP: by default Octave saves the workspace to the file
  % octave-workspace when one of these stops it. A handle refuses that
  % save, and the error would be thrown into the running script (which
  % may catch it and go on) instead of the process stopping. So loading
  % the module (the first sharedarray_* call) turns those dumps off:
  % sigterm_dumps_octave_core (false) and sighup_dumps_octave_core (false).
  % To have them back, call sigterm_dumps_octave_core (true) and
  % sighup_dumps_octave_core (true) after that first call (with no handle
  % in the workspace when the signal comes, or the save fails again).
  %
  % See also: sharedarray_create, sharedarray_delete, sharedarray_list,
  % sharedarray_info.
  sharedarray_load ();
  if (nargin < 1)
    print_usage ();
  end
  opts = varargin;
  if (numel (opts) >= 1 && ! ischar (opts{1}))
    opts = [{'ro'}, opts];            % the positional RO
  end
  h = __sharedarray_attach__ (name, opts);
end
