function sharedarray_delete (name, force)
  % SHAREDARRAY_DELETE  Remove a shared array's name.
  %
  %   sharedarray_delete (NAME)
  %   sharedarray_delete (NAME, 'force')
  %   sharedarray_delete (NAME, FORCE)
  %
  % Same meaning as Python's SharedArray.delete(name). Existing handles (in
  % any process) stay valid; the memory is freed when the last one is
  % released. Refuses to remove anything that is not a SharedArray/.npy
  % segment (sharedarray:invalid), unless forced ('force', or FORCE true):
  % then it also removes what a creator that was killed mid-create left
  % behind. An unknown name fails with identifier sharedarray:notfound.
  %
  % See also: sharedarray_create, sharedarray_attach, sharedarray_list.
  sharedarray_load ();
  if (nargin < 1)
    print_usage ();
  end
  if (nargin < 2)
    force = [];
  end
  __sharedarray_delete__ (name, force);
end
