// TEST: split mode of a float kernel that sorts its input in place (insertion sort: which values swap depends on the data, and the caller's array is overwritten) and weights the sorted values: one lane, and batched at enzyme_width 2 with two float differential returns passed as separate promoted values, the float enzyme_out parameter's lanes returned as a struct of floats, a caller tape sized by __enzyme_augmentsize with enzyme_width, and one tape reversed twice with enzyme_nofree; the input scrambled between the calls; against finite differences of a double twin
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width;
typedef struct { void *tape; float primal; } aug_f;
aug_f __enzyme_augmentfwd(void *, ...);
float __enzyme_augmentfwd_f(void *, ...) __asm__("__enzyme_augmentfwd");
float __enzyme_reverse(void *, ...);
typedef struct { float d[2]; } fl2;
fl2 __enzyme_reverse2(void *, ...) __asm__("__enzyme_reverse");

#define N 6

__attribute__((noinline)) static float ranked(float *v, int n, float s) {
  for (int i = 1; i < n; i++) {
    float key = v[i];
    int j = i - 1;
    while (j >= 0 && v[j] > key) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = key;
  }
  float r = 0.0f;
  for (int i = 0; i < n; i++) r += (float)(i + 1) * v[i] * sinf(s * v[i]);
  return r;
}
static double ranked_d(double *v, int n, double s) {
  for (int i = 1; i < n; i++) {
    double key = v[i];
    int j = i - 1;
    while (j >= 0 && v[j] > key) v[j + 1] = v[j], j--;
    v[j + 1] = key;
  }
  double r = 0.0;
  for (int i = 0; i < n; i++) r += (i + 1) * v[i] * sin(s * v[i]);
  return r;
}

static const float V0[N] = {0.7f, -0.3f, 1.2f, 0.1f, -0.9f, 0.5f};
static const float V1[N] = {-0.2f, 0.8f, 0.4f, -1.1f, 0.6f, 1.4f};
static float S = 0.9f;
static const float *AT;
static double F_v(double *v) { double c[N]; memcpy(c, v, sizeof c); return ranked_d(c, N, S); }
static double F_s(double s) { double c[N]; for (int i = 0; i < N; i++) c[i] = AT[i]; return ranked_d(c, N, s); }

static void check_lane(const char *what, const float *v0, const float *dv, float ds, double seed) {
  char label[96];
  double x[N], g[N];
  AT = v0;
  for (int i = 0; i < N; i++) x[i] = v0[i], g[i] = dv[i] / seed;
  snprintf(label, sizeof label, "%s (seed %g, scaled back)", what, seed);
  for (int i = 0; i < N; i++) CHECK_F32(label, g[i], ck_fd_partial(F_v, x, i));
  snprintf(label, sizeof label, "%s: d/ds", what);
  CHECK_F32(label, ds / seed, ck_fd1(F_s, S));
}

int main(void) {
  /* one lane, default tape */
  {
    float v[N], dv[N] = {0};
    memcpy(v, V0, sizeof v);
    aug_f a = __enzyme_augmentfwd((void *)ranked, enzyme_dup, v, dv, N, S);
    double pv[N];
    for (int i = 0; i < N; i++) pv[i] = V0[i];
    CHECK_F32("one lane: primal", a.primal, F_v(pv));
    int sorted = 1;
    for (int i = 1; i < N; i++) sorted &= v[i - 1] <= v[i];
    CHECK_PRIMAL("one lane: the input sorted in place", sorted, 1);
    for (int i = 0; i < N; i++) v[i] = 5.0f; /* scrambled */
    float ds = __enzyme_reverse((void *)ranked, enzyme_dup, v, dv, N, S, 1.0f, a.tape);
    check_lane("one lane", V0, dv, ds, 1.0);
  }
  /* width 2: one primal, two shadows, a different seed per lane; the caller tape on the stack */
  {
    float v[N], dv[2][N] = {{0}};
    memcpy(v, V1, sizeof v);
    char tape[__enzyme_augmentsize((void *)ranked, enzyme_width, 2, enzyme_dup, enzyme_const, enzyme_out)];
    float p = __enzyme_augmentfwd_f((void *)ranked, enzyme_width, 2, enzyme_dup, v, dv[0], dv[1], N, S, enzyme_allocated,
                                    __enzyme_augmentsize((void *)ranked, enzyme_width, 2, enzyme_dup, enzyme_const, enzyme_out),
                                    enzyme_tape, tape);
    double pv[N];
    for (int i = 0; i < N; i++) pv[i] = V1[i];
    CHECK_F32("width 2: primal", p, F_v(pv));
    memset(v, 0, sizeof v);
    fl2 ds = __enzyme_reverse2((void *)ranked, enzyme_width, 2, enzyme_dup, v, dv[0], dv[1], N, S, 1.0f, -2.0f,
                               enzyme_allocated,
                               __enzyme_augmentsize((void *)ranked, enzyme_width, 2, enzyme_dup, enzyme_const, enzyme_out),
                               enzyme_tape, tape);
    check_lane("width 2 lane 0", V1, dv[0], ds.d[0], 1.0);
    check_lane("width 2 lane 1", V1, dv[1], ds.d[1], -2.0);
  }
  /* width 2, default tape reversed twice with enzyme_nofree */
  {
    float v[N], dv[2][N] = {{0}};
    memcpy(v, V0, sizeof v);
    aug_f a = __enzyme_augmentfwd((void *)ranked, enzyme_width, 2, enzyme_dup, v, dv[0], dv[1], N, S);
    fl2 d1 = __enzyme_reverse2((void *)ranked, enzyme_nofree, enzyme_width, 2, enzyme_dup, v, dv[0], dv[1], N, S, 0.5f, 3.0f,
                               a.tape);
    check_lane("nofree first, lane 0", V0, dv[0], d1.d[0], 0.5);
    check_lane("nofree first, lane 1", V0, dv[1], d1.d[1], 3.0);
    memset(dv, 0, sizeof dv);
    fl2 d2 = __enzyme_reverse2((void *)ranked, enzyme_width, 2, enzyme_dup, v, dv[0], dv[1], N, S, -1.0f, 1.5f, a.tape);
    check_lane("nofree second, lane 0", V0, dv[0], d2.d[0], -1.0);
    check_lane("nofree second, lane 1", V0, dv[1], d2.d[1], 1.5);
  }
  return ck_done();
}
