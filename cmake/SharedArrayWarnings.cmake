# Warning flags for every C target, probed so that any compiler works.
set(SHAREDARRAY_WARNINGS "")
foreach(flag -Wall -Wextra -Wshadow -Wstrict-prototypes -Wpointer-arith
             -Wformat=2 -Wno-format-nonliteral)
  string(MAKE_C_IDENTIFIER "HAVE${flag}" var)
  check_c_compiler_flag(${flag} ${var})
  if(${var})
    list(APPEND SHAREDARRAY_WARNINGS ${flag})
  endif()
endforeach()
option(SHAREDARRAY_WERROR "Treat warnings as errors" OFF)
if(SHAREDARRAY_WERROR)
  list(APPEND SHAREDARRAY_WARNINGS -Werror)
endif()
