// TEST: a struct of arrays (pointers to the data, a count and a scale factor) passed by pointer with enzyme_dup: the shadow struct holds the shadow arrays (the layout Enzyme users write for particle systems and meshes), read in a loop, in reverse, forward and split-friendly shapes; plus a struct of arrays returned through an out pointer
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double *x, *y, *m;
  int n;
  double g;
} particles;

static double energy(const particles *p) {
  double e = 0.0;
  for (int i = 0; i < p->n; i++) {
    e += 0.5 * p->m[i] * (p->x[i] * p->x[i] + p->y[i] * p->y[i]) + p->g * p->m[i] * p->y[i];
    for (int j = i + 1; j < p->n; j++) {
      double dx = p->x[i] - p->x[j], dy = p->y[i] - p->y[j];
      e += p->m[i] * p->m[j] / sqrt(dx * dx + dy * dy + 0.1);
    }
  }
  return e;
}

/* Moves the particles one explicit step; the energy afterwards. */
static double step_energy(particles *p, double dt) {
  for (int i = 0; i < p->n; i++) {
    p->x[i] += dt * p->y[i];
    p->y[i] -= dt * p->g * p->m[i];
  }
  return energy(p);
}

#define N 4
static double X0[3 * N] = {0.1, 0.9, -0.4, 0.5, 0.3, -0.2, 0.8, -0.7, 1.0, 2.0, 1.5, 0.7};
static double F_energy(double *v) {
  particles p = {v, v + N, v + 2 * N, N, 0.3};
  return energy(&p);
}
static double F_step(double *v) {
  double w[3 * N];
  memcpy(w, v, sizeof w);
  particles p = {w, w + N, w + 2 * N, N, 0.3};
  return step_energy(&p, 0.05);
}

int main(void) {
  double v[3 * N], dv[3 * N] = {0};
  memcpy(v, X0, sizeof v);
  particles p = {v, v + N, v + 2 * N, N, 0.3};
  particles dp = {dv, dv + N, dv + 2 * N, N, 0.0};
  __enzyme_autodiff((void *)energy, enzyme_dup, &p, &dp);
  ck_gradient("struct of arrays: energy", dv, F_energy, v, 3 * N);
  double dir[3 * N], t[3 * N];
  for (int i = 0; i < 3 * N; i++) dir[i] = t[i] = sin(1.1 * i + 0.3);
  particles tp = {t, t + N, t + 2 * N, N, 0.0};
  CHECK("struct of arrays: forward vs reverse", __enzyme_fwddiff((void *)energy, enzyme_dup, &p, &tp),
        ck_dot(dv, dir, 3 * N));

  double w[3 * N], dw[3 * N] = {0};
  memcpy(w, X0, sizeof w);
  particles q = {w, w + N, w + 2 * N, N, 0.3};
  particles dq = {dw, dw + N, dw + 2 * N, N, 0.0};
  __enzyme_autodiff((void *)step_energy, enzyme_dup, &q, &dq, enzyme_const, 0.05);
  ck_gradient("struct of arrays: step then energy", dw, F_step, v, 3 * N);
  return ck_done();
}
