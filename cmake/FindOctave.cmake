# FindOctave.cmake -- find GNU Octave's development files and interpreter.
#
# CMake ships no FindOctave, so this module asks Octave's own tools:
# `mkoctfile -p INCFLAGS | OCTLIBDIR | OCTAVE_LIBS | OCTAVE_VERSION`, and falls
# back to `pkg-config octinterp` when mkoctfile is missing.
#
# Result variables
#   Octave_FOUND            true when headers, libraries and octave-cli exist
#   Octave_VERSION          e.g. "7.3.0"
#   Octave_INCLUDE_DIRS     header directories (for <octave/oct.h> and <oct.h>)
#   Octave_LIBRARIES        liboctinterp and liboctave
#   Octave_MKOCTFILE        the mkoctfile program (may be empty with pkg-config)
#   Octave_EXECUTABLE       octave-cli (or octave) for running scripts and tests
#
# Imported target
#   Octave::Octave          include directories and libraries for an .oct module
#
# Hints: set Octave_MKOCTFILE or Octave_EXECUTABLE to pick one installation.

find_program(Octave_MKOCTFILE NAMES mkoctfile mkoctfile-${Octave_FIND_VERSION}
             DOC "Octave's mkoctfile")
find_program(Octave_EXECUTABLE NAMES octave-cli octave DOC "Octave interpreter")

# Runs `mkoctfile -p VAR` and stores its trimmed output in out_var.
function(_octave_query var out_var)
  execute_process(COMMAND ${Octave_MKOCTFILE} -p ${var}
                  OUTPUT_VARIABLE _out ERROR_QUIET
                  RESULT_VARIABLE _rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(_rc EQUAL 0)
    set(${out_var} "${_out}" PARENT_SCOPE)
  else()
    set(${out_var} "" PARENT_SCOPE)
  endif()
endfunction()

set(_octave_incdirs "")
set(_octave_libnames "")
set(_octave_libdir "")

if(Octave_MKOCTFILE)
  _octave_query(OCTAVE_VERSION Octave_VERSION)
  _octave_query(INCFLAGS _incflags)
  _octave_query(OCTLIBDIR _octave_libdir)
  _octave_query(OCTAVE_LIBS _libflags)
  separate_arguments(_incflags UNIX_COMMAND "${_incflags}")
  foreach(f IN LISTS _incflags)
    if(f MATCHES "^-I(.+)$")
      get_filename_component(_d "${CMAKE_MATCH_1}" ABSOLUTE)
      list(APPEND _octave_incdirs "${_d}")
    endif()
  endforeach()
  separate_arguments(_libflags UNIX_COMMAND "${_libflags}")
  foreach(f IN LISTS _libflags)
    if(f MATCHES "^-l(.+)$")
      list(APPEND _octave_libnames "${CMAKE_MATCH_1}")
    elseif(f MATCHES "^-L(.+)$" AND NOT _octave_libdir)
      set(_octave_libdir "${CMAKE_MATCH_1}")
    endif()
  endforeach()
else()
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(_OCTINTERP QUIET octinterp)
    if(_OCTINTERP_FOUND)
      set(Octave_VERSION "${_OCTINTERP_VERSION}")
      set(_octave_incdirs ${_OCTINTERP_INCLUDE_DIRS})
      set(_octave_libnames ${_OCTINTERP_LIBRARIES})
      set(_octave_libdir ${_OCTINTERP_LIBRARY_DIRS})
    endif()
  endif()
endif()
list(REMOVE_DUPLICATES _octave_incdirs)

# Resolve each -lNAME to a full path inside Octave's library directory.
set(Octave_LIBRARIES "")
foreach(lib IN LISTS _octave_libnames)
  find_library(Octave_${lib}_LIBRARY NAMES ${lib} HINTS ${_octave_libdir}
               NO_DEFAULT_PATH)
  find_library(Octave_${lib}_LIBRARY NAMES ${lib})
  mark_as_advanced(Octave_${lib}_LIBRARY)
  if(Octave_${lib}_LIBRARY)
    list(APPEND Octave_LIBRARIES ${Octave_${lib}_LIBRARY})
  endif()
endforeach()

find_path(Octave_INCLUDE_DIR NAMES oct.h HINTS ${_octave_incdirs} NO_DEFAULT_PATH)
mark_as_advanced(Octave_INCLUDE_DIR)
set(Octave_INCLUDE_DIRS ${_octave_incdirs})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Octave
  REQUIRED_VARS Octave_INCLUDE_DIR Octave_LIBRARIES Octave_EXECUTABLE
  VERSION_VAR Octave_VERSION)

if(Octave_FOUND AND NOT TARGET Octave::Octave)
  add_library(Octave::Octave INTERFACE IMPORTED)
  set_target_properties(Octave::Octave PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${Octave_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${Octave_LIBRARIES}")
endif()
