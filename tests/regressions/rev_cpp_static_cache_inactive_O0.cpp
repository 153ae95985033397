// TEST: at -O0: reverse and forward mode through function-local static std::vector caches of constants that the program fills before the derivative calls (a plain call first), marked inactive with __attribute__((annotate("enzyme_inactive"))) as the run-time check of rev_cpp_static_vector_cache asks: a std::vector<double> of coefficients filled by push_back and one of nodes filled by resize and assignment on first use, read beside a local std::vector of the inputs; gradients against finite differences, the dot-product test against forward mode
// LEVELS: O0
// KNOWN-BUG: a derivative stopped at run time
// Open: at -O0 the caches are returned by reference from calls; activity analysis takes the
// returned pointer for active although the globals are marked inactive (a pointer returned by a
// defined function is varied), so `shifted` reads the shadow of z[k] through a null shadow
// vector; the run-time check stops it (it crashed before). `series` alone passes at -O0.
#include "../programs/cpp7_static_cache_inactive.cpp"
