function v = sharedarray_version ()
  % SHAREDARRAY_VERSION  The SharedArray library's version, e.g. '1.0.0'.
  %
  %   v = sharedarray_version ()
  %
  % See also: sharedarray_create, sharedarray_attach.
  sharedarray_load ();
  v = __sharedarray_version__ ();
end
