function sa_reap_all (kids)
  % SA_REAP_ALL  Kill (SIGKILL) and reap every child of sa_spawn in the cell
  % array kids: a test's cleanup, whatever state they are in.
  for k = 1:numel (kids)
    kill (kids{k}.pid, 9);
    sa_reap (kids{k});
  end
end
