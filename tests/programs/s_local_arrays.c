// TEST: split mode where the function keeps work in local arrays and copies (a 2-D stencil on a stack grid filled by memcpy, a local accumulator array, a struct of arrays on the stack): their shadows must outlive the augmented call until the reverse call, which frees them
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define G 4

struct fields { double u[G * G]; double flux[G]; };

static double stencil(const double *init, double nu) {
  double grid[G * G], next[G * G];
  struct fields f;
  memcpy(grid, init, sizeof grid);
  for (int step = 0; step < 3; step++) {
    for (int i = 0; i < G; i++)
      for (int j = 0; j < G; j++) {
        int k = i * G + j;
        double l = i > 0 ? grid[k - G] : 0.0, r = i < G - 1 ? grid[k + G] : 0.0;
        double d = j > 0 ? grid[k - 1] : 0.0, t = j < G - 1 ? grid[k + 1] : 0.0;
        next[k] = grid[k] + nu * (l + r + d + t - 4.0 * grid[k]) + 0.05 * sin(grid[k]);
      }
    memcpy(grid, next, sizeof grid);
  }
  memcpy(f.u, grid, sizeof f.u);
  for (int i = 0; i < G; i++) {
    f.flux[i] = 0.0;
    for (int j = 0; j < G; j++) f.flux[i] += f.u[i * G + j] * f.u[i * G + j];
  }
  double s = 0.0;
  for (int i = 0; i < G; i++) s += sqrt(f.flux[i] + 1.0);
  return s;
}

static double INIT[G * G];
static double NU = 0.15;
static double F_x(double *x) { return stencil(x, NU); }
static double F_nu(double nu) { return stencil(INIT, nu); }

int main(void) {
  for (int k = 0; k < G * G; k++) INIT[k] = 0.5 * cos(0.9 * k) + 0.1 * k;
  double x[G * G], dx[G * G] = {0}, xr[G * G];
  memcpy(x, INIT, sizeof x);
  memcpy(xr, INIT, sizeof xr);
  ck_aug a = __enzyme_augmentfwd((void *)stencil, enzyme_dup, x, dx, NU);
  CHECK_PRIMAL("stencil: primal", a.primal, F_x(xr));
  double dnu = __enzyme_reverse((void *)stencil, enzyme_dup, x, dx, NU, 1.0, a.tape);
  ck_gradient("stencil on local grids", dx, F_x, xr, G * G);
  CHECK("stencil: d/dnu", dnu, ck_fd1(F_nu, NU));
  return ck_done();
}
