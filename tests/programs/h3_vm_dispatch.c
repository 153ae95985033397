// TEST: reverse and split mode through an interpreter: a switch-dispatched stack machine whose double stack is indexed by a run-time stack pointer (pushes, binary ops, dup, swap, a conditional jump on an active comparison), and a table of function pointers indexed by opcodes read from an int program (each entry a different static function, some taking a constant coefficient); gradients against finite differences, the dot-product test against forward mode, and split tapes
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

enum { PUSHX, PUSHC, ADD, MUL, SIN, DUP, SWAP, DIV, JLT, POP, HALT };
/* x0*x1 + 2 -> sin -> / (1 + x2^2) -> + x3 -> * x4; then if top < x5 jump to +x5, else *0.5 */
static const int PROG[] = {PUSHX, 0, PUSHX, 1, MUL, PUSHC, 2, ADD, SIN, PUSHX, 2, DUP, MUL, DIV, PUSHX, 3,
                           SWAP, ADD, PUSHX, 4, MUL, DUP, PUSHX, 5, JLT, 32, PUSHC, 0, MUL, HALT, HALT, HALT,
                           PUSHX, 5, ADD, HALT};
static const double CONSTS[] = {0.5, 1.5, 2.0};

static double vm(const double *x, int n) {
  double st[16];
  int sp = 0, pc = 0;
  for (;;) {
    switch (PROG[pc++]) {
    case PUSHX: st[sp++] = x[PROG[pc++] % n]; break;
    case PUSHC: st[sp++] = CONSTS[PROG[pc++]]; break;
    case ADD: sp--; st[sp - 1] += st[sp]; break;
    case MUL: sp--; st[sp - 1] *= st[sp]; break;
    case DIV: sp--; st[sp - 1] /= (1.0 + st[sp]); break;
    case SIN: st[sp - 1] = sin(st[sp - 1]); break;
    case DUP: st[sp] = st[sp - 1]; sp++; break;
    case SWAP: {
      double t = st[sp - 1];
      st[sp - 1] = st[sp - 2];
      st[sp - 2] = t;
      break;
    }
    case JLT: { /* pops b, a: jump when a < b */
      int target = PROG[pc++];
      sp -= 2;
      if (st[sp] < st[sp + 1]) pc = target;
      break;
    }
    case POP: sp--; break;
    default: return st[sp - 1];
    }
  }
}

/* ---- a table of unary/binary stages, chosen by an int program ---- */
typedef double (*stage)(double acc, double xi, double c);
static double st_add(double a, double x, double c) { return a + c * x; }
static double st_mul(double a, double x, double c) { return a * (1.0 + c * x); }
static double st_exp(double a, double x, double c) { (void)c; return a + exp(-x * x); }
static double st_atan(double a, double x, double c) { return atan2(a, x + c); }
static double st_sq(double a, double x, double c) { (void)x; return a * a * c; }
static stage const TABLE[] = {st_add, st_mul, st_exp, st_atan, st_sq};
static const int OPS[] = {0, 1, 2, 3, 1, 4, 0, 2, 3};
static double pipeline(const double *x, int n, const double *coef) {
  double acc = 0.3;
  for (int k = 0; k < (int)(sizeof OPS / sizeof OPS[0]); k++) acc = TABLE[OPS[k]](acc, x[k % n], coef[k % 3]);
  return acc;
}

#define N 6
static const double COEF[3] = {0.8, -0.4, 1.2};
static double F_vm(double *x) { return vm(x, N); }
static double F_pipe(double *x) { return pipeline(x, N, COEF); }

int main(void) {
  double one = 1.0;
  const double xs[2][N] = {{0.83, -0.61, 1.17, 0.37, -1.29, 1.61}, {0.83, -0.61, 1.17, 0.37, 1.29, -1.61}};
  const double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  for (int c = 0; c < 2; c++) {
    double x[N], dx[N] = {0}, dxs[N] = {0};
    memcpy(x, xs[c], sizeof x);
    char label[64];
    snprintf(label, sizeof label, "stack machine, branch %d", c);
    __enzyme_autodiff((void *)vm, enzyme_dup, x, dx, enzyme_const, N);
    ck_gradient(label, dx, F_vm, x, N);
    double jv = __enzyme_fwddiff((void *)vm, enzyme_dup, x, v, enzyme_const, N);
    ck_dot_test(label, &one, &jv, 1, dx, v, N);
    ck_aug a = __enzyme_augmentfwd((void *)vm, enzyme_dup, x, dxs, enzyme_const, N);
    CHECK_PRIMAL(label, a.primal, F_vm(x));
    __enzyme_reverse((void *)vm, enzyme_dup, x, dxs, enzyme_const, N, 1.0, a.tape);
    snprintf(label, sizeof label, "stack machine split, branch %d", c);
    ck_gradient(label, dxs, F_vm, x, N);
  }
  double x[N], dx[N] = {0}, dxs[N] = {0};
  memcpy(x, xs[0], sizeof x);
  __enzyme_autodiff((void *)pipeline, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, COEF);
  ck_gradient("function-pointer table pipeline", dx, F_pipe, x, N);
  double jv = __enzyme_fwddiff((void *)pipeline, enzyme_dup, x, v, enzyme_const, N, enzyme_const, COEF);
  ck_dot_test("function-pointer table pipeline", &one, &jv, 1, dx, v, N);
  ck_aug a = __enzyme_augmentfwd((void *)pipeline, enzyme_dup, x, dxs, enzyme_const, N, enzyme_const, COEF);
  __enzyme_reverse((void *)pipeline, enzyme_dup, x, dxs, enzyme_const, N, enzyme_const, COEF, 1.0, a.tape);
  ck_gradient("function-pointer table pipeline, split", dxs, F_pipe, x, N);
  return ck_done();
}
