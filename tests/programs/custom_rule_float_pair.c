// TEST: a float forward rule returning struct {float p, t;} (lowered to <2 x float>) and a double rule returning a large struct through sret
#include "include/catalase_check.h"

float __enzyme_fwddiff_f(void *, ...);
double __enzyme_fwddiff(void *, ...);

/* The bodies hide their values behind inline asm: only the rules can differentiate them. */
__attribute__((noinline)) float sqf(float x, float y) {
  float r = x * x * y;
  __asm__ volatile("" : "+x"(r));
  return r;
}
typedef struct { float p, t; } fdual;
fdual sqf_fwd(float x, float dx, float y, float dy) {
  fdual o = {x * x * y, 2.0f * x * y * dx + x * x * dy};
  return o;
}
void *__enzyme_register_derivative_sqf[] = {(void *)sqf, (void *)sqf_fwd};

__attribute__((noinline)) double cubed(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
/* Three doubles: returned through sret (the extra field is ignored). */
typedef struct { double p, t, pad; } ddual;
ddual cubed_fwd(double x, double dx) {
  ddual o = {x * x * x, 3.0 * x * x * dx, 0.0};
  return o;
}
void *__enzyme_register_derivative_cubed[] = {(void *)cubed, (void *)cubed_fwd};

static float g(float x) { return sqf(x, 0.5f); }
static double h(double x) { return cubed(x) + x; }
static double g_ref(double x) { return (double)x * x * 0.5; }
static double h_ref(double x) { return x * x * x + x; }

int main(void) {
  CHECK_F32("d sqf(x, 0.5) / dx at 3", __enzyme_fwddiff_f((void *)g, 3.0f, 1.0f), ck_fd1(g_ref, 3.0));
  CHECK("d cubed(x) + x / dx at 1.1", __enzyme_fwddiff((void *)h, 1.1, 1.0), ck_fd1(h_ref, 1.1));
  return ck_done();
}
