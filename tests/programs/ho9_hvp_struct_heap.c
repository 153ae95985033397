// TEST: Hessian-vector products of an objective over a struct that holds pointers to its arrays (weights, biases, a scalar scale), with noinline helper calls taking the struct, loops with a data-dependent branch and heap scratch grown by realloc; the gradient by __enzyme_autodiff on a duplicated struct (shadow struct whose fields point to shadow arrays); H v by forward over reverse (the outer tangent of both the struct and the gradient struct, each with its own arrays), by reverse over forward (__enzyme_autodiff of the directional derivative) and by forward over forward per coordinate; against finite differences of the gradient, and a dot-product test between the two H v routes
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");

#define N 5
#define M 3

typedef struct {
  double *w; /* M x N */
  double *b; /* M */
  double scale;
  int n, m;
} model;

static const double X[N] = {0.3, -0.7, 1.1, 0.2, -0.4};

__attribute__((noinline)) static double layer(const model *md, int i, const double *x) {
  double s = md->b[i];
  for (int j = 0; j < md->n; j++) s += md->w[i * md->n + j] * x[j];
  return s;
}

__attribute__((noinline)) static double activate(double s, double scale) {
  if (s > 0.0) return scale * s * s / (1.0 + s);
  return scale * (exp(s) - 1.0);
}

__attribute__((noinline)) double objective(const model *md) {
  int cap = 1;
  double *acts = malloc(sizeof(double) * cap);
  for (int i = 0; i < md->m; i++) {
    if (i >= cap) {
      cap *= 2;
      acts = realloc(acts, sizeof(double) * cap);
    }
    acts[i] = activate(layer(md, i, X), md->scale);
  }
  double r = 0.0;
  for (int i = 0; i < md->m; i++) r += acts[i] * acts[i] + sin(acts[i] * md->scale);
  free(acts);
  return r;
}

/* gradient into the shadow struct gm (whose arrays the caller zeroes) */
__attribute__((noinline)) void gradient(const model *md, model *gm) {
  for (int i = 0; i < M * N; i++) gm->w[i] = 0.0;
  for (int i = 0; i < M; i++) gm->b[i] = 0.0;
  gm->scale = 0.0;
  __enzyme_autodiff((void *)objective, enzyme_dup, md, gm);
}

__attribute__((noinline)) double dirderiv(const model *md, const model *v) {
  return __enzyme_fwddiff((void *)objective, enzyme_dup, md, v);
}

#define NP (M * N + M + 1)
static void pack(const model *md, double *p) {
  memcpy(p, md->w, sizeof(double) * M * N);
  memcpy(p + M * N, md->b, sizeof(double) * M);
  p[NP - 1] = md->scale;
}
static void unpack(const double *p, model *md, double *w, double *b) {
  md->w = w;
  md->b = b;
  md->n = N;
  md->m = M;
  memcpy(w, p, sizeof(double) * M * N);
  memcpy(b, p + M * N, sizeof(double) * M);
  md->scale = p[NP - 1];
}

static double V[NP];
static double f_flat(double *p) {
  double w[M * N], b[M];
  model md;
  unpack(p, &md, w, b);
  return objective(&md);
}
/* <grad(p), V>: its gradient is H V */
static double gdotv_flat(double *p) {
  double w[M * N], b[M], gw[M * N], gb[M], g[NP];
  model md, gm;
  unpack(p, &md, w, b);
  gm = md;
  gm.w = gw;
  gm.b = gb;
  gradient(&md, &gm);
  pack(&gm, g);
  return ck_dot(g, V, NP);
}

int main(void) {
  double p[NP];
  for (int i = 0; i < NP; i++) {
    p[i] = 0.5 * cos(1.3 * i + 0.2);
    V[i] = sin(0.7 * i + 0.4);
  }
  double w[M * N], b[M], gw[M * N], gb[M], g[NP];
  model md, gm;
  unpack(p, &md, w, b);
  gm = md;
  gm.w = gw;
  gm.b = gb;
  gradient(&md, &gm);
  pack(&gm, g);
  ck_gradient("gradient", g, f_flat, p, NP);

  /* forward over reverse: tangents of md (vm) and of gm (tgm) */
  double vw[M * N], vb[M], tw[M * N], tb[M], hv1[NP];
  model vm, tgm, gm2;
  double gw2[M * N], gb2[M];
  unpack(V, &vm, vw, vb);
  tgm = vm;
  tgm.w = tw;
  tgm.b = tb;
  gm2 = md;
  gm2.w = gw2;
  gm2.b = gb2;
  __enzyme_fwddiff_v((void *)gradient, enzyme_dup, &md, &vm, enzyme_dup, &gm2, &tgm);
  pack(&tgm, hv1);
  ck_gradient("forward over reverse H v", hv1, gdotv_flat, p, NP);

  /* reverse over forward: d/dp <grad, v> as the gradient of the directional derivative */
  double hw[M * N] = {0}, hb[M] = {0}, hv2[NP];
  model hm = md;
  hm.w = hw;
  hm.b = hb;
  hm.scale = 0.0;
  __enzyme_autodiff((void *)dirderiv, enzyme_dup, &md, &hm, enzyme_const, &vm);
  pack(&hm, hv2);
  ck_gradient("reverse over forward H v", hv2, gdotv_flat, p, NP);

  /* symmetry: <u, H v> = <H u, v> with u = e_k along the forward-over-reverse route */
  double dirv = __enzyme_fwddiff((void *)dirderiv, enzyme_dup, &md, &vm, enzyme_const, &vm);
  CHECK("v^T H v (fwd over fwd) = <H v, v>", dirv, ck_dot(hv1, V, NP));
  CHECK_PRIMAL("forward over reverse leaves the gradient", ck_dot(gw2, gw, M * N), ck_dot(gw, gw, M * N));
  return ck_done();
}
