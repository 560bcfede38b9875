function sa_assign (h, v, varargin)
  % SA_ASSIGN  h(varargin{:}) = v, as a function (for use in anonymous
  % functions; h is a handle, so the write lands in shared memory).
  h(varargin{:}) = v;
end
