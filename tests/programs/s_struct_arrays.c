// TEST: split mode over arrays of structs: particles with position, velocity and mass fields updated in place by a few symplectic Euler steps with pairwise forces; the reverse call runs after the particle array was overwritten with other data
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define P 3
struct particle { double x, y, vx, vy, m; };

static double simulate(struct particle *ps, double k) {
  const double h = 0.02;
  for (int step = 0; step < 5; step++) {
    for (int i = 0; i < P; i++)
      for (int j = 0; j < P; j++) {
        if (i == j) continue;
        double dx = ps[j].x - ps[i].x, dy = ps[j].y - ps[i].y;
        double r2 = dx * dx + dy * dy + 0.1;
        double f = k * ps[j].m / (r2 * sqrt(r2));
        ps[i].vx += h * f * dx;
        ps[i].vy += h * f * dy;
      }
    for (int i = 0; i < P; i++) { ps[i].x += h * ps[i].vx; ps[i].y += h * ps[i].vy; }
  }
  double e = 0.0;
  for (int i = 0; i < P; i++) e += ps[i].m * (ps[i].x * ps[i].x + 2.0 * ps[i].y * ps[i].y);
  return e;
}

static const struct particle INIT[P] = {{0.0, 0.0, 0.1, 0.0, 1.0}, {1.0, 0.2, 0.0, 0.3, 0.5}, {-0.4, 0.9, -0.2, 0.0, 2.0}};
static double K = 0.8;
static double F_s(double *flat) { struct particle ps[P]; memcpy(ps, flat, sizeof ps); return simulate(ps, K); }
static double F_k(double k) { struct particle ps[P]; memcpy(ps, INIT, sizeof ps); return simulate(ps, k); }

int main(void) {
  struct particle ps[P], dps[P];
  memcpy(ps, INIT, sizeof ps);
  memset(dps, 0, sizeof dps);
  ck_aug a = __enzyme_augmentfwd((void *)simulate, enzyme_dup, ps, dps, K);
  double flat[P * 5];
  memcpy(flat, INIT, sizeof flat);
  CHECK_PRIMAL("particles: primal", a.primal, F_s(flat));
  memset(ps, 0x7f, sizeof ps); /* overwritten between the calls */
  double dk = __enzyme_reverse((void *)simulate, enzyme_dup, ps, dps, K, 1.0, a.tape);
  ck_gradient("particles: d/d(fields)", (const double *)dps, F_s, flat, P * 5);
  CHECK("particles: d/dk", dk, ck_fd1(F_k, K));
  return ck_done();
}
