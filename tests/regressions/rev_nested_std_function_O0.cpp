// TEST: reverse mode through a std::function whose lambda captures another std::function by reference (`g = [&f](double t) { return f(t); }`), at -O0: the reverse part of f's lambda (`operator()`, its closure passed enzyme_dup) dereferences a null shadow closure pointer and the program dies with SIGSEGV (found with tests/programs/bh_cpp_stdlib_mix.cpp; already so before the fix below). Diagnosis: `_M_create` copies g's closure {ptr &f} into _Any_data with an 8-byte memcpy, which Catalase's simplification (instcombine) turns into `load i64` + `store i64`; inside `_M_create` type analysis does not see that the i64 holds a pointer (the closure's layout is only known in the caller), so `pointer_bits` is false, the store's shadow is not mirrored, and the shadow of g's _Any_data slot stays zero; g's operator() then loads a null shadow for &f. A real memcpy of unknown content copies the shadow bytes (`forward_copy`); the integer pair did not. Fixed: an `i64` that is only stored again, of content type analysis cannot classify or sees as several kinds (the summary of `_M_create` joins its callers' closures), carries its shadow bits like a pointer's (`pointer_bits`). A single std::function passes at -O0. At -O1 g's closure pointer is stored into std::function's _Any_data as an integer (`ptrtoint`): reverse mode left that slot's shadow zero and main folded to `unreachable` (exit with a garbage status); fixed with rev_pointer_stored_as_integer.c, so -O1 and above pass.
#include "../programs/include/catalase_check.h"
#include <functional>

extern "C" double __enzyme_autodiff(void *, ...);

static double nested(double x, double k) {
  std::function<double(double)> f = [k](double t) { return std::sin(k * t) + t * t; };
  std::function<double(double)> g = [&f](double t) { return f(t) * f(0.5 * t); };
  return g(x) + f(x * k);
}
static double FX(double x) { return nested(x, 1.7); }

int main() {
  CHECK("nested std::function (reverse)", __enzyme_autodiff((void *)nested, 0.8, enzyme_const, 1.7), ck_fd1(FX, 0.8));
  return ck_done();
}
