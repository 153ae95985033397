// TEST: a pointer to active memory stored as an integer (`ptrtoint`: a union's uintptr_t member, a C++ std::function's captured pointer at -O1) and loaded back as a pointer (or as an integer turned back by inttoptr) in a noinline callee. Reverse mode left the slot's shadow zero: the callee loaded a null shadow pointer and wrote the adjoint through it (a segfault at -O0, main folded to `unreachable` at -O1/-O2). The forward sweep now stores the bits of the shadow pointer, and an inttoptr of a loaded pointer's bits (or of a ptrtoint) gets the shadow back. At -O3 argument promotion passes the slot's bits by value (`inner(i64 %bits, ...)`, `inttoptr` in the callee). That was a silent zero in both modes (the i64 argument's shadow did not make the call's result active, and reverse mode passed the i64 as constant); forward mode passes it since tests/programs/bh_pointer_bits_argpromotion_fwd.c, and reverse mode passes the bits of the shadow pointer as the argument's shadow (`enzyme_dup` on the i64 parameter of the call's parts).
#include <stdint.h>
#include "../programs/include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct { double k, m; } Ctx;
typedef union { uintptr_t i; const Ctx *p; } Slot;

__attribute__((noinline)) static double by_union(const Slot *s, double t) { return s->p->k * t * t + s->p->m * t; }
static double f_union(double x, double k) {
  Ctx c = {k, k * k};
  Slot s;
  s.i = (uintptr_t)&c;
  return by_union(&s, x);
}

__attribute__((noinline)) static double by_bits(const uintptr_t *slot, double t) {
  const Ctx *c = (const Ctx *)*slot;
  return sin(c->k * t) + c->m;
}
static double f_bits(double x, double k) {
  Ctx c = {k, 1.0 / k};
  uintptr_t slot = (uintptr_t)&c;
  return by_bits(&slot, x);
}

static double FK_union(double k) { return f_union(1.5, k); }
static double FK_bits(double k) { return f_bits(0.7, k); }

int main(void) {
  CHECK("pointer in a union's integer (reverse)", __enzyme_autodiff((void *)f_union, enzyme_const, 1.5, 2.0), ck_fd1(FK_union, 2.0));
  CHECK("pointer in a union's integer (forward)", __enzyme_fwddiff((void *)f_union, enzyme_const, 1.5, 2.0, 1.0), ck_fd1(FK_union, 2.0));
  CHECK("pointer as uintptr_t bits (reverse)", __enzyme_autodiff((void *)f_bits, enzyme_const, 0.7, 1.3), ck_fd1(FK_bits, 1.3));
  CHECK("pointer as uintptr_t bits (forward)", __enzyme_fwddiff((void *)f_bits, enzyme_const, 0.7, 1.3, 1.0), ck_fd1(FK_bits, 1.3));
  return ck_done();
}
