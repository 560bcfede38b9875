function tf = sa_is_mapped (name)
  % SA_IS_MAPPED  True while this process maps /dev/shm/NAME (from /proc/self/maps).
  maps = fileread ('/proc/self/maps');
  tf = ! isempty (strfind (maps, ['/dev/shm/' name]));
end
