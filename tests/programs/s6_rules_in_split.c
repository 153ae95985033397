// TEST: split mode of code that calls functions with user gradient rules (__enzyme_register_gradient, ABI §6.2): a pointer kernel whose augmented rule returns a heap tape the reverse rule frees (integer parameters with their shadow twins), a scalar rule returning { tape, primal } and one returning the primal alone (no tape; its reverse takes none); the ruled calls sit in a loop whose length depends on the data, write into buffers the loop overwrites, and the outer function's tape lives in the caller's bytes, in a slot and in the default place while its inputs are overwritten between the calls; counts of rule calls checked, gradients against finite differences and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
ck_aug __enzyme_augmentfwd_t(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

#define N 5

static int aug_calls, rev_calls;

/* dst[i] = src[i] * src[(i+1)%n] + sin(src[i]) : body hidden behind the rule */
__attribute__((noinline)) void mix(const double *src, double *dst, int n) {
  for (int i = 0; i < n; i++) dst[i] = src[i] * src[(i + 1) % n] + sin(src[i]);
}
void *mix_aug(const double *src, const double *dsrc, double *dst, double *ddst, int n, int n_shadow) {
  (void)dsrc, (void)ddst, (void)n_shadow;
  aug_calls++;
  double *keep = malloc(n * sizeof(double));
  memcpy(keep, src, n * sizeof(double));
  mix(src, dst, n);
  return keep;
}
void mix_rev(const double *src, double *dsrc, const double *dst, double *ddst, int n, int n_shadow, void *tape) {
  (void)src, (void)dst, (void)n_shadow;
  rev_calls++;
  const double *s = tape; /* src may have been overwritten since */
  for (int i = 0; i < n; i++) {
    double g = ddst[i];
    ddst[i] = 0.0;
    dsrc[i] += g * (s[(i + 1) % n] + cos(s[i]));
    dsrc[(i + 1) % n] += g * s[i];
  }
  free(tape);
}
void *__enzyme_register_gradient_mix[] = {(void *)mix, (void *)mix_aug, (void *)mix_rev};

/* a scalar rule with a tape */
__attribute__((noinline)) double soft(double u) { return log(1.0 + exp(u)); }
typedef struct { void *tape; double primal; } soft_aug_t;
soft_aug_t soft_aug(double u) {
  aug_calls++;
  double *e = malloc(sizeof(double));
  *e = exp(u);
  soft_aug_t r = {e, log(1.0 + *e)};
  return r;
}
double soft_rev(double u, double dret, void *tape) {
  (void)u;
  rev_calls++;
  double e = *(double *)tape;
  free(tape);
  return dret * e / (1.0 + e);
}
void *__enzyme_register_gradient_soft[] = {(void *)soft, (void *)soft_aug, (void *)soft_rev};

/* a scalar rule without a tape: the augmented rule returns the primal alone */
__attribute__((noinline)) double cube(double u) { return u * u * u; }
double cube_aug(double u) { aug_calls++; return u * u * u; }
double cube_rev(double u, double dret) { rev_calls++; return dret * 3.0 * u * u; }
void *__enzyme_register_gradient_cube[] = {(void *)cube, (void *)cube_aug, (void *)cube_rev};

/* rounds of mix until the buffer's sum leaves a band: the count depends on the data */
__attribute__((noinline)) static double model(double *x, int n, double c) {
  double buf[N], out[N];
  memcpy(buf, x, n * sizeof(double));
  int rounds = 0;
  double s = 0.0;
  do {
    mix(buf, out, n);
    s = 0.0;
    for (int i = 0; i < n; i++) {
      buf[i] = 0.3 * out[i] + soft(c * out[i]) - 0.6; /* buf overwritten every round */
      s += fabs(buf[i]);
    }
    rounds++;
  } while (s > 0.4 && rounds < 6);
  for (int i = 0; i < n; i++) x[i] = buf[i]; /* the input overwritten too */
  double r = 0.0;
  for (int i = 0; i < n; i++) r += cube(buf[i]) + buf[i] * c;
  return r;
}

static const double X0[N] = {0.5, -0.4, 0.8, 0.2, -0.7};
static double C = 0.6;
static double F_x(double *x) { double c[N]; memcpy(c, x, sizeof c); return model(c, N, C); }
static double F_c(double c) { double x[N]; memcpy(x, X0, sizeof x); return model(x, N, c); }

int main(void) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  double want = F_x(xr), fd_c = ck_fd1(F_c, C);
  /* combined mode, for reference */
  double xc[N], dxc[N] = {0};
  memcpy(xc, X0, sizeof xc);
  double dcc = __enzyme_autodiff((void *)model, enzyme_dup, xc, dxc, N, C);
  ck_gradient("combined", dxc, F_x, xr, N);
  CHECK("combined d/dc", dcc, fd_c);
  CHECK_PRIMAL("combined: rule calls pair up", aug_calls == rev_calls && aug_calls > 0, 1);

  /* caller bytes */
  {
    aug_calls = rev_calls = 0;
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    char tape[__enzyme_augmentsize((void *)model, enzyme_dup, enzyme_const, enzyme_out)];
    double p = __enzyme_augmentfwd((void *)model, enzyme_dup, x, dx, N, C, enzyme_allocated,
                                   __enzyme_augmentsize((void *)model, enzyme_dup, enzyme_const, enzyme_out), enzyme_tape, tape);
    CHECK_PRIMAL("caller bytes: primal", p, want);
    CHECK_PRIMAL("caller bytes: no reverse rule yet", rev_calls, 0);
    for (int i = 0; i < N; i++) x[i] = 3.0; /* overwritten between the calls */
    double dc = __enzyme_reverse((void *)model, enzyme_dup, x, dx, N, C, 1.0, enzyme_allocated,
                                 __enzyme_augmentsize((void *)model, enzyme_dup, enzyme_const, enzyme_out), enzyme_tape, tape);
    ck_gradient("caller bytes", dx, F_x, xr, N);
    CHECK("caller bytes d/dc", dc, fd_c);
    CHECK_PRIMAL("caller bytes: each augmented rule reversed once", aug_calls == rev_calls && aug_calls > 0, 1);
  }
  /* a slot */
  {
    aug_calls = rev_calls = 0;
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    void *slot;
    double p = __enzyme_augmentfwd((void *)model, enzyme_tape, &slot, enzyme_dup, x, dx, N, C);
    CHECK_PRIMAL("slot: primal", p, want);
    double dc = __enzyme_reverse((void *)model, enzyme_tape, &slot, enzyme_dup, x, dx, N, C, 2.0);
    for (int i = 0; i < N; i++) dx[i] *= 0.5;
    ck_gradient("slot (seed 2, scaled back)", dx, F_x, xr, N);
    CHECK("slot d/dc (seed 2)", dc, 2.0 * fd_c);
    CHECK_PRIMAL("slot: each augmented rule reversed once", aug_calls == rev_calls && aug_calls > 0, 1);
  }
  /* the default tape, two of them alive, reversed in the other order */
  {
    double x1[N], dx1[N] = {0}, x2[N], dx2[N] = {0};
    memcpy(x1, X0, sizeof x1);
    memcpy(x2, X0, sizeof x2);
    ck_aug t1 = __enzyme_augmentfwd_t((void *)model, enzyme_dup, x1, dx1, N, C);
    ck_aug t2 = __enzyme_augmentfwd_t((void *)model, enzyme_dup, x2, dx2, N, C);
    CHECK_PRIMAL("default: primal", t1.primal, want);
    double dc2 = __enzyme_reverse((void *)model, enzyme_dup, x2, dx2, N, C, 1.0, t2.tape);
    double dc1 = __enzyme_reverse((void *)model, enzyme_dup, x1, dx1, N, C, 1.0, t1.tape);
    ck_gradient("default, second tape", dx2, F_x, xr, N);
    ck_gradient("default, first tape", dx1, F_x, xr, N);
    CHECK("default d/dc", dc1, fd_c);
    CHECK("default d/dc (second)", dc2, fd_c);
  }
  return ck_done();
}
