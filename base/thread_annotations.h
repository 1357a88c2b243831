// Clang's thread-safety analysis (-Wthread-safety), as leveldb and abseil use it: a member says
// which mutex guards it, a function which mutex it needs, and the compiler checks every access.
// With other compilers the macros expand to nothing. scripts/check-thread-safety runs the
// analysis over every file that uses base/mutex.h (a test of the suite, label "unit").
//
//   class Counter {
//     Mutex mu_;
//     int64_t n_ GUARDED_BY(mu_) = 0;
//    public:
//     void Add() { MutexLock lock(&mu_); ++n_; }
//   };
#pragma once

#if defined(__clang__)
#define PAKN_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define PAKN_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) PAKN_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY PAKN_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) PAKN_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) PAKN_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) PAKN_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define REQUIRES(...) PAKN_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define ACQUIRE(...) PAKN_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) PAKN_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define EXCLUDES(...) PAKN_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS PAKN_THREAD_ANNOTATION(no_thread_safety_analysis)
