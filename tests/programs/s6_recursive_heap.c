// TEST: split mode of functions whose reverse needs what recursion and the heap saw: a divide-and-conquer reduction that recurses on halves of a run-time length, mallocs a scratch block per level and frees it before returning; a while loop that grows a heap buffer by realloc until a data-dependent condition holds; a non-inlined callee that overwrites its input array in place (normalisation) called from a loop; each through the default tape, a caller tape and a slot, the inputs scrambled between the augmented and the reverse call, with one tape reversed twice with enzyme_nofree (also at enzyme_width 2 for the realloc growth); against finite differences, combined mode and forward mode (dot-product test)
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_width;
typedef struct { double d[2]; } l2;
l2 __enzyme_reverse2(void *, ...) __asm__("__enzyme_reverse");

#define N 7

/* sum over [lo, hi) of a pairwise nonlinear combination, by halves; each level keeps a scratch copy */
static double reduce(const double *x, int lo, int hi, double a) {
  int n = hi - lo;
  if (n == 1) return sin(a * x[lo]) + x[lo] * x[lo];
  double *tmp = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) tmp[i] = x[lo + i] * (1.0 + 0.1 * i);
  int mid = n / 2;
  double l = reduce(tmp, 0, mid, a), r = reduce(tmp, mid, n, a);
  double out = l * cos(r) + exp(0.1 * l * r);
  free(tmp);
  return out;
}
__attribute__((noinline)) static double tree(double *x, int n, double a) { return reduce(x, 0, n, a); }

/* grows a buffer by realloc while the running sum stays below a bound: a data-dependent length */
__attribute__((noinline)) static double grow(double *x, int n, double a) {
  int cap = 2, len = 0;
  double *buf = malloc(cap * sizeof(double));
  double s = 0.0;
  while (s < 6.0 && len < 40) {
    if (len == cap) {
      cap *= 2;
      buf = realloc(buf, cap * sizeof(double));
    }
    double v = x[len % n] * x[len % n] + a * 0.3 + 0.05 * len;
    buf[len++] = v;
    s += v;
  }
  double r = 0.0;
  for (int i = 0; i < len; i++) r += buf[i] * buf[(i + 1) % len];
  free(buf);
  return r;
}

/* overwrites v with v / |v| */
__attribute__((noinline)) static void normalise(double *v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  double inv = 1.0 / sqrt(s);
  for (int i = 0; i < n; i++) v[i] *= inv;
}
__attribute__((noinline)) static double power_steps(double *x, int n, double a) {
  double r = 0.0;
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < n; i++) x[i] = x[i] + a * sin(x[(i + 1) % n]);
    normalise(x, n); /* x overwritten by the callee */
    r += x[k] * (k + 1);
  }
  return r;
}

static const double X0[N] = {0.6, -0.4, 0.9, 0.3, -1.1, 0.7, 0.2};
static double A = 0.8;
typedef double (*kern)(double *, int, double);
static kern CUR;
static double F_x(double *x) { double c[N]; memcpy(c, x, sizeof c); return CUR(c, N, A); }
static double F_a(double a) { double c[N]; memcpy(c, X0, sizeof c); return CUR(c, N, a); }

#define SPLIT_CHECKS(name, fn)                                                                                        \
  do {                                                                                                                \
    CUR = fn;                                                                                                         \
    double xr[N];                                                                                                     \
    memcpy(xr, X0, sizeof xr);                                                                                        \
    double want = F_x(xr), fd_a = ck_fd1(F_a, A);                                                                     \
    /* default tape */                                                                                                \
    double x[N], dx[N] = {0};                                                                                         \
    memcpy(x, X0, sizeof x);                                                                                          \
    ck_aug t = __enzyme_augmentfwd((void *)fn, enzyme_dup, x, dx, N, A);                                              \
    CHECK_PRIMAL(name ": default tape, primal", t.primal, want);                                                      \
    for (int i = 0; i < N; i++) x[i] = 100.0 + i;                                                                     \
    double da = __enzyme_reverse((void *)fn, enzyme_dup, x, dx, N, A, 1.0, t.tape);                                   \
    ck_gradient(name ": default tape", dx, F_x, xr, N);                                                               \
    CHECK(name ": default tape d/da", da, fd_a);                                                                      \
    /* caller tape */                                                                                                 \
    double x2[N], dx2[N] = {0};                                                                                       \
    memcpy(x2, X0, sizeof x2);                                                                                        \
    char *ct = malloc(__enzyme_augmentsize((void *)fn, enzyme_dup, enzyme_const, enzyme_out));                       \
    double p2 = __enzyme_augmentfwd_d((void *)fn, enzyme_allocated,                                                   \
                                      __enzyme_augmentsize((void *)fn, enzyme_dup, enzyme_const, enzyme_out),         \
                                      enzyme_tape, ct, enzyme_dup, x2, dx2, N, A);                                    \
    CHECK_PRIMAL(name ": caller tape, primal", p2, want);                                                             \
    memset(x2, 0, sizeof x2);                                                                                         \
    double da2 = __enzyme_reverse((void *)fn, enzyme_allocated,                                                       \
                                  __enzyme_augmentsize((void *)fn, enzyme_dup, enzyme_const, enzyme_out), enzyme_tape, \
                                  ct, enzyme_dup, x2, dx2, N, A, 1.0);                                                \
    free(ct);                                                                                                         \
    ck_gradient(name ": caller tape", dx2, F_x, xr, N);                                                               \
    CHECK(name ": caller tape d/da", da2, fd_a);                                                                      \
    /* slot, reversed twice with enzyme_nofree then once more to free; the input's shadow is   \
       cleared after each (it is also the adjoint of x after the call where x is overwritten) */ \
    double x3[N], dx3[N] = {0}, g3[N];                                                                                \
    memcpy(x3, X0, sizeof x3);                                                                                        \
    void *slot = NULL;                                                                                                \
    __enzyme_augmentfwd_d((void *)fn, enzyme_tape, &slot, enzyme_dup, x3, dx3, N, A);                                 \
    double s1 = __enzyme_reverse((void *)fn, enzyme_nofree, enzyme_tape, &slot, enzyme_dup, x3, dx3, N, A, 0.5);      \
    for (int i = 0; i < N; i++) g3[i] = 2.0 * dx3[i], dx3[i] = 0.0;                                                   \
    ck_gradient(name ": slot, nofree seed 0.5 (scaled back)", g3, F_x, xr, N);                                        \
    double s2 = __enzyme_reverse((void *)fn, enzyme_nofree, enzyme_tape, &slot, enzyme_dup, x3, dx3, N, A, 1.5);      \
    for (int i = 0; i < N; i++) g3[i] = dx3[i] / 1.5, dx3[i] = 0.0;                                                   \
    ck_gradient(name ": slot, nofree again seed 1.5 (scaled back)", g3, F_x, xr, N);                                  \
    double s3 = __enzyme_reverse((void *)fn, enzyme_tape, &slot, enzyme_dup, x3, dx3, N, A, -1.0);                     \
    for (int i = 0; i < N; i++) g3[i] = -dx3[i];                                                                      \
    ck_gradient(name ": slot, last seed -1 (scaled back)", g3, F_x, xr, N);                                           \
    CHECK(name ": slot nofree d/da (0.5)", s1, 0.5 * fd_a);                                                           \
    CHECK(name ": slot nofree d/da (1.5)", s2, 1.5 * fd_a);                                                           \
    CHECK(name ": slot last d/da (-1)", s3, -fd_a);                                                                   \
    /* combined mode and forward mode */                                                                              \
    double x4[N], dx4[N] = {0};                                                                                       \
    memcpy(x4, X0, sizeof x4);                                                                                        \
    double da4 = __enzyme_autodiff((void *)fn, enzyme_dup, x4, dx4, N, A);                                            \
    for (int i = 0; i < N; i++) CHECK(name ": combined = split", dx4[i], dx[i]);                                      \
    CHECK(name ": combined = split d/da", da4, da);                                                                   \
    double v[N] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.6}, va = -0.7, x5[N], dx5[N];                                  \
    memcpy(x5, X0, sizeof x5);                                                                                        \
    memcpy(dx5, v, sizeof dx5);                                                                                       \
    double jv = __enzyme_fwddiff((void *)fn, enzyme_dup, x5, dx5, N, A, va);                                          \
    double jtw[N + 1], vv[N + 1], one = 1.0;                                                                          \
    memcpy(jtw, dx, sizeof dx);                                                                                       \
    jtw[N] = da;                                                                                                      \
    memcpy(vv, v, sizeof v);                                                                                          \
    vv[N] = va;                                                                                                       \
    ck_dot_test(name ": split vs forward", &one, &jv, 1, jtw, vv, N + 1);                                             \
  } while (0)

int main(void) {
  SPLIT_CHECKS("recursive halves", tree);
  SPLIT_CHECKS("realloc growth", grow);
  SPLIT_CHECKS("callee overwrites", power_steps);
  /* realloc growth at width 2: one tape reversed twice with enzyme_nofree, then once to free */
  {
    CUR = grow;
    double x[N], dx[2][N], xr[N], fd_a = ck_fd1(F_a, A);
    memcpy(x, X0, sizeof x);
    memcpy(xr, X0, sizeof xr);
    memset(dx, 0, sizeof dx);
    ck_aug t = __enzyme_augmentfwd((void *)grow, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], N, A);
    double seeds[3][2] = {{1.0, -0.5}, {2.0, 0.25}, {-1.0, 3.0}};
    for (int r = 0; r < 3; r++) {
      memset(dx, 0, sizeof dx);
      l2 da = r < 2 ? __enzyme_reverse2((void *)grow, enzyme_nofree, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], N, A,
                                        seeds[r][0], seeds[r][1], t.tape)
                    : __enzyme_reverse2((void *)grow, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], N, A, seeds[r][0],
                                        seeds[r][1], t.tape);
      for (int l = 0; l < 2; l++) {
        char label[80];
        for (int i = 0; i < N; i++) dx[l][i] /= seeds[r][l];
        snprintf(label, sizeof label, "realloc width 2, reverse %d lane %d (scaled back)", r, l);
        ck_gradient(label, dx[l], F_x, xr, N);
        CHECK(label, da.d[l] / seeds[r][l], fd_a);
      }
    }
  }
  return ck_done();
}
