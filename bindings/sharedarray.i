/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sharedarray.i -- the single SWIG interface. Every language module
 * (Python's SharedArray._sharedarray, Lua's sharedarray, Octave's
 * sharedarray.oct) is generated from this file.
 *
 * This part is language-neutral: the module name, the core header and the
 * constants. Each language then includes its own file, which implements the
 * same small contract (as LALSuite's SWIGCommon.i does):
 *   - view-out: turn an sa_array* into that language's array object, whose
 *     lifetime owns the mapping (sa_release runs when the last view dies);
 *   - errors: turn a negative code plus sa_errmsg() into that language's
 *     native error (exception, nil+msg+errno, error()).
 */
%module sharedarray

%{
#include "sharedarray.h"
%}

/* Language-neutral constants, the same values in every language. */
%constant int MS_ASYNC = SA_MS_ASYNC;
%constant int MS_SYNC = SA_MS_SYNC;
%constant int MS_INVALIDATE = SA_MS_INVALIDATE;
%constant int MAXDIMS = SA_MAXDIMS;
%constant int CREATE_LAZY = SA_CREATE_LAZY;
%constant int CREATE_POPULATE = SA_CREATE_POPULATE;
%constant const char *VERSION = SA_VERSION_STRING;

#if defined(SWIGPYTHON)
%include "python/sa_python.i"
#elif defined(SWIGLUA)
%include "lua/sa_lua.i"
#elif defined(SWIGOCTAVE)
%include "octave/sa_octave.i"
#else
#error "sharedarray.i: no binding for this SWIG target language"
#endif
