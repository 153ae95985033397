// TEST: memcpy, memmove and memset of active data in odd lengths: 3 and 6 doubles, 5 floats, records struct {double; int; float} copied with their tail padding, overlapping memmove by one element in both directions, memset of a middle run of an active array to zero, a memcpy with a run-time length from an argument; checked against finite differences and forward mode (dot-product test)
#include "include/ck_array.h"

#define N 9

typedef struct {
  double a;
  int k;
  float b;
} rec;

#define MEM_BODY(NAME, FT, REC)                                                   \
  __attribute__((noinline)) double NAME(double *x, int n3, REC *rs, int nrec) {   \
    double buf[N], w[N];                                                          \
    memcpy(buf, x, 3 * sizeof(double));                                           \
    memcpy(buf + 3, x + 2, 7 * sizeof(double) - 8 * 1); /* 6 doubles, as 7*8-8 bytes */ \
    memmove(buf + 1, buf, 7 * sizeof(double));           /* shift right by one */ \
    memmove(buf, buf + 2, 5 * sizeof(double));           /* shift left by two */  \
    memcpy(w, buf, sizeof w);                                                     \
    memset(w + 2, 0, (size_t)n3 * sizeof(double)); /* runtime length, n3 = 3 */   \
    FT f[5], g[5];                                                                \
    for (int i = 0; i < 5; i++) f[i] = (FT)(x[i] * 0.5);                          \
    memcpy(g, f, 5 * sizeof(FT));                                                 \
    REC tmp[2];                                                                   \
    memcpy(tmp, rs, (size_t)nrec * sizeof(REC));                                  \
    double s = 0.0;                                                               \
    for (int i = 0; i < N; i++) s += w[i] * buf[(i + 3) % N] + sin(w[i]);         \
    for (int i = 0; i < 5; i++) s += (double)g[i] * (double)g[(i + 1) % 5];       \
    for (int i = 0; i < nrec; i++) s += tmp[i].a * (double)tmp[i].b * tmp[i].k;   \
    memmove(x + 1, x, 4 * sizeof(double)); /* overlapping, into the caller's */   \
    x[0] = s;                                                                     \
    return s + x[4];                                                              \
  }

typedef struct {
  double a;
  int k;
  double b;
} recd;
/* the kernel under test (float parts) and its double reference for the finite differences */
MEM_BODY(mem, float, rec)
MEM_BODY(mem_ref, double, recd)

static rec R0[2];
static double obj(double *x) {
  double c[N];
  memcpy(c, x, sizeof c);
  recd r[2] = {{R0[0].a, R0[0].k, R0[0].b}, {R0[1].a, R0[1].k, R0[1].b}};
  r[0].a = x[N];
  r[1].b = x[N + 1];
  double ret = mem_ref(c, 3, r, 2);
  return ret + 0.5 * c[0] + 0.25 * c[3];
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N + 2] = {0.3, -0.7, 1.1, 0.5, -0.2, 0.9, 0.4, -1.3, 0.6, 1.5, -0.75}; /* x[10] is a float */
  R0[0] = (rec){0.0, 2, 1.25f};
  R0[1] = (rec){-0.8, 3, 0.0f};
  double xc[N], dxc[N] = {0};
  memcpy(xc, x, sizeof xc);
  rec r[2] = {R0[0], R0[1]}, dr[2];
  memset(dr, 0, sizeof dr);
  r[0].a = x[N];
  r[1].b = (float)x[N + 1];
  /* the objective's extra terms seed the output array */
  dxc[0] = 0.5;
  dxc[3] = 0.25;
  __enzyme_autodiff((void *)mem, enzyme_dup, xc, dxc, enzyme_const, 3, enzyme_dup, r, dr, enzyme_const, 2);
  double g[N + 2];
  memcpy(g, dxc, sizeof dxc);
  g[N] = dr[0].a;
  g[N + 1] = dr[1].b;
  char lab[64];
  for (int i = 0; i < N + 2; i++) {
    snprintf(lab, sizeof lab, "odd mem: d/dx[%d]", i);
    CHECK_F32(lab, g[i], ck_fd_partial(obj, x, i));
  }
  /* forward along v */
  double v[N + 2] = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 0.3, 0.0};
  double xf[N], dxf[N];
  memcpy(xf, x, sizeof xf);
  memcpy(dxf, v, sizeof dxf);
  rec rf[2] = {R0[0], R0[1]}, drf[2];
  memset(drf, 0, sizeof drf);
  rf[0].a = x[N];
  drf[0].a = v[N];
  rf[1].b = (float)x[N + 1];
  double jv = __enzyme_fwddiff((void *)mem, enzyme_dup, xf, dxf, enzyme_const, 3, enzyme_dup, rf, drf, enzyme_const, 2);
  jv += 0.5 * dxf[0] + 0.25 * dxf[3];
  double one = 1.0;
  CHECK_F32("odd mem fwd vs rev", jv * one, ck_dot(g, v, N + 2));
  return ck_done();
}
