# CPack: `cpack -G DEB` in a build tree makes sharedarray_<version>_<arch>.deb
# with the C library, header, pkg-config file, CMake config, CLI, Lua module
# and Octave module. Included by the top-level CMakeLists.txt.
#
# The build installs under CMAKE_INSTALL_PREFIX's layout (lib/lua/5.4,
# share/sharedarray/octave, ...); for the .deb, the prefix is /usr and
# SharedArrayDebLayout.cmake (run by CPack on the staged files) moves the
# Lua module and the Octave files to where Debian's lua5.4 and octave look
# without any path setup:
#   /usr/lib/<multiarch>/lua/5.4/sharedarray.so
#   Octave's site directories (octave-config -p LOCALAPIOCTFILEDIR and
#   LOCALFCNFILEDIR): sharedarray.oct and the sharedarray_*.m functions.
# The Python package is left out (pip installs it).
set(CPACK_PACKAGE_NAME sharedarray)
set(CPACK_PACKAGE_VENDOR "The SharedArray developers")
set(CPACK_PACKAGE_CONTACT "The SharedArray developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "share n-dimensional numeric arrays between processes and languages")
set(CPACK_PACKAGE_DESCRIPTION
  "Create and attach n-dimensional numeric arrays in shared memory (/dev/shm) or
in .npy files, by name, with zero copies, from C, Lua, Octave, Python and the
sharedarray command-line tool. A segment is, byte for byte, a NumPy .npy file.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/sharedarray/sharedarray")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
# libc comes from dpkg-shlibdeps. The Lua module takes the Lua API from the
# interpreter (it does not link liblua), so Lua is named here. Octave's
# libraries are private to the package octave, which provides the ABI
# (octave-abi-NN, the one Debian's octave-* packages depend on) that the
# .oct was built for.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(_sa_deb_depends "liblua5.4-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "lua5.4")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-numpy")

# Where the staged files go (see SharedArrayDebLayout.cmake).
set(SA_DEB_MULTIARCH "${CMAKE_LIBRARY_ARCHITECTURE}")
if(NOT SA_DEB_MULTIARCH)
  execute_process(COMMAND dpkg-architecture -qDEB_HOST_MULTIARCH
    OUTPUT_VARIABLE SA_DEB_MULTIARCH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
set(SA_DEB_OCT_DIR "")
set(SA_DEB_M_DIR "")
find_program(SA_OCTAVE_CONFIG NAMES octave-config)
if(SA_OCTAVE_CONFIG)
  execute_process(COMMAND ${SA_OCTAVE_CONFIG} -p LOCALAPIOCTFILEDIR
    OUTPUT_VARIABLE SA_DEB_OCT_DIR OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  execute_process(COMMAND ${SA_OCTAVE_CONFIG} -p LOCALFCNFILEDIR
    OUTPUT_VARIABLE SA_DEB_M_DIR OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(TARGET sharedarray_octave AND SA_DEB_OCT_DIR MATCHES "/api-v([0-9]+)/")
  string(APPEND _sa_deb_depends ", octave-abi-${CMAKE_MATCH_1}")
  set(_sa_oct_private "")
  foreach(lib IN ITEMS ${Octave_octinterp_LIBRARY} ${Octave_octave_LIBRARY})  # cached by FindOctave
    get_filename_component(lib "${lib}" REALPATH)
    get_filename_component(dir "${lib}" DIRECTORY)
    list(APPEND _sa_oct_private "${dir}")
  endforeach()
  list(REMOVE_DUPLICATES _sa_oct_private)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${_sa_oct_private})
elseif(TARGET sharedarray_octave)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)   # cannot name the Octave ABI
  string(APPEND _sa_deb_depends ", octave, libc6")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_sa_deb_depends}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/SharedArrayDebLayout.cmake.in
  ${PROJECT_BINARY_DIR}/SharedArrayDebLayout.cmake @ONLY)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_BINARY_DIR}/SharedArrayDebLayout.cmake)
include(CPack)
