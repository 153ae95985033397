// TEST: a user gradient rule for a function returning a pointer into its argument (ABI §6.2: the augmented rule returns { tape, primal, shadow }, the integer parameter followed by its shadow twin, the rule's heap tape freed by its reverse), called in a loop inside a function run through split mode (default tape and a slot, the input overwritten between the calls) and combined mode; the reverse rule called once per augmented call; against finite differences
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

#define N 4
static int aug_calls, rev_calls;

/* x[k] <- sin(x[k]) * x[k+1]; returns &x[k]. The body hides behind the rule. */
__attribute__((noinline)) double *bend(double *x, int k) {
  x[k] = sin(x[k]) * x[k + 1];
  return x + k;
}
typedef struct { void *tape; double *primal; double *shadow; } bend_aug_t;
bend_aug_t bend_aug(double *x, double *dx, int k, int k_shadow) {
  (void)k_shadow;
  aug_calls++;
  double *t = malloc(2 * sizeof(double));
  t[0] = x[k], t[1] = x[k + 1];
  x[k] = sin(x[k]) * x[k + 1];
  bend_aug_t r = {t, x + k, dx + k};
  return r;
}
void bend_rev(double *x, double *dx, int k, int k_shadow, void *tape) {
  (void)x, (void)k_shadow;
  rev_calls++;
  double *t = tape, g = dx[k];
  dx[k] = g * cos(t[0]) * t[1];
  dx[k + 1] += g * sin(t[0]);
  free(tape);
}
void *__enzyme_register_gradient_bend[] = {(void *)bend, (void *)bend_aug, (void *)bend_rev};

__attribute__((noinline)) static double chainup(double *x, double a) {
  double s = 0.0;
  for (int k = N - 2; k >= 0; k--) {
    double *p = bend(x, k);
    s += a * p[0] * p[0] + p[1];
  }
  return s * x[0];
}

static const double X0[N] = {0.6, -0.4, 0.9, 1.3};
static double A = 0.7;
static double F_x(double *x) { double c[N]; memcpy(c, x, sizeof c); return chainup(c, A); }
static double F_a(double a) { double c[N]; memcpy(c, X0, sizeof c); return chainup(c, a); }

int main(void) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  double want = F_x(xr), fd_a = ck_fd1(F_a, A);
  {
    aug_calls = rev_calls = 0;
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    ck_aug t = __enzyme_augmentfwd((void *)chainup, enzyme_dup, x, dx, A);
    CHECK_PRIMAL("default tape: primal", t.primal, want);
    for (int i = 0; i < N; i++) x[i] = -2.0;
    double da = __enzyme_reverse((void *)chainup, enzyme_dup, x, dx, A, 1.0, t.tape);
    ck_gradient("default tape", dx, F_x, xr, N);
    CHECK("default tape: d/da", da, fd_a);
    CHECK_PRIMAL("default tape: rules paired", aug_calls == rev_calls && rev_calls == N - 1, 1);
  }
  {
    aug_calls = rev_calls = 0;
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    void *slot = NULL;
    double p = __enzyme_augmentfwd_d((void *)chainup, enzyme_tape, &slot, enzyme_dup, x, dx, A);
    CHECK_PRIMAL("slot: primal", p, want);
    double da = __enzyme_reverse((void *)chainup, enzyme_tape, &slot, enzyme_dup, x, dx, A, -1.5);
    for (int i = 0; i < N; i++) dx[i] /= -1.5;
    ck_gradient("slot (seed -1.5, scaled back)", dx, F_x, xr, N);
    CHECK("slot: d/da", da / -1.5, fd_a);
    CHECK_PRIMAL("slot: rules paired", aug_calls == rev_calls && rev_calls == N - 1, 1);
  }
  {
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    double da = __enzyme_autodiff((void *)chainup, enzyme_dup, x, dx, A);
    ck_gradient("combined", dx, F_x, xr, N);
    CHECK("combined: d/da", da, fd_a);
  }
  return ck_done();
}
