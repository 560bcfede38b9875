function b = sa_raw_bytes (name, offset, n)
  % SA_RAW_BYTES  n bytes of /dev/shm/NAME from offset, read with fread
  % (independently of the module), as a uint8 row.
  fid = fopen (['/dev/shm/' name], 'r');
  assert (fid >= 0, 'cannot open /dev/shm/%s', name);
  fseek (fid, offset, SEEK_SET);
  b = fread (fid, n, 'uint8=>uint8')';
  fclose (fid);
end
