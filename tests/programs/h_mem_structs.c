// TEST: memcpy of structs holding pointers and doubles, struct assignment copying pointer fields, realloc growth of an active buffer
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...);

typedef struct {
  double *data; /* points at active memory */
  int n;
  double scale;
  double bias;
} view;

/* Copies the descriptor with memcpy, then reads through the copied pointer. */
static double viewsum(const view *v) {
  view c;
  memcpy(&c, v, sizeof c);
  double s = 0.0;
  for (int i = 0; i < c.n; i++) s += c.scale * c.data[i] * c.data[i] + c.bias;
  return s;
}
/* Builds an array of descriptors by struct assignment, writes through copied pointers. */
static double views_update(view *vs, int m) {
  view tmp[4];
  for (int k = 0; k < m; k++) tmp[k] = vs[k];
  for (int k = 0; k < m; k++)
    for (int i = 0; i < tmp[k].n; i++) tmp[k].data[i] = tmp[k].data[i] * tmp[k].scale + tmp[k].bias;
  double s = 0.0;
  for (int k = 0; k < m; k++) s += vs[k].data[0] * vs[(k + 1) % m].data[vs[(k + 1) % m].n - 1];
  return s;
}
/* Grows a heap buffer with realloc while appending derived values, then reduces it. */
static double growing(const double *x, int n) {
  int cap = 2, len = 0;
  double *buf = (double *)malloc(cap * sizeof(double));
  for (int i = 0; i < n; i++) {
    for (int r = 0; r < 2; r++) {
      if (len == cap) {
        cap *= 2;
        buf = (double *)realloc(buf, cap * sizeof(double));
      }
      buf[len++] = r ? cos(x[i]) : x[i] * x[i];
    }
  }
  double s = 0.0;
  for (int i = 0; i < len; i++) s += buf[i] * (1.0 + 0.1 * i);
  free(buf);
  return s;
}

#define N 6
static double D[N] = {0.4, -0.7, 1.1, 0.25, -0.35, 0.9}, V[N];
static double SC = 1.3, VSC = 0.4, BI = -0.2, VBI = 0.6;
static int WHICH;
static double along(double t) {
  double d[N];
  for (int i = 0; i < N; i++) d[i] = D[i] + t * V[i];
  if (WHICH == 0) {
    view v = {d, N, SC + t * VSC, BI + t * VBI};
    return viewsum(&v);
  }
  if (WHICH == 1) {
    view vs[3] = {{d, 2, SC + t * VSC, BI}, {d + 2, 3, 0.7, BI + t * VBI}, {d + 5, 1, -0.4, 0.1}};
    return views_update(vs, 3);
  }
  return growing(d, N);
}

int main(void) {
  for (int i = 0; i < N; i++) V[i] = cos(1.1 * i + 0.4);
  double d[N], dd[N];
  for (int i = 0; i < N; i++) {
    d[i] = D[i];
    dd[i] = V[i];
  }
  view v = {d, N, SC, BI}, dv = {dd, 0, VSC, VBI};
  WHICH = 0;
  CHECK("memcpy'd descriptor: d", __enzyme_fwddiff_d((void *)viewsum, &v, &dv), ck_fd1(along, 0.0));
  WHICH = 1;
  view vs[3] = {{d, 2, SC, BI}, {d + 2, 3, 0.7, BI}, {d + 5, 1, -0.4, 0.1}};
  view dvs[3] = {{dd, 0, VSC, 0.0}, {dd + 2, 0, 0.0, VBI}, {dd + 5, 0, 0.0, 0.0}};
  CHECK("struct-assigned descriptors, writes through copies: d",
        __enzyme_fwddiff_d((void *)views_update, vs, dvs, enzyme_const, 3), ck_fd1(along, 0.0));
  WHICH = 2;
  for (int i = 0; i < N; i++) dd[i] = V[i];
  CHECK("realloc growth: d", __enzyme_fwddiff_d((void *)growing, D, dd, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
