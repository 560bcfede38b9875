# clean_copy SRC DEST: copy only what git tracks (plus untracked, not ignored
# files) from SRC to DEST, so no build tree, .venv or dist/ comes along.
# Sourced by the install checks.
clean_copy() {
  mkdir -p "$2"
  if git -C "$1" rev-parse >/dev/null 2>&1; then
    (cd "$1" && git ls-files -z --cached --others --exclude-standard |
       xargs -0 cp --parents -t "$2" 2>/dev/null || true)
  else
    cp -r "$1/." "$2"
  fi
}
