// TEST: forward mode through a pointer to active memory kept as uintptr_t bits and turned back with inttoptr in a noinline callee; at -O3 argument promotion passes the bits by value as an i64 parameter, whose shadow did not make the call's result active (a silent zero tangent). Reverse mode of the same code: tests/regressions/rev_pointer_stored_as_integer.c.
#include <stdint.h>
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

typedef struct { double k, m; } Ctx;

__attribute__((noinline)) static double by_bits(const uintptr_t *slot, double t) {
  const Ctx *c = (const Ctx *)*slot;
  return sin(c->k * t) + c->m * t;
}
static double f_bits(double x, double k) {
  Ctx c = {k, 1.0 / k};
  uintptr_t slot = (uintptr_t)&c;
  return by_bits(&slot, x);
}
static double FK(double k) { return f_bits(0.7, k); }
static double FX(double x) { return f_bits(x, 1.3); }

int main(void) {
  CHECK("pointer as uintptr_t bits, d/dk", __enzyme_fwddiff((void *)f_bits, enzyme_const, 0.7, 1.3, 1.0), ck_fd1(FK, 1.3));
  CHECK("pointer as uintptr_t bits, d/dx", __enzyme_fwddiff((void *)f_bits, 0.7, 1.0, 1.3, 0.0), ck_fd1(FX, 0.7));
  return ck_done();
}
