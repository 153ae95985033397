// TEST: reductions under -ffast-math, which lets the loop vectorizer reassociate them: a product (llvm.vector.reduce.fmul, refused in reverse mode before), with a zero entry whose neighbours' adjoints must stay exact, a sum of products, and a running maximum
// CFLAGS: -ffast-math
#include <math.h>
#include <string.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out, enzyme_width;
double __enzyme_autodiff(void *, ...);

enum { N = 37 };

/* Π (1 + x[i]/8): the factors stay near 1, so the product is well scaled. */
static double product(const double *x) {
  double p = 1.0;
  for (int i = 0; i < N; i++) p *= 1.0 + x[i] / 8.0;
  return p;
}

/* A product seeded from a computed value, times a sum of squares. */
static double seeded_product(const double *x) {
  double s = 0.0, p = x[0] * 0.5 + 1.0;
  for (int i = 1; i < N; i++) {
    s += x[i] * x[i];
    p *= 1.0 + 0.1 * x[i];
  }
  return p * s;
}

static double biggest(const double *x) {
  double m = -1e30;
  for (int i = 0; i < N; i++) m = fmax(m, x[i] * x[i] - x[i]);
  return m;
}

/* Batched reverse (enzyme_width 2): out = product, seeded 1 and -2.5. */
static void product_out(const double *x, double *out) { *out = product(x) * seeded_product(x); }
static double product_times_seeded(double *x) { return product(x) * seeded_product(x); }

/* A macro, so that every __enzyme_autodiff names its function directly. */
#define CHECK(what, f, x0)                                    \
  do {                                                        \
    double x_[N], dx_[N];                                     \
    memcpy(x_, x0, sizeof x_);                                \
    memset(dx_, 0, sizeof dx_);                               \
    __enzyme_autodiff((void *)f, enzyme_dup, x_, dx_);        \
    ck_gradient(what, dx_, (ck_objective)f, x_, N);           \
  } while (0)

int main(void) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = 0.3 * sin(1.7 * i + 0.2);
  CHECK("product", product, x);
  CHECK("product and sum", seeded_product, x);
  CHECK("running maximum", biggest, x);
  /* A factor of exactly zero: every other entry's adjoint is zero, its own is the product of
     the others (a quotient y / factor would give NaN here). */
  {
    double xb[N], dx[2][N], out, dout[2] = {1.0, -2.5}, g[N];
    memcpy(xb, x, sizeof xb);
    memset(dx, 0, sizeof dx);
    __enzyme_autodiff((void *)product_out, enzyme_width, 2, enzyme_dup, xb, dx[0], dx[1], enzyme_dup, &out, &dout[0],
                      &dout[1]);
    for (int i = 0; i < N; i++) g[i] = dx[1][i] / -2.5;
    ck_gradient("width 2, lane 0", dx[0], product_times_seeded, xb, N);
    ck_gradient("width 2, lane 1 / -2.5", g, product_times_seeded, xb, N);
  }
  x[5] = -8.0;
  CHECK("product with a zero factor", product, x);
  return ck_done();
}
