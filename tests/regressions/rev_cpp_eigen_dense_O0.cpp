// TEST: at -O0, reverse and forward mode through Eigen 3 dense code: a dynamic matrix-vector product and its squared norm through `const MatrixXd *`/`const VectorXd *` arguments marked enzyme_dup, and fixed-size Vector3d/Matrix3d code (AngleAxis rotation, cross and dot products, outer product, determinant, inverse)
// CFLAGS: -I/usr/include/eigen3
// KNOWN-BUG: cannot tell what bytes
// LEVELS: O0
// ROUTES: cli
// Open: at -O0 Eigen's expression constructors (`Transpose<Block>`, `CwiseBinaryOp`) copy a
// Block with memcpy, and the bytes that clang's struct type for it lays out as `[8 x i8]` (an
// empty member, `variable_if_dynamic<Index, 1>` of a fixed dimension such as MapBase's m_rows at
// offset 8 or BlockImpl_dense's m_startCol at 40, with the padding after it) are touched by no
// load or store anywhere, so type analysis leaves them unknown and reverse mode refuses the copy
// (CannotDeduceType); --loose-types passes. (The Block's index fields, which the copy reaches
// through the 1-byte references of its CRTP bases, are typed: types/extent.rs.) A fix must tell
// bytes nothing ever accesses from a char buffer that holds a double, e.g. by knowing that the
// memory is allocated in the analysed code and never reaches code the analysis does not see.
#include "../programs/r_cpp_eigen_dense.cpp"
