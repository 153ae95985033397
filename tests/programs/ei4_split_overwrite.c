// TEST: split mode and the overwrite contract (ABI §5): without enzyme_not_overwritten the caller may overwrite a dup argument's primal memory (and an enzyme_const table) between __enzyme_augmentfwd and __enzyme_reverse, and the gradient is still the one at the values the augmented pass saw; with enzyme_not_overwritten before the activity marker (two markers on one parameter) the caller keeps them unchanged; the same marker order in combined mode and with a caller-allocated tape; against finite differences and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_not_overwritten;
#define N 5
__attribute__((noinline)) double f(const double *x, const double *w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = x[i] * w[i];
    s += sin(t) * x[(i + 1) % n] + (t > 0.0 ? t * t : -t);
  }
  return s * x[0];
}
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

static double W0[N] = {0.5, -1.2, 0.8, 1.5, -0.3};
static double obj(double *x) { return f(x, W0, N); }

int main(void) {
  double x0[N] = {0.3, 0.9, -0.6, 1.1, 0.4};
  double ref[N] = {0};
  {
    double x[N], w[N];
    memcpy(x, x0, sizeof x);
    memcpy(w, W0, sizeof w);
    __enzyme_autodiff((void *)f, enzyme_not_overwritten, enzyme_dup, x, ref, enzyme_not_overwritten, enzyme_const, w,
                      enzyme_const, N);
    ck_gradient("combined, not_overwritten markers", ref, obj, x0, N);
  }
  {
    /* default: the caller overwrites x and w between the passes */
    double x[N], w[N], dx[N] = {0};
    memcpy(x, x0, sizeof x);
    memcpy(w, W0, sizeof w);
    ck_aug a = __enzyme_augmentfwd((void *)f, enzyme_dup, x, dx, enzyme_const, w, enzyme_const, N);
    CHECK_PRIMAL("augmented primal", a.primal, obj(x0));
    for (int i = 0; i < N; i++) {
      x[i] = -7.0 + i;
      w[i] = 3.0 * i - 1.0;
    }
    __enzyme_reverse((void *)f, enzyme_dup, x, dx, enzyme_const, w, enzyme_const, N, 1.0, a.tape);
    for (int i = 0; i < N; i++) {
      char name[48];
      snprintf(name, sizeof name, "overwritten between passes [%d]", i);
      CHECK(name, dx[i], ref[i]);
    }
  }
  {
    /* enzyme_not_overwritten: kept as they were */
    double x[N], w[N], dx[N] = {0};
    memcpy(x, x0, sizeof x);
    memcpy(w, W0, sizeof w);
    ck_aug a = __enzyme_augmentfwd((void *)f, enzyme_not_overwritten, enzyme_dup, x, dx, enzyme_not_overwritten,
                                   enzyme_const, w, enzyme_const, N);
    __enzyme_reverse((void *)f, enzyme_not_overwritten, enzyme_dup, x, dx, enzyme_not_overwritten, enzyme_const, w,
                     enzyme_const, N, 2.0, a.tape);
    for (int i = 0; i < N; i++) {
      char name[48];
      snprintf(name, sizeof name, "not_overwritten, seed 2 [%d]", i);
      CHECK(name, dx[i], 2.0 * ref[i]);
    }
  }
  {
    /* caller-allocated tape, primal overwritten in between */
    int size = __enzyme_augmentsize((void *)f, enzyme_dup, enzyme_const, enzyme_const);
    void *tape = malloc(size > 0 ? size : 1);
    double x[N], w[N], dx[N] = {0};
    memcpy(x, x0, sizeof x);
    memcpy(w, W0, sizeof w);
    __enzyme_augmentfwd_v((void *)f, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, w,
                          enzyme_const, N);
    for (int i = 0; i < N; i++) x[i] = 0.0;
    __enzyme_reverse((void *)f, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, w,
                     enzyme_const, N, 1.0);
    for (int i = 0; i < N; i++) {
      char name[48];
      snprintf(name, sizeof name, "caller tape, overwritten [%d]", i);
      CHECK(name, dx[i], ref[i]);
    }
    free(tape);
  }
  return ck_done();
}
