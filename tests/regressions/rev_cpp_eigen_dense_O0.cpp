// TEST: at -O0, reverse and forward mode through Eigen 3 dense code: a dynamic matrix-vector product and its squared norm through `const MatrixXd *`/`const VectorXd *` arguments marked enzyme_dup, and fixed-size Vector3d/Matrix3d code (AngleAxis rotation, cross and dot products, outer product, determinant, inverse)
// CFLAGS: -I/usr/include/eigen3
// KNOWN-BUG: cannot tell what bytes
// LEVELS: O0
// ROUTES: cli
// Open: at -O0 the constructor of Eigen::Transpose<Block<...>> copies the Block (56 bytes) with
// memcpy, and type analysis knows nothing of its index fields (bytes 8..16, 32..56), so the copy
// is refused (CannotDeduceType); --loose-types passes. The Block reaches the copy through
// `DenseBase::transpose()`, whose `this` is an empty CRTP base (dereferenceable(1)), and a call
// site tells a callee only the dereferenceable bytes of such an argument (the limit that stops
// summaries creeping along std::vector's fields). Without that limit for fewer than 8 bytes,
// the product's `const_blas_data_mapper` copy meets a conflict instead and the fixed-size code's
// analysis grows past the cell limit. A fix: the field types clang's -O0 GEPs name, or
// context-sensitive summaries for such small functions.
#include "../programs/r_cpp_eigen_dense.cpp"
