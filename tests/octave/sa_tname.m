function nm = sa_tname (tag)
  % SA_TNAME  A segment name unique to this process and test: sa_oct_<pid>_<tag>_<rand>.
  nm = sprintf ('sa_oct_%d_%s_%06d', getpid (), tag, randi (999999));
end
