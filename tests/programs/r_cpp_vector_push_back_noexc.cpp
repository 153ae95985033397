// TEST: reverse mode through std::vector<double> grown by push_back inside the differentiated function (reallocation copies active values), a data-dependent number of elements, and a reduction over the vector with an iterator (built with -fno-exceptions: no invoke at all)
// CFLAGS: -fno-exceptions
#include "r_cpp_vector_push_back.cpp"
