/* Copyright (c) 2026 The SharedArray developers. MIT License.
 *
 * sharedarray.i -- the single SWIG interface. Every language module
 * (Python's SharedArray._sharedarray, Lua's sharedarray, Octave's
 * sharedarray.oct) is generated from this file.
 *
 * This part is language-neutral: the module name and the core header. The
 * shared API (every function and constant, declared once) is sa_surface.i.
 * Each language's own file comes first and implements the same small
 * contract (as LALSuite's SWIGCommon.i does), as typemaps for the roles
 * that sa_surface.i lists:
 *   - view-out: turn an sa_array* into that language's array object, whose
 *     lifetime owns the mapping (sa_release runs when the last view dies);
 *   - errors: turn a negative code plus sa_errmsg() into that language's
 *     native error (exception, nil+msg+errno, error()).
 */
%module sharedarray

%{
#include "sharedarray.h"
%}

/* The language's typemaps and idioms first (one file per language, the
 * same contract each), then the shared API they apply to. */
#if defined(SWIGPYTHON)
%include "python/sa_python.i"
#elif defined(SWIGLUA)
%include "lua/sa_lua.i"
#elif defined(SWIGOCTAVE)
%include "octave/sa_octave.i"
#else
#error "sharedarray.i: no binding for this SWIG target language"
#endif

%include "sa_surface.i"
