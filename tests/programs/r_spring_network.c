// TEST: reverse mode through an energy assembled by calls to a helper per element (a 2-D spring network: spring_energy(i, j) reads two nodes from the coordinate array), gradient descent steps in place on a heap copy, and the forces checked against finite differences
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define NODES 5
static const int EDGES[7][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 2}, {1, 3}};

static double spring_energy(const double *q, int i, int j, double rest) {
  double dx = q[2 * i] - q[2 * j], dy = q[2 * i + 1] - q[2 * j + 1];
  double len = sqrt(dx * dx + dy * dy);
  return 0.5 * (len - rest) * (len - rest);
}

static double total_energy(const double *q, int nedges) {
  double e = 0.0;
  for (int k = 0; k < nedges; k++) e += spring_energy(q, EDGES[k][0], EDGES[k][1], 1.0 + 0.1 * k);
  return e;
}

static double relaxed_energy(const double *q0, int nedges, int iters) {
  double *q = malloc(sizeof(double) * 2 * NODES);
  memcpy(q, q0, sizeof(double) * 2 * NODES);
  for (int it = 0; it < iters; it++) {
    for (int n = 0; n < 2 * NODES; n++) {
      double save = q[n];
      q[n] = save + 1e-3;
      double ep = total_energy(q, nedges);
      q[n] = save;
      q[n] -= 0.05 * (ep - total_energy(q, nedges)) / 1e-3;
    }
  }
  double e = total_energy(q, nedges);
  free(q);
  return e;
}

static double Q0[2 * NODES] = {0.0, 0.0, 1.1, 0.1, 1.9, 0.9, 1.0, 1.7, -0.2, 1.0};
static double F_e(double *q) { return total_energy(q, 7); }
static double F_r(double *q) { return relaxed_energy(q, 7, 4); }

int main(void) {
  double dq[2 * NODES] = {0};
  __enzyme_autodiff((void *)total_energy, enzyme_dup, Q0, dq, enzyme_const, 7);
  ck_gradient("spring network energy", dq, F_e, Q0, 2 * NODES);
  memset(dq, 0, sizeof dq);
  __enzyme_autodiff((void *)relaxed_energy, enzyme_dup, Q0, dq, enzyme_const, 7, enzyme_const, 4);
  ck_gradient("energy after 4 relaxation sweeps", dq, F_r, Q0, 2 * NODES);
  return ck_done();
}
