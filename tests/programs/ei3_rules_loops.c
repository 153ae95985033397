// TEST: user rules (ABI §6.2, §6.3) called many times inside loops of differentiated code: a vector rule dot(const double *a, const double *b, int n) (ints followed by their shadows) whose augmented pass returns a malloc'd tape per call, a two-argument scalar rule returning a struct of two gradients without tape, a float rule, a void rule writing through an output pointer inside a nested loop with a data-dependent inner count, the forward rules of the same functions in the same loops; reverse against finite differences, forward against reverse (dot-product test), and a split-mode run of the same loops
#include "include/ck_array.h"
#include "include/ck_split.h"

/* black boxes: inline asm hides the arithmetic, so only the rules can differentiate them */
#define HIDE(v) __asm__ volatile("" : "+m"(v))

__attribute__((noinline)) double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  HIDE(s);
  return s;
}
typedef struct {
  double *tape;
  double y;
} dot_aug_t;
dot_aug_t dot_aug(const double *a, const double *da, const double *b, const double *db, int n, int n_s) {
  (void)da, (void)db, (void)n_s;
  dot_aug_t r = {malloc(2 * (size_t)n * sizeof(double)), 0.0};
  for (int i = 0; i < n; i++) {
    r.tape[i] = a[i];
    r.tape[n + i] = b[i];
    r.y += a[i] * b[i];
  }
  return r;
}
void dot_rev(const double *a, double *da, const double *b, double *db, int n, int n_s, double dret, double *tape) {
  (void)a, (void)b, (void)n_s;
  for (int i = 0; i < n; i++) {
    da[i] += dret * tape[n + i];
    db[i] += dret * tape[i];
  }
  free(tape);
}
void *__enzyme_register_gradient_dot[] = {(void *)dot, (void *)dot_aug, (void *)dot_rev};
typedef struct {
  double p, t;
} dual;
dual dot_fwd(const double *a, const double *da, const double *b, const double *db, int n, int n_s) {
  (void)n_s;
  dual r = {0, 0};
  for (int i = 0; i < n; i++) {
    r.p += a[i] * b[i];
    r.t += da[i] * b[i] + a[i] * db[i];
  }
  return r;
}
void *__enzyme_register_derivative_dot[] = {(void *)dot, (void *)dot_fwd};

__attribute__((noinline)) double blend(double x, double y) {
  double r = x * exp(y) - y * y;
  HIDE(r);
  return r;
}
double blend_aug(double x, double y) { return x * exp(y) - y * y; }
typedef struct {
  double dx, dy;
} g2;
g2 blend_rev(double x, double y, double dret) {
  g2 g = {dret * exp(y), dret * (x * exp(y) - 2.0 * y)};
  return g;
}
void *__enzyme_register_gradient_blend[] = {(void *)blend, (void *)blend_aug, (void *)blend_rev};
dual blend_fwd(double x, double dx, double y, double dy) {
  dual r = {x * exp(y) - y * y, dx * exp(y) + dy * (x * exp(y) - 2.0 * y)};
  return r;
}
void *__enzyme_register_derivative_blend[] = {(void *)blend, (void *)blend_fwd};

__attribute__((noinline)) float softf(float x) {
  float r = logf(1.0f + expf(x));
  HIDE(r);
  return r;
}
float softf_aug(float x) { return logf(1.0f + expf(x)); }
float softf_rev(float x, float dret) { return dret / (1.0f + expf(-x)); }
void *__enzyme_register_gradient_softf[] = {(void *)softf, (void *)softf_aug, (void *)softf_rev};
typedef struct {
  float p, t;
} fdual;
fdual softf_fwd(float x, float dx) {
  fdual r = {logf(1.0f + expf(x)), dx / (1.0f + expf(-x))};
  return r;
}
void *__enzyme_register_derivative_softf[] = {(void *)softf, (void *)softf_fwd};

/* out[0] = in[0]^2 * c, via a pointer; c an FP argument */
__attribute__((noinline)) void sqs(const double *in, double *out, double c) {
  double r = in[0] * in[0] * c;
  HIDE(r);
  *out = r;
}
void *sqs_aug(const double *in, const double *din, double *out, double *dout, double c) {
  (void)din, (void)dout;
  *out = in[0] * in[0] * c;
  double *t = malloc(2 * sizeof(double));
  t[0] = in[0];
  t[1] = c;
  return t;
}
double sqs_rev(const double *in, double *din, const double *out, double *dout, double c, void *tape) {
  (void)in, (void)out, (void)c;
  double *t = tape;
  double d = *dout;
  *dout = 0.0;
  din[0] += 2.0 * t[0] * t[1] * d;
  double dc = t[0] * t[0] * d;
  free(tape);
  return dc;
}
void *__enzyme_register_gradient_sqs[] = {(void *)sqs, (void *)sqs_aug, (void *)sqs_rev};
void sqs_fwd(const double *in, const double *din, double *out, double *dout, double c, double dc) {
  *out = in[0] * in[0] * c;
  *dout = 2.0 * in[0] * c * din[0] + in[0] * in[0] * dc;
}
void *__enzyme_register_derivative_sqs[] = {(void *)sqs, (void *)sqs_fwd};

#define N 6
__attribute__((noinline)) double model(const double *x, const int *len, int n) {
  double s = 0.0, fs = 0.0, buf[N];
  for (int i = 0; i < n; i++) {
    int m = len[i]; /* data-dependent inner count */
    for (int j = 0; j < m; j++) {
      sqs(&x[(i + j) % n], &buf[j], blend(x[i], 0.1 * j));
    }
    s += dot(buf, x, m) * 0.1;
    fs += (double)softf((float)(x[i] * 0.5)); /* kept apart: the checks take its rounding out */
    s += blend(s * 0.1, x[(i + 1) % n]);
  }
  return s + fs;
}

static const int LEN[N] = {3, 1, 6, 0, 4, 2};
/* the float rule's rounding taken out of the finite differences: its float terms are replaced by
   their double values (the float terms cancel exactly, being the same float results) */
static double obj(double *x) {
  double r = model(x, LEN, N);
  for (int i = 0; i < N; i++) r += log(1.0 + exp(x[i] * 0.5)) - (double)softf((float)(x[i] * 0.5));
  return r;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

int main(void) {
  double x[N] = {0.3, -0.6, 0.8, 0.15, -0.4, 0.55}, dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, LEN, enzyme_const, N);
  char lab[64];
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "rules in loops: d/dx[%d]", i);
    CHECK_F32(lab, dx[i], ck_fd_partial(obj, x, i)); /* softf is float */
  }
  double v[N] = {1, -0.5, 0.25, 0.75, -1, 0.5};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, LEN, enzyme_const, N);
  CHECK_F32("rules in loops fwd vs rev", jv, ck_dot(dx, v, N));
  double ds[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, ds, enzyme_const, LEN, enzyme_const, N);
  CHECK_PRIMAL("split primal", a.primal, model(x, LEN, N));
  __enzyme_reverse((void *)model, enzyme_dup, x, ds, enzyme_const, LEN, enzyme_const, N, 1.0, a.tape);
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "split rules in loops: d/dx[%d]", i);
    CHECK(lab, ds[i], dx[i]);
  }
  return ck_done();
}
