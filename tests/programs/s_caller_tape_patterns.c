// TEST: __enzyme_augmentsize per activity pattern: the same function with different activities needs a tape or none (an inactive argument's values are not saved), each pattern's augmented and reverse calls use a caller buffer of exactly its size, and a function that saves nothing in any pattern reports 0 and runs with no buffer at all
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
typedef struct { double da, db; } g2;
g2 __enzyme_reverse(void *, ...);
double __enzyme_reverse_1(void *, ...);

/* Linear in b: with b inactive and a active nothing is read back but the constant b; quad reads exp(a) back for d/db. */
static double lin(double a, double b) { return a * b + 3.0 * a; }
static double quad(double a, double b) { return exp(a) * b + sin(b); }
static double B = 1.7, A = 0.6;
static double quad_a(double a) { return quad(a, B); }
static double quad_b(double b) { return quad(A, b); }

int main(void) {
  int s_lin_oc = __enzyme_augmentsize((void *)lin, enzyme_out, enzyme_const);
  int s_quad_oo = __enzyme_augmentsize((void *)quad, enzyme_out, enzyme_out);
  int s_quad_oc = __enzyme_augmentsize((void *)quad, enzyme_out, enzyme_const);
  printf("sizes: lin(out, const) %d, quad(out, out) %d, quad(out, const) %d\n", s_lin_oc, s_quad_oo, s_quad_oc);
  CHECK_PRIMAL("lin(out, const) saves nothing", s_lin_oc, 0);
  CHECK_PRIMAL("quad(out, out) has a tape", s_quad_oo > 0, 1);
  {
    double p = __enzyme_augmentfwd((void *)lin, enzyme_allocated, s_lin_oc, enzyme_tape, (void *)0, A, enzyme_const, B);
    CHECK_PRIMAL("lin: primal", p, lin(A, B));
    double da = __enzyme_reverse_1((void *)lin, enzyme_allocated, s_lin_oc, enzyme_tape, (void *)0, A, enzyme_const, B, 1.0);
    CHECK("lin: d/da", da, B + 3.0);
  }
  {
    char tape[32];
    double p = __enzyme_augmentfwd((void *)quad, enzyme_allocated, s_quad_oo, enzyme_tape, tape, A, B);
    CHECK_PRIMAL("quad: primal", p, quad(A, B));
    g2 g = __enzyme_reverse((void *)quad, enzyme_allocated, s_quad_oo, enzyme_tape, tape, A, B, 1.0);
    CHECK("quad(out, out): d/da", g.da, ck_fd1(quad_a, A));
    CHECK("quad(out, out): d/db", g.db, ck_fd1(quad_b, B));
  }
  {
    char tape[32];
    __enzyme_augmentfwd((void *)quad, enzyme_allocated, s_quad_oc, enzyme_tape, tape, A, enzyme_const, B);
    double da = __enzyme_reverse_1((void *)quad, enzyme_allocated, s_quad_oc, enzyme_tape, tape, A, enzyme_const, B, 1.0);
    CHECK("quad(out, const): d/da", da, ck_fd1(quad_a, A));
  }
  return ck_done();
}
