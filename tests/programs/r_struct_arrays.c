// TEST: reverse mode through an array of structs (particles with position, velocity and an integer tag) passed with enzyme_dup: a velocity-Verlet step loop updating the structs in place, gradient of the final kinetic-plus-potential energy in every field
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

typedef struct {
  double x, v;
  int tag;
  double m;
} Particle;

#define NP 4

static void verlet(Particle *p, int np, int steps, double *energy) {
  double h = 0.01;
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < np; i++) {
      double f = -p[i].x * p[i].x * p[i].x - (p[i].tag ? 0.5 : 1.0) * p[i].x;
      p[i].v += 0.5 * h * f / p[i].m;
      p[i].x += h * p[i].v;
      f = -p[i].x * p[i].x * p[i].x - (p[i].tag ? 0.5 : 1.0) * p[i].x;
      p[i].v += 0.5 * h * f / p[i].m;
    }
  }
  double e = 0.0;
  for (int i = 0; i < np; i++) e += 0.5 * p[i].m * p[i].v * p[i].v + 0.25 * p[i].x * p[i].x * p[i].x * p[i].x;
  *energy = e;
}

static Particle P0[NP] = {{0.5, 0.1, 0, 1.0}, {-0.3, 0.4, 1, 2.0}, {0.9, -0.2, 0, 0.5}, {0.1, 0.0, 1, 1.5}};
/* Coordinates: x, v, m of each particle. */
static double F(double *q) {
  Particle p[NP];
  for (int i = 0; i < NP; i++) p[i] = (Particle){q[3 * i], q[3 * i + 1], P0[i].tag, q[3 * i + 2]};
  double e;
  verlet(p, NP, 250, &e);
  return e;
}

int main(void) {
  Particle p[NP], dp[NP];
  memcpy(p, P0, sizeof p);
  memset(dp, 0, sizeof dp);
  double e, de = 1.0;
  __enzyme_autodiff((void *)verlet, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 250, enzyme_dup, &e, &de);
  double q[3 * NP], grad[3 * NP];
  for (int i = 0; i < NP; i++) {
    q[3 * i] = P0[i].x, q[3 * i + 1] = P0[i].v, q[3 * i + 2] = P0[i].m;
    grad[3 * i] = dp[i].x, grad[3 * i + 1] = dp[i].v, grad[3 * i + 2] = dp[i].m;
  }
  ck_gradient("velocity Verlet over structs", grad, F, q, 3 * NP);
  return ck_done();
}
