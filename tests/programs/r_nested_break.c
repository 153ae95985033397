// TEST: reverse mode through nested loops left early: a break out of both loops with a flag, a goto out of a triple loop, and a continue, with trip counts that depend on the data
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static double scan(double x, int n) {
  double s = 0.0;
  int done = 0;
  for (int i = 0; i < n && !done; i++) {
    for (int j = 0; j <= i; j++) {
      double t = sin(x * (i + 1)) * cos(x * (j + 1));
      if (t < -0.9) { done = 1; break; }
      if (t > 0.8) continue;
      s += t * x;
    }
  }
  return s;
}

static double search(double x, double y) {
  double acc = 1.0;
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++)
      for (int k = 0; k < 6; k++) {
        acc = acc * 0.97 + x * y / (1.0 + i + j * k);
        if (acc > 4.0 + y) goto out;
      }
out:
  return acc * acc;
}

static int NN = 12;
static double Y = 0.9;
static double scan_x(double x) { return scan(x, NN); }
static double search_x(double x) { return search(x, Y); }

int main(void) {
  double xs[3] = {0.31, 0.77, 1.9};
  for (int i = 0; i < 3; i++)
    CHECK("break out of two loops: d/dx", __enzyme_autodiff((void *)scan, xs[i], enzyme_const, NN), ck_fd1(scan_x, xs[i]));
  for (int i = 0; i < 3; i++)
    CHECK("goto out of three loops: d/dx", __enzyme_autodiff((void *)search, xs[i], enzyme_const, Y), ck_fd1(search_x, xs[i]));
  return ck_done();
}
