// TEST: reverse mode on float-only scalar code: Newton's method for a float square root with a do-while, a float series with early exit, a float RK2 loop and a float piecewise function, each against its double twin
#include "include/catalase_check.h"

float __enzyme_autodiff_f(void *, ...);

static float newton_sqrtf(float a) {
  float x = a > 1.0f ? a : 1.0f, prev;
  int it = 0;
  do {
    prev = x;
    x = 0.5f * (x + a / x);
  } while (fabsf(x - prev) > 1e-7f * x && ++it < 50);
  return x;
}
static float sinh_series(float x) {
  float term = x, sum = x;
  for (int k = 1; k < 40; k++) {
    term *= x * x / ((2.0f * k) * (2.0f * k + 1.0f));
    sum += term;
    if (fabsf(term) < 1e-9f * fabsf(sum)) break;
  }
  return sum;
}
static float rk2(float y0) {
  float y = y0, h = 0.05f;
  for (int s = 0; s < 40; s++) {
    float k1 = -y * y * 0.5f + sinf(y);
    float k2 = -(y + h * k1) * (y + h * k1) * 0.5f + sinf(y + h * k1);
    y += 0.5f * h * (k1 + k2);
  }
  return y;
}
static float piece(float x) { return x < 0.5f ? x * x * x : (x < 1.5f ? expf(x - 0.5f) * 0.125f : logf(x) + 0.3f * x); }

static double rk2_d(double y0) {
  double y = y0, h = 0.05;
  for (int s = 0; s < 40; s++) {
    double k1 = -y * y * 0.5 + sin(y), k2 = -(y + h * k1) * (y + h * k1) * 0.5 + sin(y + h * k1);
    y += 0.5 * h * (k1 + k2);
  }
  return y;
}
static double piece_d(double x) { return x < 0.5 ? x * x * x : (x < 1.5 ? exp(x - 0.5) * 0.125 : log(x) + 0.3 * x); }

int main(void) {
  float as[3] = {0.25f, 2.0f, 9.5f};
  for (int i = 0; i < 3; i++) CHECK_F32("float Newton sqrt: d/da", __enzyme_autodiff_f((void *)newton_sqrtf, as[i]), 0.5 / sqrt((double)as[i]));
  CHECK_F32("float sinh series: d/dx = cosh", __enzyme_autodiff_f((void *)sinh_series, 1.25f), cosh(1.25));
  CHECK_F32("float RK2, 40 steps: d/dy0", __enzyme_autodiff_f((void *)rk2, 0.75f), ck_fd1(rk2_d, 0.75));
  float ps[3] = {0.25f, 1.0f, 2.5f};
  for (int i = 0; i < 3; i++) CHECK_F32("float piecewise: d/dx", __enzyme_autodiff_f((void *)piece, ps[i]), ck_fd1(piece_d, (double)ps[i]));
  return ck_done();
}
