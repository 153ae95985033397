// TEST: a user gradient rule (ABI §6.2) whose augmented function and reverse function themselves use split mode: the rule's augmented pass calls __enzyme_augmentfwd on the kernel and returns its tape, the reverse pass hands that tape to __enzyme_reverse; the ruled function is called in a loop inside code differentiated by __enzyme_autodiff and inside code run through split mode
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

/* The kernel a library differentiates itself. */
static double kernel(double x, double k) { return sin(k * x) * x + k * x * x; }

/* The ruled function: same values, its body is hidden behind the rule. */
__attribute__((noinline)) double ruled(double x, double k) { return kernel(x, k); }

/* ABI §6.2: aug(x, k) -> { tape, primal }; rev(x, k, d_ret, tape) -> { dx, dk }. */
typedef struct { void *tape; double primal; } ruled_aug;
typedef struct { double dx, dk; } ruled_grad;
ruled_aug ruled_augmented(double x, double k) {
  ck_aug a = __enzyme_augmentfwd((void *)kernel, x, k);
  ruled_aug r = {a.tape, a.primal};
  return r;
}
typedef struct { double dx, dk; } kernel_grad;
kernel_grad __enzyme_reverse_kernel(void *, ...);
ruled_grad ruled_reverse(double x, double k, double dret, void *tape) {
  kernel_grad g = __enzyme_reverse_kernel((void *)kernel, x, k, dret, tape);
  ruled_grad r = {g.dx, g.dk};
  return r;
}
void *__enzyme_register_gradient_ruled[] = {(void *)ruled, (void *)ruled_augmented, (void *)ruled_reverse};

#define N 4
static double model(double *x, double k) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += ruled(x[i], k) * (1.0 + 0.1 * i);
  return s;
}

static const double X0[N] = {0.3, -0.8, 1.2, 0.5};
static double K = 0.7;
static double F_x(double *x) { return model(x, K); }
static double F_k(double k) { double x[N]; memcpy(x, X0, sizeof x); return model(x, k); }

int main(void) {
  double x[N], dx[N] = {0}, xr[N];
  memcpy(x, X0, sizeof x);
  memcpy(xr, X0, sizeof xr);
  double dk = __enzyme_autodiff((void *)model, enzyme_dup, x, dx, K);
  ck_gradient("model through the rule (autodiff)", dx, F_x, xr, N);
  CHECK("model through the rule (autodiff): d/dk", dk, ck_fd1(F_k, K));

  double dx2[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, dx2, K);
  CHECK_PRIMAL("model (split): primal", a.primal, F_x(xr));
  double dk2 = __enzyme_reverse((void *)model, enzyme_dup, x, dx2, K, 1.0, a.tape);
  ck_gradient("model through the rule (split)", dx2, F_x, xr, N);
  CHECK("model through the rule (split): d/dk", dk2, ck_fd1(F_k, K));
  return ck_done();
}
