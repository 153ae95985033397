// TEST: at -O3: reverse and forward mode through polymorphic terms held by std::shared_ptr in a std::vector, made inside the differentiated function with std::make_shared: a base class with a virtual evaluate and a std::vector<double> member of coefficients copied from the input, two derived terms overriding it (one calling the base version), shared_ptr copies kept in a second vector (reference counts above one), terms summed through the base pointer; gradients against finite differences, the dot-product test against forward mode
// LEVELS: O3
// KNOWN-BUG: a pointer to memory with derivatives is stored to memory that has no shadow
// Open (cpp7): at -O3, in std::vector<std::shared_ptr<Term>>::_M_realloc_insert, the store that
// moves a shared_ptr's object pointer into the new buffer (shared_ptr_base.h:1100) is refused:
// activity finds no shadow for the destination buffer there, though the same program passes at
// -O0..-O2 (tests/programs/cpp7_shared_polymorphic.cpp).
#include "../programs/cpp7_shared_polymorphic.cpp"
