// TEST: reverse and forward mode on single-precision kernels with double accumulation: a two-layer float MLP (tanhf hidden layer) ending in a numerically stable softmax cross-entropy (the max subtraction picks a lane at run time, logf/expf), a float log-sum-exp over a heap buffer, and a float layer norm with sqrtf; gradients of weights and inputs against finite differences of double twins, forward width 2 against reverse
#include "include/ck_array.h"

float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { float a, b; } f2;
f2 __enzyme_fwddiff_f2(void *, ...) __asm__("__enzyme_fwddiff");

#define NI 4
#define NH 5
#define NO 3

/* W1 [NH x NI], b1 [NH], W2 [NO x NH], b2 [NO] packed in one float array */
#define NPAR (NH * NI + NH + NO * NH + NO)

static float mlp_xent(const float *par, const float *in, int label) {
  const float *W1 = par, *b1 = par + NH * NI, *W2 = b1 + NH, *b2 = W2 + NO * NH;
  float h[NH], o[NO];
  for (int i = 0; i < NH; i++) {
    float s = b1[i];
    for (int j = 0; j < NI; j++) s += W1[i * NI + j] * in[j];
    h[i] = tanhf(s);
  }
  for (int k = 0; k < NO; k++) {
    float s = b2[k];
    for (int i = 0; i < NH; i++) s += W2[k * NH + i] * h[i];
    o[k] = s;
  }
  float m = o[0];
  for (int k = 1; k < NO; k++)
    if (o[k] > m) m = o[k];
  double z = 0.0;
  for (int k = 0; k < NO; k++) z += expf(o[k] - m);
  return (float)(log(z)) + m - o[label];
}
static double mlp_xent_twin(const double *par, const double *in, int label) {
  const double *W1 = par, *b1 = par + NH * NI, *W2 = b1 + NH, *b2 = W2 + NO * NH;
  double h[NH], o[NO];
  for (int i = 0; i < NH; i++) {
    double s = b1[i];
    for (int j = 0; j < NI; j++) s += W1[i * NI + j] * in[j];
    h[i] = tanh(s);
  }
  for (int k = 0; k < NO; k++) {
    double s = b2[k];
    for (int i = 0; i < NH; i++) s += W2[k * NH + i] * h[i];
    o[k] = s;
  }
  double m = o[0];
  for (int k = 1; k < NO; k++)
    if (o[k] > m) m = o[k];
  double z = 0.0;
  for (int k = 0; k < NO; k++) z += exp(o[k] - m);
  return log(z) + m - o[label];
}
static double g_par[NPAR], g_in[NI];
static double F_par(double *p) { return mlp_xent_twin(p, g_in, 2); }
static double F_in(double *x) { return mlp_xent_twin(g_par, x, 2); }

/* log-sum-exp of a scaled copy on the heap */
static float lse(const float *x, int n, float beta) {
  float *y = malloc(sizeof(float) * n);
  float m = -INFINITY;
  for (int i = 0; i < n; i++) {
    y[i] = beta * x[i];
    m = fmaxf(m, y[i]);
  }
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += expf(y[i] - m);
  float r = (m + logf(s)) / beta;
  free(y);
  return r;
}
static double lse_twin(const double *x, int n, double beta) {
  double m = -INFINITY, s = 0;
  for (int i = 0; i < n; i++) m = fmax(m, beta * x[i]);
  for (int i = 0; i < n; i++) s += exp(beta * x[i] - m);
  return (m + log(s)) / beta;
}
#define NL 7
static double g_beta = 1.7;
static double F_lse(double *x) { return lse_twin(x, NL, g_beta); }

/* layer norm, then a weighted sum of squares */
static void layernorm(const float *x, float *y, int n) {
  float mu = 0.0f, var = 0.0f;
  for (int i = 0; i < n; i++) mu += x[i];
  mu /= n;
  for (int i = 0; i < n; i++) var += (x[i] - mu) * (x[i] - mu);
  var /= n;
  float inv = 1.0f / sqrtf(var + 1e-3f);
  for (int i = 0; i < n; i++) y[i] = (x[i] - mu) * inv;
}
static const double lnw[6] = {0.5, -1.0, 0.25, 1.5, -0.75, 0.3};
static double ln_twin(double *x) {
  double mu = 0, var = 0, r = 0;
  for (int i = 0; i < 6; i++) mu += x[i];
  mu /= 6;
  for (int i = 0; i < 6; i++) var += (x[i] - mu) * (x[i] - mu);
  var /= 6;
  double inv = 1.0 / sqrt(var + 1e-3);
  for (int i = 0; i < 6; i++) r += lnw[i] * (x[i] - mu) * inv;
  return r;
}

int main(void) {
  float par[NPAR], in[NI] = {0.5f, -1.2f, 0.8f, 0.3f};
  for (int i = 0; i < NPAR; i++) par[i] = 0.4f * sinf(1.3f * i + 0.2f);
  for (int i = 0; i < NPAR; i++) g_par[i] = par[i];
  for (int i = 0; i < NI; i++) g_in[i] = in[i];
  float dpar[NPAR] = {0}, din[NI] = {0};
  __enzyme_autodiff_f((void *)mlp_xent, enzyme_dup, par, dpar, enzyme_dup, in, din, enzyme_const, 2);
  char label[80];
  for (int i = 0; i < NPAR; i++) {
    snprintf(label, sizeof label, "float mlp xent: d/dpar[%d]", i);
    CHECK_F32(label, dpar[i], ck_fd_partial(F_par, g_par, i));
  }
  for (int i = 0; i < NI; i++) {
    snprintf(label, sizeof label, "float mlp xent: d/din[%d]", i);
    CHECK_F32(label, din[i], ck_fd_partial(F_in, g_in, i));
  }
  /* forward width 2: lanes = two input directions */
  float zp[2 * NPAR] = {0}, vin0[NI] = {1, 0, -0.5f, 0.25f}, vin1[NI] = {0, 1, 0.5f, -2};
  f2 t = __enzyme_fwddiff_f2((void *)mlp_xent, enzyme_width, 2, enzyme_dup, par, zp, zp + NPAR, enzyme_dup, in, vin0,
                             vin1, enzyme_const, 2);
  double s0 = 0, s1 = 0;
  for (int i = 0; i < NI; i++) { s0 += din[i] * vin0[i]; s1 += din[i] * vin1[i]; }
  CHECK_F32("float mlp xent: fwd width 2 lane 0", t.a, s0);
  CHECK_F32("float mlp xent: fwd width 2 lane 1", t.b, s1);

  float x[NL] = {0.3f, -0.7f, 1.4f, 0.9f, -1.1f, 1.35f, 0.2f}, dx[NL] = {0};
  double xd[NL];
  for (int i = 0; i < NL; i++) xd[i] = x[i];
  float dbeta = __enzyme_autodiff_f((void *)lse, enzyme_dup, x, dx, enzyme_const, NL, (float)g_beta);
  for (int i = 0; i < NL; i++) {
    snprintf(label, sizeof label, "float log-sum-exp: d/dx[%d]", i);
    CHECK_F32(label, dx[i], ck_fd_partial(F_lse, xd, i));
  }
  double h = ck_step(g_beta), b0 = g_beta;
  g_beta = (float)b0 + h; double fp = F_lse(xd);
  g_beta = (float)b0 - h; double fm = F_lse(xd);
  g_beta = b0;
  CHECK_F32("float log-sum-exp: d/dbeta", dbeta, (fp - fm) / (2 * h));

  float lx[6] = {0.4f, -0.3f, 1.2f, 0.05f, -0.9f, 0.6f}, ly[6], dlx[6] = {0}, dly[6];
  for (int i = 0; i < 6; i++) dly[i] = (float)lnw[i];
  __enzyme_autodiff_v((void *)layernorm, enzyme_dup, lx, dlx, enzyme_dupnoneed, ly, dly, enzyme_const, 6);
  double lxd[6];
  for (int i = 0; i < 6; i++) lxd[i] = lx[i];
  for (int i = 0; i < 6; i++) {
    snprintf(label, sizeof label, "float layer norm: d/dx[%d]", i);
    CHECK_F32(label, dlx[i], ck_fd_partial(ln_twin, lxd, i));
  }
  float tv[6] = {1, -1, 0.5f, 0.25f, 0, 2}, lyt[6], dyt[6];
  __enzyme_fwddiff_f((void *)layernorm, enzyme_dup, lx, tv, enzyme_dup, lyt, dyt, enzyme_const, 6);
  double lhs = 0, rhs = 0;
  for (int i = 0; i < 6; i++) { lhs += lnw[i] * dyt[i]; rhs += dlx[i] * tv[i]; }
  CHECK_F32("float layer norm: <w, Jv> = <J^T w, v>", rhs, lhs);
  return ck_done();
}
