// TEST: an ADBench-style hand-tracking objective (my own code after the published problem definition): bones posed by Euler angles from the parameters, relative and absolute 4x4 transforms chained through parents on the heap, linear-blend skinning of vertices, a global angle-axis rotation and translation, and the residuals to target points; reverse-mode gradient of the squared error against finite differences, the residual Jacobian's dot-product test between forward and reverse mode
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_dupnoneed;
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);

#define NB 5           /* bones: a root and a chain of four */
#define NV 12          /* vertices */
#define NT (6 + 3 * (NB - 1)) /* global rotation, translation, three angles per non-root bone */

static const int PARENT[NB] = {-1, 0, 1, 2, 1};
static double base_rel[NB][16], inv_base_abs[NB][16], base_pos[NV][4], weight[NV][NB], target[NV][3];

static void mat_mul4(const double *a, const double *b, double *out) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      double s = 0.0;
      for (int k = 0; k < 4; k++) s += a[i * 4 + k] * b[k * 4 + j];
      out[i * 4 + j] = s;
    }
}

/* R = Rz(c) Ry(b) Rx(a) into the upper 3x3 of a 4x4 identity. */
static void euler_to_mat(const double *ang, double *m) {
  double ca = cos(ang[0]), sa = sin(ang[0]), cb = cos(ang[1]), sb = sin(ang[1]), cc = cos(ang[2]), sc = sin(ang[2]);
  for (int i = 0; i < 16; i++) m[i] = i % 5 == 0 ? 1.0 : 0.0;
  m[0] = cc * cb, m[1] = cc * sb * sa - sc * ca, m[2] = cc * sb * ca + sc * sa;
  m[4] = sc * cb, m[5] = sc * sb * sa + cc * ca, m[6] = sc * sb * ca - cc * sa;
  m[8] = -sb, m[9] = cb * sa, m[10] = cb * ca;
}

static void angle_axis_rotate(const double *aa, const double *p, double *out) {
  double t2 = aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2];
  if (t2 > 1e-16) {
    double t = sqrt(t2), c = cos(t), s = sin(t), w[3] = {aa[0] / t, aa[1] / t, aa[2] / t};
    double wp = w[0] * p[0] + w[1] * p[1] + w[2] * p[2];
    double cr[3] = {w[1] * p[2] - w[2] * p[1], w[2] * p[0] - w[0] * p[2], w[0] * p[1] - w[1] * p[0]};
    for (int i = 0; i < 3; i++) out[i] = p[i] * c + cr[i] * s + w[i] * wp * (1.0 - c);
  } else {
    for (int i = 0; i < 3; i++) out[i] = p[i];
  }
}

/* The residuals (3 per vertex) of the posed, skinned hand against the targets. */
__attribute__((noinline)) void hand_residuals(const double *theta, double *err) {
  double *rel = malloc(NB * 16 * sizeof(double)), *abs_ = malloc(NB * 16 * sizeof(double));
  double *xf = malloc(NB * 16 * sizeof(double));
  for (int b = 0; b < NB; b++) {
    double pose[16], ang[3] = {0, 0, 0};
    if (b > 0)
      for (int k = 0; k < 3; k++) ang[k] = theta[6 + 3 * (b - 1) + k];
    euler_to_mat(ang, pose);
    mat_mul4(base_rel[b], pose, rel + 16 * b);
    if (PARENT[b] < 0)
      memcpy(abs_ + 16 * b, rel + 16 * b, 16 * sizeof(double));
    else
      mat_mul4(abs_ + 16 * PARENT[b], rel + 16 * b, abs_ + 16 * b);
    mat_mul4(abs_ + 16 * b, inv_base_abs[b], xf + 16 * b);
  }
  for (int v = 0; v < NV; v++) {
    double p[3] = {0, 0, 0}, q[3];
    for (int b = 0; b < NB; b++)
      for (int i = 0; i < 3; i++) {
        double s = 0.0;
        for (int k = 0; k < 4; k++) s += xf[16 * b + 4 * i + k] * base_pos[v][k];
        p[i] += weight[v][b] * s;
      }
    angle_axis_rotate(theta, p, q);
    for (int i = 0; i < 3; i++) err[3 * v + i] = target[v][i] - (q[i] + theta[3 + i]);
  }
  free(rel), free(abs_), free(xf);
}

__attribute__((noinline)) double hand_objective(const double *theta) {
  double err[3 * NV], s = 0.0;
  hand_residuals(theta, err);
  for (int i = 0; i < 3 * NV; i++) s += err[i] * err[i];
  return s;
}

static double F(double *theta) { return hand_objective(theta); }
static double WTS[3 * NV];
static double G(double *theta) {
  double e[3 * NV];
  hand_residuals(theta, e);
  return ck_dot(WTS, e, 3 * NV);
}

static unsigned seed = 7u;
static double U(void) {
  seed = seed * 1664525u + 1013904223u;
  return (double)(seed >> 8) / (double)(1u << 24);
}

static void init_model(void) {
  for (int b = 0; b < NB; b++) {
    double ang[3];
    for (int k = 0; k < 3; k++) ang[k] = 0.3 * U() - 0.15;
    euler_to_mat(ang, base_rel[b]);
    base_rel[b][3] = b ? 0.0 : 0.1, base_rel[b][7] = b ? 1.0 : 0.0, base_rel[b][11] = 0.05 * U();
  }
  /* The inverse base absolute transforms: rigid inverses of the chained base transforms. */
  double abs_b[NB][16];
  for (int b = 0; b < NB; b++) {
    if (PARENT[b] < 0) memcpy(abs_b[b], base_rel[b], sizeof abs_b[b]);
    else mat_mul4(abs_b[PARENT[b]], base_rel[b], abs_b[b]);
    double *m = abs_b[b], *r = inv_base_abs[b];
    for (int i = 0; i < 16; i++) r[i] = i == 15 ? 1.0 : 0.0;
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) r[i * 4 + j] = m[j * 4 + i];
    for (int i = 0; i < 3; i++) r[i * 4 + 3] = -(r[i * 4] * m[3] + r[i * 4 + 1] * m[7] + r[i * 4 + 2] * m[11]);
  }
  for (int v = 0; v < NV; v++) {
    base_pos[v][0] = U() - 0.5, base_pos[v][1] = 4.0 * U(), base_pos[v][2] = 0.2 * U(), base_pos[v][3] = 1.0;
    double tot = 0.0;
    for (int b = 0; b < NB; b++) {
      double u = U();
      tot += weight[v][b] = u * U();
    }
    for (int b = 0; b < NB; b++) weight[v][b] /= tot;
    for (int i = 0; i < 3; i++) target[v][i] = 2.0 * U() - 1.0;
  }
  for (int i = 0; i < 3 * NV; i++) WTS[i] = sin(0.7 * i + 0.2);
}

int main(void) {
  init_model();
  double theta[NT], g[NT] = {0}, v[NT], jv[3 * NV], e[3 * NV], de[3 * NV], jtw[NT] = {0};
  for (int i = 0; i < NT; i++) theta[i] = 0.2 * sin(1.3 * i + 0.4), v[i] = cos(0.9 * i);
  __enzyme_autodiff((void *)hand_objective, enzyme_dup, theta, g);
  ck_gradient("hand objective", g, F, theta, NT);
  /* The residual Jacobian: J^T w by reverse mode, J v by forward mode. */
  memcpy(de, WTS, sizeof de);
  __enzyme_autodiff_v((void *)hand_residuals, enzyme_dup, theta, jtw, enzyme_dupnoneed, e, de);
  ck_gradient("hand residuals J^T w", jtw, G, theta, NT);
  __enzyme_fwddiff((void *)hand_residuals, enzyme_dup, theta, v, enzyme_dup, e, jv);
  ck_dot_test("hand residuals", WTS, jv, 3 * NV, jtw, v, NT);
  return ck_done();
}
