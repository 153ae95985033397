// TEST: reverse and forward mode through Eigen 3 dense code whose heap storage comes from Eigen's own aligned malloc (what it uses under AddressSanitizer)
// CFLAGS: -I/usr/include/eigen3 -DEIGEN_MALLOC_ALREADY_ALIGNED=0
// LEVELS: O1,O2,O3
// handmade_aligned_malloc rounds malloc's address up as an integer, `((uintptr_t)p & -16) + 16`,
// and makes the aligned pointer with inttoptr; it keeps the original pointer just below it for
// handmade_aligned_free. Reverse mode refused that inttoptr until the shadow of such an address
// became the shadow of `p` at the same offset (`address_source` in reverse/memory.rs).
// (O0 is refused for another reason: tests/regressions/rev_cpp_eigen_dense_O0.cpp.)
#include "../programs/r_cpp_eigen_dense.cpp"
