#!/usr/bin/env bash
# check_deb.sh BUILD_DIR CPACK
# `cpack -G DEB` from the build, then on this machine: `apt-get install ./...deb`,
# and from the installed files only, with no path setup: `sharedarray
# --version`, `require "sharedarray"` in lua5.4, an attach in octave-cli, a
# pkg-config consumer. The package is removed again (purged) on every exit.
# Installing system packages is only for a throwaway machine (CI): skips
# (77) unless root, when SA_TEST_DEB=0, without apt-get, or when a package
# named sharedarray is already installed (it is not ours to replace).
set -euo pipefail
BUILD=$1 CPACK=$2
[ "${SA_TEST_DEB:-1}" != 0 ] || { echo "SA_TEST_DEB=0: skipped"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped (installs a system package)"; exit 77; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
  { echo "not a Debian system: skipped"; exit 77; }
if dpkg-query -W -f='${Status}' sharedarray 2>/dev/null | grep -q 'installed'; then
  echo "a package sharedarray is already installed: skipped"; exit 77
fi
T=$(mktemp -d /tmp/sa-deb-XXXXXX)
NAME="sa-deb-$$"
APT=(apt-get -y -q -o DPkg::Lock::Timeout=300)
cleanup() {
  if dpkg-query -W -f='${Status}' sharedarray 2>/dev/null | grep -q 'installed'; then
    DEBIAN_FRONTEND=noninteractive "${APT[@]}" purge sharedarray >/dev/null 2>&1 ||
      dpkg --purge sharedarray >/dev/null 2>&1 || true
  fi
  rm -f "/dev/shm/$NAME"
  rm -rf "$T"
}
trap cleanup EXIT

"$CPACK" -G DEB --config "$BUILD/CPackConfig.cmake" -B "$T/pkgs" > "$T/cpack.log" 2>&1 ||
  { cat "$T/cpack.log"; exit 1; }
DEB=$(ls "$T"/pkgs/sharedarray_*.deb)
echo "built $(basename "$DEB")"
dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' > "$T/files"
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
for f in /usr/bin/sharedarray /usr/include/sharedarray.h /usr/lib/pkgconfig/sharedarray.pc \
         /usr/lib/cmake/SharedArray/SharedArrayConfig.cmake \
         "/usr/lib/$MA/lua/5.4/sharedarray.so" /usr/share/octave/site/m/sharedarray_attach.m \
         /usr/share/doc/sharedarray/copyright; do
  grep -qx "$f" "$T/files" || { echo "the package lacks $f"; cat "$T/files"; exit 1; }
done
grep -q '^/usr/lib/libsharedarray\.so\.[0-9]' "$T/files" || { echo "no libsharedarray.so.N"; exit 1; }
grep -q '/octave/site/oct/.*/sharedarray\.oct$' "$T/files" || { echo "no sharedarray.oct"; exit 1; }
grep -q 'python' "$T/files" && { echo "the package carries Python files"; exit 1; }
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $DEPENDS"
for d in libc6 liblua5.4 octave; do
  grep -q "$d" <<<"$DEPENDS" || { echo "Depends lacks $d"; exit 1; }
done

DEBIAN_FRONTEND=noninteractive "${APT[@]}" install --no-install-recommends "$DEB" > "$T/apt.log" 2>&1 ||
  { cat "$T/apt.log"; exit 1; }
echo "installed with apt-get"

# from here on, only what the package put on the system, with a clean
# environment: no LUA_CPATH, no OCTAVE_PATH, no LD_LIBRARY_PATH, not in a build
cd "$T"
E=(env -i PATH=/usr/bin:/bin HOME="$T" LANG=C.UTF-8)
[ "$("${E[@]}" sh -c 'command -v sharedarray')" = /usr/bin/sharedarray ]
"${E[@]}" sharedarray --version
"${E[@]}" lua5.4 -e "
  local sa = require 'sharedarray'
  assert(package.searchpath('sharedarray', package.cpath) == '/usr/lib/$MA/lua/5.4/sharedarray.so')
  local a = assert(sa.create('$NAME', {2, 3}, 'f8'))
  a[6] = 2.5
  print('lua5.4: require ok')"
if command -v octave-cli >/dev/null; then
  "${E[@]}" octave-cli --no-gui --norc --no-history --quiet --eval "
    g = sharedarray_attach('$NAME', true);
    assert(isequal(size(g), [3 2]) && g(3, 2) == 2.5);
    assert(strncmp(which('sharedarray'), '/usr/lib/', 9));
    disp(['octave-cli: attach ok, ' which('sharedarray')]);"
fi
cat > "$T/main.c" <<'C'
#include <sharedarray.h>
#include <stdio.h>
int main(int argc, char **argv) {
  sa_array *a;
  if (argc < 2 || sa_attach(argv[1], 1, &a) < 0) { fprintf(stderr, "%s\n", sa_errmsg()); return 1; }
  printf("C: %g\n", ((double *)sa_data(a))[5]);
  sa_release(a);
  return 0;
}
C
"${E[@]}" sh -c "cc main.c -o main \$(pkg-config --cflags --libs sharedarray) && ./main '$NAME'" | grep -qx 'C: 2.5' ||
  { echo "pkg-config consumer failed"; exit 1; }
echo "pkg-config consumer ok"
"${E[@]}" sharedarray delete "$NAME"
echo "deb ok: removing it"
