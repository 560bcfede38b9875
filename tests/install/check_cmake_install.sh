#!/usr/bin/env bash
# check_cmake_install.sh BUILD_DIR SOURCE_DIR PYTHON
# Installs the CMake build into a temporary prefix and uses every installed
# artifact from there: the layout the README promises, find_package and
# pkg-config consumers, the CLI, the Lua module and the Octave folder.
set -euo pipefail
BUILD=$1 SRC=$2 PY=$3
P=$(mktemp -d /tmp/sa-install-XXXXXX)
NAME="sa-install-$$"
trap 'rm -rf "$P"; "$P/bin/sharedarray" delete "$NAME" >/dev/null 2>&1 || true' EXIT
cmake --install "$BUILD" --prefix "$P" >/dev/null
for f in bin/sharedarray include/sharedarray.h lib/libsharedarray.so lib/libsharedarray.a \
         lib/pkgconfig/sharedarray.pc lib/cmake/SharedArray/SharedArrayConfig.cmake; do
  [ -e "$P/$f" ] || { echo "missing $P/$f"; exit 1; }
done
echo "layout ok"

# a C consumer through find_package(SharedArray)
mkdir -p "$P/consumer"
cat > "$P/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(SharedArray REQUIRED)
add_executable(consumer main.c)
target_link_libraries(consumer sharedarray::sharedarray)
CM
cat > "$P/consumer/main.c" <<'C'
#include <sharedarray.h>
#include <stdio.h>
int main(int argc, char **argv) {
  int64_t shape[1] = {3};
  sa_array *a;
  if (argc < 2 || sa_create(argv[1], 1, shape, "i4", 'C', 0, 0, &a) < 0) {
    fprintf(stderr, "%s\n", sa_errmsg());
    return 1;
  }
  ((int *)sa_data(a))[2] = 42;
  sa_release(a);
  return 0;
}
C
cmake -S "$P/consumer" -B "$P/consumer/build" -DCMAKE_PREFIX_PATH="$P" >/dev/null
cmake --build "$P/consumer/build" >/dev/null
LD_LIBRARY_PATH="$P/lib" "$P/consumer/build/consumer" "$NAME"
"$P/bin/sharedarray" dump "$NAME" | grep -q '\[ 0  0 42\]'
"$P/bin/sharedarray" delete "$NAME"
echo "find_package consumer and installed CLI ok"

# pkg-config
PKG_CONFIG_PATH="$P/lib/pkgconfig" cc "$P/consumer/main.c" -o "$P/pc-consumer" \
  $(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs sharedarray)
LD_LIBRARY_PATH="$P/lib" "$P/pc-consumer" "$NAME"
"$P/bin/sharedarray" delete "$NAME"
echo "pkg-config consumer ok"

# the Lua module, from the installed path only
if [ -e "$P/lib/lua/5.4/sharedarray.so" ] && command -v lua5.4 >/dev/null; then
  LUA_CPATH="$P/lib/lua/5.4/?.so" lua5.4 -e "
    local sa = require 'sharedarray'
    local a = assert(sa.create('$NAME', {2, 2}, 'f8'))
    a[4] = 1.5
    assert(sa.attach('$NAME')[4] == 1.5)
    assert(sa.delete('$NAME'))"
  echo "installed Lua module ok"
fi

# the Octave folder, from the installed path only
if [ -d "$P/share/sharedarray/octave" ] && command -v octave-cli >/dev/null; then
  octave-cli --no-gui --norc --no-history --quiet --eval "
    addpath('$P/share/sharedarray/octave');
    h = sharedarray_create('$NAME', [2 3], 'int16');  % C order: Octave sees 3x2
    h(3, 2) = 7;
    g = sharedarray_attach('$NAME', true);
    assert(isequal(size(g), [3 2]) && g(3, 2) == 7);
    sharedarray_delete('$NAME');"
  echo "installed Octave module ok"
fi
