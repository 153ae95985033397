// TEST: __enzyme_batch (ABI §1, §3.3): enzyme_scalar / enzyme_vector / enzyme_buffer arguments and the default (one value per lane), results gathered into a struct of lanes (in registers and through sret), a void function writing through per-lane pointers, width 1, a batch of a function that calls __enzyme_fwddiff (checked against finite differences), and __enzyme_fwddiff of a function that batches
#include "include/catalase_check.h"

extern int enzyme_scalar, enzyme_vector, enzyme_buffer;

typedef struct { double a, b; } two;
typedef struct { double v[5]; } five;
two __enzyme_batch_two(void *, ...) __asm__("__enzyme_batch");
five __enzyme_batch_five(void *, ...) __asm__("__enzyme_batch");
double __enzyme_batch_one(void *, ...) __asm__("__enzyme_batch");
void __enzyme_batch(void *, ...);
double __enzyme_fwddiff(void *, ...);

/* a scale, a point, and an integer exponent per lane */
static double poly(double s, double x, int k) {
  double p = 1.0;
  for (int i = 0; i < k; i++)
    p *= x;
  return s * p + sin(x);
}

typedef struct { int tag; double x; double y; double out; } rec;

/* writes through its pointer: the lanes must see their own record */
static void fill(rec *r, double w) { r->out = r->tag * w + r->x * r->y; }

static double dpoly_dx(double s, double x) { return __enzyme_fwddiff((void *)poly, s, 0.0, x, 1.0, 3); }

/* sum over three lanes of poly at x, 2x, 3x: batched inside a function that is differentiated */
static double spread(double x) {
  two p = __enzyme_batch_two((void *)poly, enzyme_width, 2, enzyme_scalar, 1.5, enzyme_vector, x, 2.0 * x, enzyme_vector, 2, 3);
  double q = __enzyme_batch_one((void *)poly, enzyme_width, 1, 0.5, 3.0 * x, 1);
  return p.a + p.b + q;
}

static double S_FIXED = 0.8;
static double poly_at(double x) { return poly(S_FIXED, x, 3); }

int main(void) {
  char name[96];
  double xs[5] = {0.3, -1.2, 2.0, 0.75, -0.4};

  five f = __enzyme_batch_five((void *)poly, enzyme_width, 5, enzyme_scalar, 2.5, xs[0], xs[1], xs[2], xs[3], xs[4],
                               enzyme_vector, 0, 1, 2, 3, 4);
  for (int l = 0; l < 5; l++) {
    snprintf(name, sizeof name, "width5 sret lane%d", l);
    CHECK_PRIMAL(name, f.v[l], poly(2.5, xs[l], l));
  }

  two t = __enzyme_batch_two((void *)poly, enzyme_vector, 1.0, -2.0, enzyme_width, 2, xs[2], xs[3], enzyme_scalar, 2);
  CHECK_PRIMAL("width2 marker late, lane0", t.a, poly(1.0, xs[2], 2));
  CHECK_PRIMAL("width2 marker late, lane1", t.b, poly(-2.0, xs[3], 2));

  double one = __enzyme_batch_one((void *)poly, enzyme_width, 1, 3.0, 0.9, 4);
  CHECK_PRIMAL("width1", one, poly(3.0, 0.9, 4));

  rec rs[3] = {{1, 0.5, 2.0, 0.0}, {2, -1.0, 3.0, 0.0}, {3, 4.0, 0.25, 0.0}};
  __enzyme_batch((void *)fill, enzyme_width, 3, enzyme_buffer, (long)sizeof(rec), rs, enzyme_scalar, 10.0);
  for (int l = 0; l < 3; l++) {
    snprintf(name, sizeof name, "buffer lane%d", l);
    CHECK_PRIMAL(name, rs[l].out, rs[l].tag * 10.0 + rs[l].x * rs[l].y);
  }
  rec a = {4, 1.5, 2.0, 0.0}, b = {5, -0.5, 6.0, 0.0};
  __enzyme_batch((void *)fill, enzyme_width, 2, &a, &b, enzyme_vector, 1.0, -1.0);
  CHECK_PRIMAL("default pointers lane0", a.out, 4 * 1.0 + 1.5 * 2.0);
  CHECK_PRIMAL("default pointers lane1", b.out, 5 * -1.0 + -0.5 * 6.0);

  two d = __enzyme_batch_two((void *)dpoly_dx, enzyme_width, 2, enzyme_scalar, S_FIXED, enzyme_vector, xs[0], xs[4]);
  CHECK("batch of a derivative lane0", d.a, ck_fd1(poly_at, xs[0]));
  CHECK("batch of a derivative lane1", d.b, ck_fd1(poly_at, xs[4]));

  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "derivative of a batch at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)spread, xs[i], 1.0), ck_fd1(spread, xs[i]));
  }
  return ck_done();
}
