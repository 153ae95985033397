// TEST: both modes through mutable global state that holds addresses from the start: a global pointer initialized to a global scratch array that a noinline callee writes through, a global struct whose field points into another global array (at an offset), the pointer moved to a second array inside the differentiated function and back, gradients taken twice in a row (shadows start over), forward derivatives at widths 1 and 2 and a batched gradient at width 2 (each lane's shadows of the globals point to that lane's shadows of the arrays)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double a, b; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");
extern int enzyme_width, enzyme_dupv;

#define NOINLINE __attribute__((noinline))

static double bufA[4], bufB[4];
static double *cur = bufA;

typedef struct {
  double *rows;
  int n;
  double gain;
} state;
static double table[6];
static state S = {table + 1, 4, 1.5};

NOINLINE static void put(double v, int i) { cur[i] = v; }

NOINLINE static double through_state(const double *x) {
  for (int i = 0; i < S.n; i++) S.rows[i] = x[i] * S.gain + table[0];
  double s = 0.0;
  for (int i = 0; i < S.n; i++) s += S.rows[i] * S.rows[(i + 1) % S.n];
  return s;
}

static double global_ptrs(double *x) {
  for (int i = 0; i < 4; i++) put(x[i] * x[i], i);
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += cur[i] * sin(bufA[i]);
  cur = bufB;
  for (int i = 0; i < 4; i++) put(cos(x[i + 4]) * bufA[i], i);
  for (int i = 0; i < 4; i++) s += bufB[i] * bufB[(i + 2) % 4];
  cur = bufA;
  return s + through_state(x + 2);
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  for (int rep = 0; rep < 2; rep++) {
    double dx[8] = {0}, v[8], one = 1.0;
    __enzyme_autodiff((void *)global_ptrs, enzyme_dup, x, dx);
    ck_gradient(rep ? "global pointers (again)" : "global pointers", dx, global_ptrs, x, 8);
    memcpy(v, V, sizeof v);
    double jv = __enzyme_fwddiff((void *)global_ptrs, enzyme_dup, x, v);
    ck_dot_test("global pointers", &one, &jv, 1, dx, V, 8);
  }
  {
    static const double V2[8] = {-0.7, 0.4, 0.15, 0.6, 0.2, -0.3, 0.5, 0.8};
    double dx[8] = {0}, vv[16];
    __enzyme_autodiff((void *)global_ptrs, enzyme_dup, x, dx);
    for (int i = 0; i < 8; i++) {
      vv[i] = V[i];
      vv[8 + i] = V2[i];
    }
    two t = __enzyme_fwddiff2((void *)global_ptrs, enzyme_width, 2, enzyme_dupv, sizeof(double) * 8, x, vv);
    CHECK("global pointers, width 2 lane 0", t.a, ck_dot(dx, V, 8));
    CHECK("global pointers, width 2 lane 1", t.b, ck_dot(dx, V2, 8));
    double g0[8] = {0}, g1[8] = {0};
    __enzyme_autodiff2((void *)global_ptrs, enzyme_width, 2, enzyme_dup, x, g0, g1);
    for (int i = 0; i < 8; i++) {
      char l[80];
      snprintf(l, sizeof l, "batched gradient lane 0: d/dx[%d]", i);
      CHECK(l, g0[i], dx[i]);
      snprintf(l, sizeof l, "batched gradient lane 1: d/dx[%d]", i);
      CHECK(l, g1[i], dx[i]);
    }
  }
  CHECK_PRIMAL("the pointer is back", cur == bufA ? 1.0 : 0.0, 1.0);
  return ck_done();
}
