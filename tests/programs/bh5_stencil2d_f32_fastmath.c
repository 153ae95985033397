// TEST: a 2-D explicit heat stencil in float with a nonlinear source over 16 time steps, ping-ponging between two heap buffers, under -ffast-math (the row loops vectorize, the final sum of squares and the fmaxf maximum become llvm.vector.reduce.fadd/fmax with reassociation): the gradient in the initial field (enzyme_dup) and in the diffusion coefficient (enzyme_out float) in reverse mode, forward along a direction, and a double version; the float derivatives against finite differences of the double twin, reverse against forward
// CFLAGS: -ffast-math -fno-finite-math-only
#include "include/ck_array.h"

/* typed prototypes, so the float arguments are not promoted */
float __enzyme_autodiff_f(void *, int, const float *, float *, float);
float __enzyme_fwddiff_f(void *, int, const float *, float *, float, float);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 9
#define NY 13
#define STEPS 16

#define HEAT(NAME, T, SIN, FMAX)                                                                \
  __attribute__((noinline)) T NAME(const T *u0, T kappa) {                                     \
    T *a = malloc(sizeof(T) * NX * NY), *b = malloc(sizeof(T) * NX * NY);                      \
    memcpy(a, u0, sizeof(T) * NX * NY);                                                        \
    for (int t = 0; t < STEPS; t++) {                                                          \
      for (int j = 0; j < NY; j++) {                                                           \
        b[j] = a[j];                                                                           \
        b[(NX - 1) * NY + j] = a[(NX - 1) * NY + j];                                           \
      }                                                                                        \
      for (int i = 1; i < NX - 1; i++) {                                                       \
        b[i * NY] = a[i * NY];                                                                 \
        b[i * NY + NY - 1] = a[i * NY + NY - 1];                                               \
        for (int j = 1; j < NY - 1; j++) {                                                     \
          T c = a[i * NY + j];                                                                 \
          T lap = a[(i - 1) * NY + j] + a[(i + 1) * NY + j] + a[i * NY + j - 1] + a[i * NY + j + 1] - \
                  (T)4 * c;                                                                    \
          b[i * NY + j] = c + kappa * lap + (T)0.02 * SIN(c);                                  \
        }                                                                                      \
      }                                                                                        \
      T *tmp = a;                                                                              \
      a = b;                                                                                   \
      b = tmp;                                                                                 \
    }                                                                                          \
    T s = 0, m = a[0];                                                                         \
    for (int k = 0; k < NX * NY; k++) s += a[k] * a[k];                                        \
    for (int k = 0; k < NX * NY; k++) m = FMAX(m, a[k]);                                       \
    free(a);                                                                                   \
    free(b);                                                                                   \
    return s / (T)(NX * NY) + (T)0.5 * m;                                                      \
  }

HEAT(heat_f, float, sinf, fmaxf)
HEAT(heat_d, double, sin, fmax)

static double KAPPA = 0.21;
static double F_u(double *u) { return heat_d(u, KAPPA); }
static double U_REF[NX * NY];
static double F_kappa(double k) { return heat_d(U_REF, k); }

int main(void) {
  float u[NX * NY], gu[NX * NY] = {0}, v[NX * NY];
  double ud[NX * NY], gud[NX * NY] = {0}, vd[NX * NY];
  for (int k = 0; k < NX * NY; k++) {
    u[k] = (float)(sin(0.37 * k + 0.1) * cos(0.11 * k) + 0.01 * k);
    v[k] = (float)cos(0.23 * k - 0.4);
    ud[k] = u[k];
    vd[k] = v[k];
    U_REF[k] = u[k];
  }
  char label[64];

  /* double */
  double gk = __enzyme_autodiff((void *)heat_d, enzyme_dup, ud, gud, KAPPA);
  ck_gradient("double field", gud, F_u, ud, NX * NY);
  CHECK("double kappa", gk, ck_fd1(F_kappa, KAPPA));
  double td = __enzyme_fwddiff((void *)heat_d, enzyme_dup, ud, vd, KAPPA, 0.5);
  CHECK("double forward vs reverse", td, ck_dot(gud, vd, NX * NY) + 0.5 * gk);

  /* float */
  float gkf = __enzyme_autodiff_f((void *)heat_f, enzyme_dup, u, gu, (float)KAPPA);
  int stride = 7; /* a sample of the field: every 7th point */
  for (int k = 0; k < NX * NY; k += stride) {
    snprintf(label, sizeof label, "float field: d/du[%d]", k);
    CHECK_F32(label, gu[k], ck_fd_partial(F_u, ud, k));
  }
  CHECK_F32("float kappa", gkf, ck_fd1(F_kappa, KAPPA));
  float tf = __enzyme_fwddiff_f((void *)heat_f, enzyme_dup, u, v, (float)KAPPA, 0.5f);
  double dot = 0.0;
  for (int k = 0; k < NX * NY; k++) dot += (double)gu[k] * v[k];
  CHECK_F32("float forward vs reverse", tf, dot + 0.5 * gkf);
  return ck_done();
}
