// TEST: less common C shapes inside differentiated code, reverse and forward: mutual recursion, a static noinline helper called with different activities, a switch over a computed index selecting formulas, a do-while with goto-based retry, a loop whose trip count is a float comparison, and a local struct of arrays updated in place
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double dx, dy; } G2;
G2 __enzyme_autodiff_g2(void *, ...);

static double odd_f(double x, int n);
static double even_f(double x, int n) { return n == 0 ? x : odd_f(x * 1.1, n - 1) + cos(x); }
static double odd_f(double x, int n) { return n == 0 ? x * x : even_f(sin(x) + x, n - 1) * 0.9; }
static double mutual(double x) { return even_f(x, 7); }

__attribute__((noinline)) static double helper(double a, double b) { return a * exp(-b * a) + b; }
static double many_sites(double x, double y) {
  return helper(x, 0.5) + helper(0.3, y) + helper(x, y) + helper(2.0, 1.0) * x;
}
static double FX_ms(double x) { return many_sites(x, 0.4); }
static double FY_ms(double y) { return many_sites(0.9, y); }

static double formulas(double x) {
  double s = 0.0;
  for (int i = 0; i < 9; i++) {
    switch ((i * 7 + (int)(x * 3.0)) % 5) {
    case 0: s += x * x; break;
    case 1: s += sin(x * i); break;
    case 2: s -= log(1.0 + x * x) * i; break;
    case 3: s *= 0.9; /* fall through */
    case 4: s += sqrt(x + i); break;
    }
  }
  return s;
}

static double retry(double x) {
  double y = x;
  int tries = 0;
again:
  do {
    y = 0.5 * (y + x / y);
    tries++;
  } while (tries % 3 != 0);
  if (fabs(y * y - x) > 1e-12 && tries < 30) goto again;
  return y * (1.0 + x);
}

static double float_trip(double x) {
  double s = 0.0;
  for (double t = 0.0; t < 2.0; t += 0.25) s += exp(-t * x) * 0.25;
  return s;
}

typedef struct { double pos[4]; double vel[4]; } SoA;
static double soa(double k) {
  SoA s;
  for (int i = 0; i < 4; i++) { s.pos[i] = i * 0.5; s.vel[i] = k * (i - 1.5); }
  for (int step = 0; step < 10; step++)
    for (int i = 0; i < 4; i++) {
      s.vel[i] -= 0.1 * k * s.pos[i];
      s.pos[i] += 0.1 * s.vel[i];
    }
  double e = 0.0;
  for (int i = 0; i < 4; i++) e += s.pos[i] * s.pos[i] + s.vel[i] * s.vel[i];
  return e;
}

int main(void) {
  G2 g;
  CHECK("mutual recursion", __enzyme_autodiff((void *)mutual, 0.7), ck_fd1(mutual, 0.7));
  CHECK("mutual recursion forward", __enzyme_fwddiff((void *)mutual, 0.7, 1.0), ck_fd1(mutual, 0.7));
  g = __enzyme_autodiff_g2((void *)many_sites, 0.9, 0.4);
  CHECK("noinline helper at many sites d/dx", g.dx, ck_fd1(FX_ms, 0.9));
  CHECK("noinline helper at many sites d/dy", g.dy, ck_fd1(FY_ms, 0.4));
  CHECK("switch of formulas", __enzyme_autodiff((void *)formulas, 1.45), ck_fd1(formulas, 1.45));
  CHECK("switch of formulas forward", __enzyme_fwddiff((void *)formulas, 1.45, 1.0), ck_fd1(formulas, 1.45));
  CHECK("goto retry loop", __enzyme_autodiff((void *)retry, 2.7), ck_fd1(retry, 2.7));
  CHECK("float trip count", __enzyme_autodiff((void *)float_trip, 0.6), ck_fd1(float_trip, 0.6));
  CHECK("struct of arrays", __enzyme_autodiff((void *)soa, 1.2), ck_fd1(soa, 1.2));
  CHECK("struct of arrays forward", __enzyme_fwddiff((void *)soa, 1.2, 1.0), ck_fd1(soa, 1.2));
  return ck_done();
}
