// TEST: the usual Enzyme pattern for a struct holding pointers: a Model {int n; double *w; double bias; float scale; int flags;} passed with enzyme_dup, whose shadow struct points at shadow buffers; the int fields of the shadow copy the primal's; gradients of weights, bias and the float field against finite differences, forward tangents through the same shadow struct, and a dot-product test
#include "include/ck_array.h"

typedef struct {
  int n;
  double *w;
  double bias;
  float scale;
  int flags;
} Model;

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double predict(const Model *m, const double *x) {
  double s = m->bias;
  for (int i = 0; i < m->n; i++) s += m->w[i] * x[i];
  if (m->flags & 1) s = tanh(s);
  return s * (double)m->scale;
}

static double loss(const Model *m, const double *xs, const double *ys, int count) {
  double l = 0.0;
  for (int k = 0; k < count; k++) {
    double r = predict(m, xs + k * m->n) - ys[k];
    l += r * r;
  }
  return l / count + 0.01 * m->bias * m->bias;
}

#define NW 4
#define NS 3
static double XS[NS * NW] = {0.1, 0.5, -0.3, 0.8, 0.7, -0.2, 0.4, 0.1, -0.6, 0.3, 0.9, -0.5};
static double YS[NS] = {0.3, -0.1, 0.5};
static double W[NW + 2]; /* w[0..3], bias, scale */

static double loss_flat(double *p) {
  Model m = {NW, p, p[NW], (float)p[NW + 1], 1};
  return loss(&m, XS, YS, NS);
}

int main(void) {
  double w[NW] = {0.2, -0.4, 0.6, 0.1}, dw[NW] = {0};
  Model m = {NW, w, 0.05, 1.5f, 1};
  Model dm = {NW, dw, 0.0, 0.0f, 1};
  __enzyme_autodiff((void *)loss, enzyme_dup, &m, &dm, enzyme_const, XS, enzyme_const, YS, enzyme_const, NS);
  for (int i = 0; i < NW; i++) W[i] = w[i];
  W[NW] = m.bias;
  W[NW + 1] = m.scale;
  double g[NW + 2];
  for (int i = 0; i < NW; i++) g[i] = dw[i];
  g[NW] = dm.bias;
  ck_gradient("Model weights and bias", g, loss_flat, W, NW + 1);
  /* the float field's gradient: finite difference in double, float rounding in the kernel */
  double h = 1e-3;
  W[NW + 1] = 1.5 + h;
  double fp = loss_flat(W);
  W[NW + 1] = 1.5 - h;
  double fm = loss_flat(W);
  W[NW + 1] = 1.5;
  ck_near("Model float field scale: d/dscale", dm.scale, (fp - fm) / (2 * h), 1e-4);
  if (dm.n != NW || dm.flags != 1) printf("shadow int fields changed\n");

  /* forward: tangent struct with the same int fields */
  double v[NW + 2] = {0.3, -0.7, 0.2, 0.5, -0.4, 0.0};
  double tw[NW] = {v[0], v[1], v[2], v[3]};
  Model tm = {NW, tw, v[NW], 0.0f, 1};
  double jv = __enzyme_fwddiff((void *)loss, enzyme_dup, &m, &tm, enzyme_const, XS, enzyme_const, YS, enzyme_const, NS);
  double one = 1.0;
  ck_dot_test("Model loss", &one, &jv, 1, g, v, NW + 1);
  return ck_done();
}
