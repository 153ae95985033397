// TEST: __enzyme_fwddiff called inside a loop of the differentiated function (a physics-informed loss: at each collocation point the network u(x; p) is differentiated in x by forward mode, twice nested for u'', and the residual u'' + k u' - s(x) is squared and summed, with heap scratch for the hidden layer); the loss is differentiated in the parameters by reverse mode (reverse over forward over forward), by forward mode at width 1 and width 4 (forward over forward over forward), and its Hessian-vector product by forward over reverse; gradient against finite differences, the dot-product test between reverse and each forward lane
#include "include/ck_array.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
typedef struct { double d[4]; } v4;
v4 __enzyme_fwddiff4(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");

#define H 3
#define NP (3 * H + 1)
#define NPTS 5

/* u(x; p) = sum_j a_j tanh(w_j x + b_j) + c, p = [w(H), b(H), a(H), c] */
__attribute__((noinline)) double net(double x, const double *p) {
  double *hid = malloc(sizeof(double) * H);
  for (int j = 0; j < H; j++) hid[j] = tanh(p[j] * x + p[H + j]);
  double u = p[3 * H];
  for (int j = 0; j < H; j++) u += p[2 * H + j] * hid[j];
  free(hid);
  return u;
}
__attribute__((noinline)) double net_x(double x, const double *p) {
  return __enzyme_fwddiff((void *)net, x, 1.0, enzyme_const, p);
}
__attribute__((noinline)) double net_xx(double x, const double *p) {
  return __enzyme_fwddiff((void *)net_x, x, 1.0, enzyme_const, p);
}

__attribute__((noinline)) double loss(const double *p, double k) {
  double l = 0.0;
  for (int i = 0; i < NPTS; i++) {
    double x = -1.0 + 0.5 * i;
    double r = net_xx(x, p) + k * net_x(x, p) - sin(x);
    l += r * r;
  }
  return l + 0.1 * net(0.0, p) * net(0.0, p);
}

static double loss_p(double *p) { return loss(p, 0.7); }

__attribute__((noinline)) void grad(const double *p, double *g) {
  for (int i = 0; i < NP; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)loss, enzyme_dup, p, g, enzyme_const, 0.7);
}

static double U[NP];
static double gdotu(double *p) {
  double g[NP];
  grad(p, g);
  return ck_dot(g, U, NP);
}

int main(void) {
  double p[NP];
  for (int i = 0; i < NP; i++) {
    p[i] = 0.8 * sin(1.1 * i + 0.5);
    U[i] = cos(0.6 * i);
  }
  /* sanity of the inner nesting */
  double h = 1e-4;
  CHECK("u' at 0.3 (inner)", net_x(0.3, p), (net(0.3 + 1e-5, p) - net(0.3 - 1e-5, p)) / 2e-5);
  CHECK("u'' at 0.3 (inner)", net_xx(0.3, p), (net_x(0.3 + 1e-5, p) - net_x(0.3 - 1e-5, p)) / 2e-5);
  (void)h;

  double g[NP];
  grad(p, g);
  ck_gradient("loss gradient (reverse over fwd over fwd)", g, loss_p, p, NP);
  /* forward width 1 along U and width 4 along four coordinate-mixing directions */
  double jv = __enzyme_fwddiff((void *)loss, enzyme_dup, p, U, enzyme_const, 0.7);
  CHECK("dot test <g, U> = forward", ck_dot(g, U, NP), jv);
  double V[4][NP];
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < NP; i++) V[l][i] = cos(0.9 * i * (l + 1) + l);
  v4 j4 = __enzyme_fwddiff4((void *)loss, enzyme_width, 4, enzyme_dup, p, V[0], V[1], V[2], V[3], enzyme_const, 0.7);
  for (int l = 0; l < 4; l++) {
    char label[64];
    snprintf(label, sizeof label, "width 4 lane %d: <g, v> = forward", l);
    CHECK(label, ck_dot(g, V[l], NP), j4.d[l]);
  }
  /* Hessian-vector product by forward over reverse */
  double gd[NP], hu[NP];
  __enzyme_fwddiff_v((void *)grad, enzyme_dup, p, U, enzyme_dup, gd, hu);
  ck_gradient("H u (fwd over reverse over fwd over fwd)", hu, gdotu, p, NP);
  return ck_done();
}
