// TEST: batched reverse mode (enzyme_width 2 and 3 in __enzyme_autodiff) with enzyme_out scalars whose gradients come back as one array per argument ({[N x double], [N x double]}), enzyme_dupv/enzyme_dupnoneedv shadows strided in bytes through one base pointer, and an active double return seeded with 1.0 in every lane; each lane checked against finite differences of its own weighted objective and against forward mode (dot-product test)
#include "include/ck_array.h"

#define N 4

__attribute__((noinline)) double model(double a, const double *x, double *y, double b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    y[i] = a * x[i] * x[i] + sin(b * x[i]);
    s += y[i] * x[(i + 1) % n];
  }
  return a * b + 0.5 * s;
}

typedef struct {
  double da[2];
  double db[2];
} g2;
typedef struct {
  double da[3];
  double db[3];
} g3;
g2 __enzyme_autodiff_w2(void *, ...) __asm__("__enzyme_autodiff");
g3 __enzyme_autodiff_w3(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);

/* lane seeds on y: the objective of lane l is model(...) + <W[l], y> */
static double W[3][N] = {{1, 0, 0, 0}, {0.5, -1, 0.25, 2}, {0, 0, -1.5, 0.75}};
static int lane;
/* p = {a, b, x0..x3} */
static double obj(double *p) {
  double y[N];
  double r = model(p[0], p + 2, y, p[1], N);
  return r + ck_dot(W[lane], y, N);
}

int main(void) {
  double p[2 + N] = {0.7, -1.2, 0.3, -0.8, 1.1, 0.45};
  double *x = p + 2;
  /* width 2: dupv with a stride of one row of 8 doubles (64 bytes) */
  double dx2[2][8], y[N], dy2[2][8];
  memset(dx2, 0, sizeof dx2);
  memset(dy2, 0, sizeof dy2);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dy2[l][i] = W[l][i];
  g2 r2 = __enzyme_autodiff_w2((void *)model, enzyme_width, 2, enzyme_out, p[0], enzyme_dupv, sizeof dx2[0], x, &dx2[0][0],
                               enzyme_dupnoneedv, sizeof dy2[0], y, &dy2[0][0], enzyme_out, p[1], enzyme_const, N);
  for (int l = 0; l < 2; l++) {
    double g[2 + N] = {r2.da[l], r2.db[l]};
    for (int i = 0; i < N; i++) g[2 + i] = dx2[l][i];
    lane = l;
    ck_gradient(l ? "w2 lane 1" : "w2 lane 0", g, obj, p, 2 + N);
    double v[2 + N] = {0.3, -0.7, 1, 0.5, -0.25, 0.8}, jv[1 + N], yy[N], dyy[N];
    jv[0] = __enzyme_fwddiff((void *)model, enzyme_dup, p[0], v[0], enzyme_dup, x, v + 2, enzyme_dup, yy, dyy, enzyme_dup,
                             p[1], v[1], enzyme_const, N);
    for (int i = 0; i < N; i++) jv[1 + i] = dyy[i];
    double w[1 + N] = {1};
    for (int i = 0; i < N; i++) w[1 + i] = W[l][i];
    ck_dot_test(l ? "w2 lane 1 fwd" : "w2 lane 0 fwd", w, jv, 1 + N, g, v, 2 + N);
  }
  /* width 3: plain enzyme_dup shadows for x, dupnoneedv for y with a stride of N doubles */
  double dx3[3][N] = {{0}}, dy3[3][N];
  for (int l = 0; l < 3; l++)
    for (int i = 0; i < N; i++) dy3[l][i] = W[l][i];
  g3 r3 = __enzyme_autodiff_w3((void *)model, enzyme_width, 3, enzyme_out, p[0], enzyme_dup, x, dx3[0], dx3[1], dx3[2],
                               enzyme_dupnoneedv, (long)sizeof dy3[0], y, dy3, enzyme_out, p[1], enzyme_const, N);
  for (int l = 0; l < 3; l++) {
    double g[2 + N] = {r3.da[l], r3.db[l]};
    for (int i = 0; i < N; i++) g[2 + i] = dx3[l][i];
    lane = l;
    char name[32];
    snprintf(name, sizeof name, "w3 lane %d", l);
    ck_gradient(name, g, obj, p, 2 + N);
  }
  return ck_done();
}
