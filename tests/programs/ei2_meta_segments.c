// TEST: reverse and forward mode through Enzyme-style metadata: a constant `long **` descriptor whose segment bounds a noinline callee reads before nulling the pointer it came through, an in-place scaled segment then partly overwritten by the caller, a global buffer written by one noinline callee and read by another (two gradients in a row), and read-write-read through returned pointers
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_fwddiff(void *, ...);

#define N 8
#define NOINLINE __attribute__((noinline))

/* segment [seg[0], seg[1]) of a is scaled by a nonlinear factor; the descriptor pointer is cleared */
NOINLINE static void scale_segment(double *__restrict a, long **meta) {
  long *seg = meta[0];
  long lo = seg[0], hi = seg[1];
  for (long i = lo; i < hi; i++) a[i] *= 1.5 + sin(a[i]);
  meta[0] = 0;
}

static void segments(double *__restrict a, long **meta) {
  scale_segment(a, meta);
  a[2] = a[3] * a[4];
  a[0] = 0.0;
}

static const double W[N] = {0.3, -1.1, 0.7, 1.9, -0.4, 0.25, 0.8, -0.6};
static long SEG[2] = {1, 6};

static double F_segments(double *x) {
  double c[N];
  memcpy(c, x, sizeof c);
  long seg[2] = {SEG[0], SEG[1]};
  long *m = seg;
  segments(c, &m);
  return ck_dot(W, c, N);
}

/* a global written by one callee and read by another */
static double G[4];

NOINLINE static void fill_global(const double *x) {
  for (int i = 0; i < 4; i++) G[i] = x[i] * x[(i + 1) % 4];
}

NOINLINE static double read_global(const double *x) {
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += G[i] * cos(x[i]);
  return s;
}

static double global_pair(double *x) {
  fill_global(x);
  return read_global(x) + G[2] * G[3];
}

static double F_global(double *x) { return global_pair(x); }

/* read-write-read through helpers returning pointers */
NOINLINE static double rd(const double *p) { return *p * *p; }
NOINLINE static double *wr(double *p, double f) {
  *p = *p * f + exp(f * 0.1);
  return p;
}
static double rwr_helper(double *x) {
  double f = rd(x);
  double *q = wr(x, f);
  return *q + rd(q + 1) * x[1];
}
static void rwr(double *__restrict x, double *__restrict out) { *out = rwr_helper(x); }

static double F_rwr(double *x) {
  double c[2] = {x[0], x[1]}, out = 0.0;
  rwr(c, &out);
  return out;
}

int main(void) {
  double x[N] = {0.4, -0.7, 1.2, 0.9, -0.3, 0.6, 1.4, -1.0};

  /* segments: gradient of <W, a_out> w.r.t. a_in */
  {
    double a[N], da[N];
    memcpy(a, x, sizeof a);
    memcpy(da, W, sizeof da);
    long seg[2] = {SEG[0], SEG[1]};
    long *m = seg;
    __enzyme_autodiff_v((void *)segments, enzyme_dup, a, da, enzyme_const, &m);
    CHECK_PRIMAL("segments: descriptor cleared", m == 0 ? 1.0 : 0.0, 1.0);
    ck_gradient("segments", da, F_segments, x, N);

    /* forward along v; dot-product test */
    double v[N] = {0.5, -0.2, 0.1, 0.9, -0.7, 0.3, 0.45, -0.15};
    double b[N], db[N];
    memcpy(b, x, sizeof b);
    memcpy(db, v, sizeof db);
    long seg2[2] = {SEG[0], SEG[1]};
    long *m2 = seg2;
    __enzyme_fwddiff_v((void *)segments, enzyme_dup, b, db, enzyme_const, &m2);
    ck_dot_test("segments", W, db, N, da, v, N);
  }

  /* the global buffer, twice in a row (the shadow of G must start from zero each time) */
  for (int rep = 0; rep < 2; rep++) {
    double g[4] = {0.3 + rep, -0.8, 1.1, 0.5}, dg[4] = {0};
    __enzyme_autodiff((void *)global_pair, enzyme_dup, g, dg);
    ck_gradient(rep ? "global pair (second)" : "global pair", dg, F_global, g, 4);
    double v[4] = {1.0, -0.5, 0.25, 0.75}, gg[4];
    memcpy(gg, g, sizeof gg);
    double jv = __enzyme_fwddiff((void *)global_pair, enzyme_dup, gg, v);
    double one = 1.0;
    ck_dot_test("global pair", &one, &jv, 1, dg, v, 4);
  }

  /* read-write-read */
  {
    double r[2] = {1.3, -0.6}, dr[2] = {0}, out = 0.0, dout = 1.0;
    __enzyme_autodiff_v((void *)rwr, enzyme_dup, r, dr, enzyme_dupnoneed, &out, &dout);
    double r0[2] = {1.3, -0.6};
    ck_gradient("read-write-read", dr, F_rwr, r0, 2);
  }
  return ck_done();
}
