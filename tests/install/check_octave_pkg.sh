#!/usr/bin/env bash
# check_octave_pkg.sh BUILD_DIR SOURCE_DIR
# Makes the Octave package (cmake/make-octave-pkg.sh, as `./dev octave-pkg`
# does), installs it with `pkg install -local` into a temporary prefix, then
# in a fresh octave-cli: `pkg load sharedarray`, every function found with
# its help, and a create/attach/delete round trip. Nothing is added to the
# path by hand. Skips (77) without octave-cli and mkoctfile.
set -euo pipefail
BUILD=$1 SRC=$2
command -v octave-cli >/dev/null && command -v mkoctfile >/dev/null ||
  { echo "octave-cli or mkoctfile missing: skipped"; exit 77; }
T=$(mktemp -d /tmp/sa-octpkg-test-XXXXXX)
NAME="sa-octpkg-$$"
trap 'rm -rf "$T"; rm -f "/dev/shm/$NAME"' EXIT
TGZ=$("$SRC/cmake/make-octave-pkg.sh" "$BUILD" "$T/dist" | tail -1)
LIST=$(tar -tzf "$TGZ")
for f in sharedarray/DESCRIPTION sharedarray/INDEX sharedarray/COPYING sharedarray/src/Makefile \
         sharedarray/src/sharedarray_octave_wrap.cxx sharedarray/inst/sharedarray_attach.m \
         sharedarray/inst/private/sharedarray_load.m; do
  grep -qx "$f" <<<"$LIST" || { echo "$TGZ lacks $f"; exit 1; }
done
grep -qi swig <(tar -xzOf "$TGZ" sharedarray/src/Makefile) && { echo "the Makefile runs SWIG"; exit 1; }
echo "package $(basename "$TGZ") ok"

OCT="octave-cli --no-gui --norc --no-history --quiet"
SETUP="pkg('prefix', '$T/pkg', '$T/pkg-arch'); pkg('local_list', '$T/octave_packages');"
cd "$T"
# the Makefile uses mkoctfile only (make -j2 through MAKEFLAGS); -O0 (the
# Makefile takes mkoctfile's flags, which follow CFLAGS/CXXFLAGS) to keep the
# compile of the SWIG wrapper short in CI
MAKEFLAGS=-j2 CFLAGS=-O0 CXXFLAGS=-O0 $OCT --eval "$SETUP pkg('install', '-local', '$TGZ');" > "$T/install.log" 2>&1 ||
  { cat "$T/install.log"; exit 1; }
echo "pkg install ok"

$OCT --eval "
  $SETUP
  pkg load sharedarray
  funcs = {'sharedarray_create', 'sharedarray_attach', 'sharedarray_delete', ...
           'sharedarray_list', 'sharedarray_info', 'sharedarray_version'};
  for i = 1:numel(funcs)
    f = funcs{i};
    assert(exist(f) == 2, [f ' not found']);
    assert(strncmp(which(f), '$T/pkg', numel('$T/pkg')), [f ' not from the package']);
    txt = help(f);
    assert(numel(txt) > 100, [f ': no help']);
  end
  h = sharedarray_create('$NAME', [2 3], 'int16');
  h(3, 2) = 7;
  g = sharedarray_attach('$NAME', true);
  assert(isequal(size(g), [3 2]) && g(3, 2) == 7);
  s = sharedarray_info('$NAME');
  assert(strcmp(s.dtype, '<i2'));
  sharedarray_delete('$NAME');
  clear h g
  disp(['pkg load ok: ' which('sharedarray')]);"
