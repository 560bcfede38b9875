function sharedarray_delete (name)
  % SHAREDARRAY_DELETE  Remove a shared array's name.
  %
  %   sharedarray_delete (NAME)
  %
  % Same meaning as Python's SharedArray.delete(name). Existing handles (in
  % any process) stay valid; the memory is freed when the last one is
  % released. Refuses to remove anything that is not a SharedArray/.npy
  % segment. An unknown name fails with identifier sharedarray:notfound.
  %
  % See also: sharedarray_create, sharedarray_attach, sharedarray_list.
  persistent loaded
  if (isempty (loaded))
    sharedarray;          % load sharedarray.oct (SWIG module)
    loaded = true;
  end
  if (nargin < 1)
    print_usage ();
  end
  __sharedarray_delete__ (name);
end
