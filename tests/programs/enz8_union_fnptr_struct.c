// TEST: reverse and forward mode through a tagged-union parameter block and a struct of function pointers: layers described by {kind tag, union {double scale; float fpair[2]; long long bits}} where only the double member is active, activation/derivative-free transforms chosen through a struct of function pointers stored in each layer, float intermediates mixed with double accumulation (fpext/fptrunc), a restrict-qualified output buffer, and __builtin_expect on the rare tag; gradients with respect to the inputs and the active scales against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

enum kind { K_SCALE, K_FPAIR, K_BITS };


static double softsign(double x) { return x / (1.0 + fabs(x)); }
static double gelu_ish(double x) { return 0.5 * x * (1.0 + tanh(0.79788456 * (x + 0.044715 * x * x * x))); }
static const char *const names[2] = {"softsign", "gelu"};

/* the kernel twice: with float intermediates (differentiated) and with double ones (the finite
   differences' reference, so that they carry no float rounding) */
#define FLT float
#define SFX(n) n##_f
#include "include/enz8_union_fnptr_struct.inc"
#undef FLT
#undef SFX
#define FLT double
#define SFX(n) n##_d
#include "include/enz8_union_fnptr_struct.inc"
#undef FLT
#undef SFX
static double gx[6], gs[2];
static int gwhich;
static double Fx(double *x) { return net_d(x, gs, gwhich); }
static double Fs(double *s) { return net_d(gx, s, gwhich); }

int main(void) {
  double x[6] = {0.3, -0.8, 1.1, 0.05, -0.4, 0.7}, s[2] = {1.2, -0.6};
  memcpy(gx, x, sizeof x);
  memcpy(gs, s, sizeof s);
  for (int w = 0; w < 2; w++) {
    gwhich = w;
    double dx[6] = {0}, ds[2] = {0}, vx[6] = {0.1, 0.2, -0.3, 0.4, 0.0, -0.1}, vs[2] = {0.5, -0.25};
    char label[64];
    __enzyme_autodiff((void *)net_f, enzyme_dup, x, dx, enzyme_dup, s, ds, enzyme_const, w);
    /* float derivatives against the double kernel's finite differences: float tolerance */
    snprintf(label, sizeof label, "union/fnptr %s: d/dx", names[w]);
    for (int i = 0; i < 6; i++) CHECK_F32(label, dx[i], ck_fd_partial(Fx, x, i));
    snprintf(label, sizeof label, "union/fnptr %s: d/ds", names[w]);
    for (int i = 0; i < 2; i++) CHECK_F32(label, ds[i], ck_fd_partial(Fs, s, i));
    double jv = __enzyme_fwddiff((void *)net_f, enzyme_dup, x, vx, enzyme_dup, s, vs, enzyme_const, w);
    snprintf(label, sizeof label, "union/fnptr %s: dot test", names[w]);
    CHECK(label, ck_dot(dx, vx, 6) + ck_dot(ds, vs, 2), jv);
  }
  return ck_done();
}
