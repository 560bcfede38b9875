function sa_npy_file (path, values)
  % SA_NPY_FILE  Write a .npy file as np.save does (format 1.0, '<f8',
  % C order, a 1-d shape): a header and the data, and no synchronisation
  % trailer.
  dict = sprintf ('{''descr'': ''<f8'', ''fortran_order'': False, ''shape'': (%d,), }', ...
                  numel (values));
  pad = 64 - mod (10 + numel (dict) + 1, 64);
  hdr = [dict repmat(' ', 1, pad) char(10)];
  fid = fopen (path, 'w');
  assert (fid >= 0, 'cannot write %s', path);
  fwrite (fid, [147 double('NUMPY') 1 0], 'uint8');
  fwrite (fid, numel (hdr), 'uint16', 0, 'ieee-le');
  fwrite (fid, hdr, 'char');
  fwrite (fid, values, 'double', 0, 'ieee-le');
  fclose (fid);
end
