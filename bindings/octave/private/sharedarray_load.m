function sharedarray_load ()
  % SHAREDARRAY_LOAD  Load sharedarray.oct (the SWIG module) once, for the
  % sharedarray_*.m functions next to this private/ folder: it defines
  % the __sharedarray_*__ functions that they call.
  persistent loaded
  if (isempty (loaded))
    sharedarray;
    loaded = true;
  end
end
