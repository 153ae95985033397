// TEST: reverse mode through helpers that return their pointer argument after writing through it (read-write-read), a pointer to a pointer to active data (read, overwrite, read through the double indirection), and an out parameter written through a restrict pointer
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static double rd_sq(double *x) { return (*x) * (*x); }
__attribute__((noinline)) static double *wr_scale(double *x, double p) {
  *x = (*x) * p;
  return x;
}
__attribute__((noinline)) static double rd(double *x) { return *x; }
static double rwr(double *x) {
  double p = rd_sq(x);
  double *y = wr_scale(x, p);
  return rd(y) + rd(x + 1) * p;
}
static void rwr_out(double *__restrict x, double *__restrict out) { *out = rwr(x); }

__attribute__((noinline)) static double meta_read(double **pp) { return (*pp)[0] * (*pp)[1]; }
__attribute__((noinline)) static void meta_write(double **pp, double v) { (*pp)[1] = v; }
static double meta(double *x) {
  double *p = x;
  double **pp = &p;
  double a = meta_read(pp);
  meta_write(pp, sin(a));
  return meta_read(pp) + a;
}

static double X0[2] = {1.3, 0.7};
static double F_rwr(double *x) {
  double t[2] = {x[0], x[1]};
  return rwr(t);
}
static double F_meta(double *x) {
  double t[2] = {x[0], x[1]};
  return meta(t);
}

int main(void) {
  double x[2], dx[2] = {0}, out = 0.0, dout = 1.0;
  memcpy(x, X0, sizeof x);
  rwr_out(x, &out);
  double want = out;
  memcpy(x, X0, sizeof x);
  __enzyme_autodiff((void *)rwr_out, enzyme_dup, x, dx, enzyme_dup, &out, &dout);
  CHECK_PRIMAL("read-write-read: primal out", out, want);
  memcpy(x, X0, sizeof x);
  ck_gradient("read-write-read", dx, F_rwr, x, 2);
  double dx2[2] = {0};
  memcpy(x, X0, sizeof x);
  __enzyme_autodiff((void *)meta, enzyme_dup, x, dx2);
  memcpy(x, X0, sizeof x);
  ck_gradient("pointer to pointer", dx2, F_meta, x, 2);
  double v[2] = {0.4, -1.1}, dv[2] = {0.4, -1.1};
  memcpy(x, X0, sizeof x);
  double jv = __enzyme_fwddiff((void *)meta, enzyme_dup, x, dv);
  CHECK("pointer to pointer: forward vs reverse", jv, ck_dot(dx2, v, 2));
  return ck_done();
}
