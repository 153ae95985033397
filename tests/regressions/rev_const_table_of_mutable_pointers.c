// TEST: reverse and forward mode through a `static const` table of pointers into mutable global scratch arrays (one at an offset) that the differentiated function writes and reads back, twice in a row and at width 2: the pointers loaded from the constant table must have the scratch arrays' shadows
// (was refused at -O0 and -O1, where the loads from the table stay: the activity analysis gave a pointer loaded from a constant global no shadow. Now a constant global whose initializer holds a mutable global's address counts as mutable for Catalase (`shadow_init::catalase_constant`): its mirrored shadow, one per lane, gives the loaded pointers their shadows.)
#include "../programs/include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double a, b; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
extern int enzyme_width, enzyme_dupv;

#define NOINLINE __attribute__((noinline))

/* mutable scratch reached through a const table of pointers */
static double bufA[4], bufB[5];
static double *const SLOTS[2] = {bufA, bufB + 1};

NOINLINE static void scatter(const double *x, int n) {
  for (int i = 0; i < n; i++) SLOTS[i & 1][i >> 1] = x[i] * x[i] + sin(x[i]);
}

static double table_obj(double *x) {
  scatter(x, 8);
  double s = 0.0;
  for (int k = 0; k < 4; k++) s += SLOTS[0][k] * SLOTS[1][k] + bufB[k + 1] * 0.25;
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};
static const double V2[8] = {-0.7, 0.4, 0.15, 0.6, 0.2, -0.3, 0.5, 0.8};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    for (int rep_ = 0; rep_ < 2; rep_++) {                             \
      double dx_[8] = {0}, v_[8], one_ = 1.0;                          \
      __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);               \
      ck_gradient(what, dx_, fn, x, n);                                \
      memcpy(v_, V, sizeof v_);                                        \
      double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);    \
      ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                    \
    }                                                                  \
    double vv_[16];                                                    \
    for (int i_ = 0; i_ < 8; i_++) {                                   \
      vv_[i_] = V[i_];                                                 \
      vv_[8 + i_] = V2[i_];                                            \
    }                                                                  \
    double dx2_[8] = {0};                                              \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx2_);                \
    two t_ = __enzyme_fwddiff2((void *)fn, enzyme_width, 2, enzyme_dupv, sizeof(double) * 8, x, vv_); \
    CHECK(what " width 2 lane 0", t_.a, ck_dot(dx2_, V, n));           \
    CHECK(what " width 2 lane 1", t_.b, ck_dot(dx2_, V2, n));          \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("const table of scratch pointers", table_obj, x, 8);
  return ck_done();
}
