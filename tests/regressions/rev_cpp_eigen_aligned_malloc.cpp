// TEST: reverse and forward mode through Eigen 3 dense code whose heap storage comes from Eigen's own aligned malloc (what it uses under AddressSanitizer)
// CFLAGS: -I/usr/include/eigen3 -DEIGEN_MALLOC_ALREADY_ALIGNED=0
// KNOWN-BUG: inttoptr
// LEVELS: O1,O2
// ROUTES: cli
// Open: handmade_aligned_malloc rounds malloc's address up as an integer and makes the aligned
// pointer with inttoptr; reverse mode cannot make the shadow of a pointer produced by inttoptr
// (forward mode can). A fix: apply the same integer arithmetic to the shadow allocation's
// address, as the bits of a loaded pointer already are (ptrtoint_source).
#include "../programs/r_cpp_eigen_dense.cpp"
