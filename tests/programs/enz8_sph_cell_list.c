// TEST: reverse and forward mode through a smoothed-particle-hydrodynamics step: particles in an array of structs {x, y, vx, vy, rho, p}, a cell list rebuilt from floor of the active positions into int head/next arrays, neighbour loops over the 3x3 cells with a cubic-spline kernel and its gradient (branches on q < 1, q < 2), an equation of state with pow, symmetric pressure forces and a leapfrog update over two steps; gradient of the kinetic-plus-potential energy with respect to the initial positions and velocities against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NP 8
#define NCELL 4
#define HS 0.35

typedef struct {
  double x, y, vx, vy, rho, p;
} particle;

static double W(double r) {
  double q = r / HS, s = 10.0 / (7.0 * M_PI * HS * HS);
  if (q < 1.0) return s * (1.0 - 1.5 * q * q + 0.75 * q * q * q);
  if (q < 2.0) { double t = 2.0 - q; return s * 0.25 * t * t * t; }
  return 0.0;
}

static double dW(double r) {
  double q = r / HS, s = 10.0 / (7.0 * M_PI * HS * HS * HS);
  if (q < 1.0) return s * (-3.0 * q + 2.25 * q * q);
  if (q < 2.0) { double t = 2.0 - q; return -0.75 * s * t * t; }
  return 0.0;
}

static int cell_of(double x, double y) {
  int cx = (int)floor(x / (2.0 * HS)), cy = (int)floor(y / (2.0 * HS));
  if (cx < 0) cx = 0;
  if (cx >= NCELL) cx = NCELL - 1;
  if (cy < 0) cy = 0;
  if (cy >= NCELL) cy = NCELL - 1;
  return cy * NCELL + cx;
}

static void build(const particle *ps, int *head, int *next) {
  for (int c = 0; c < NCELL * NCELL; c++) head[c] = -1;
  for (int i = 0; i < NP; i++) {
    int c = cell_of(ps[i].x, ps[i].y);
    next[i] = head[c];
    head[c] = i;
  }
}

#define FOR_NEIGHBOURS(i, j, ...)                                               \
  do {                                                                          \
    int c_ = cell_of(ps[i].x, ps[i].y), cx_ = c_ % NCELL, cy_ = c_ / NCELL;     \
    for (int oy_ = -1; oy_ <= 1; oy_++)                                         \
      for (int ox_ = -1; ox_ <= 1; ox_++) {                                     \
        int nx_ = cx_ + ox_, ny_ = cy_ + oy_;                                   \
        if (nx_ < 0 || ny_ < 0 || nx_ >= NCELL || ny_ >= NCELL) continue;       \
        for (int j = head[ny_ * NCELL + nx_]; j >= 0; j = next[j]) { __VA_ARGS__ } \
      }                                                                         \
  } while (0)

static void sph_step(particle *ps, double dt) {
  int head[NCELL * NCELL], next[NP];
  build(ps, head, next);
  for (int i = 0; i < NP; i++) {
    double rho = 0.0;
    FOR_NEIGHBOURS(i, j, {
      double dx = ps[i].x - ps[j].x, dy = ps[i].y - ps[j].y;
      rho += W(sqrt(dx * dx + dy * dy + 1e-12));
    });
    ps[i].rho = rho;
    ps[i].p = 2.0 * (pow(rho / 1.5, 1.5) - 1.0);
  }
  double ax[NP], ay[NP];
  for (int i = 0; i < NP; i++) {
    ax[i] = 0.0;
    ay[i] = -0.5;
    FOR_NEIGHBOURS(i, j, {
      if (j == i) continue;
      double dx = ps[i].x - ps[j].x, dy = ps[i].y - ps[j].y;
      double r = sqrt(dx * dx + dy * dy);
      double f = -(ps[i].p / (ps[i].rho * ps[i].rho) + ps[j].p / (ps[j].rho * ps[j].rho)) * dW(r) / r;
      ax[i] += f * dx;
      ay[i] += f * dy;
    });
  }
  for (int i = 0; i < NP; i++) {
    ps[i].vx += dt * ax[i];
    ps[i].vy += dt * ay[i];
    ps[i].x += dt * ps[i].vx;
    ps[i].y += dt * ps[i].vy;
  }
}

/* state: x, y, vx, vy per particle */
static double sph_energy(const double *s) {
  particle ps[NP];
  for (int i = 0; i < NP; i++) {
    ps[i].x = s[4 * i];
    ps[i].y = s[4 * i + 1];
    ps[i].vx = s[4 * i + 2];
    ps[i].vy = s[4 * i + 3];
    ps[i].rho = ps[i].p = 0.0;
  }
  for (int k = 0; k < 2; k++) sph_step(ps, 0.01);
  double e = 0.0;
  for (int i = 0; i < NP; i++) e += 0.5 * (ps[i].vx * ps[i].vx + ps[i].vy * ps[i].vy) + 0.5 * ps[i].y + 0.1 * ps[i].rho;
  return e;
}

static double F(double *s) { return sph_energy(s); }

int main(void) {
  double s[4 * NP], ds[4 * NP] = {0}, v[4 * NP];
  for (int i = 0; i < NP; i++) {
    s[4 * i] = 0.45 + 0.31 * (i % 4) + 0.02 * sin(3.1 * i);
    s[4 * i + 1] = 0.5 + 0.29 * (i / 4) + 0.03 * cos(2.3 * i);
    s[4 * i + 2] = 0.1 * sin(1.1 * i);
    s[4 * i + 3] = -0.05 * cos(0.7 * i);
  }
  for (int i = 0; i < 4 * NP; i++) v[i] = 0.1 * ((i * 7) % 5) - 0.2;
  __enzyme_autodiff((void *)sph_energy, enzyme_dup, s, ds);
  ck_gradient("sph step: d/ds", ds, F, s, 4 * NP);
  double jv = __enzyme_fwddiff((void *)sph_energy, enzyme_dup, s, v);
  CHECK("sph step: dot test", ck_dot(ds, v, 4 * NP), jv);
  return ck_done();
}
