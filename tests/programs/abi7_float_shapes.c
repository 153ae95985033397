// TEST: ABI §0 item 2 / §4.2: float results in the shapes clang gives C structs: two floats as <2 x float>, three as {<2 x float>, float}, four as {<2 x float>, <2 x float>}, a double and a float, in combined reverse (gradients), forward width 2/3/4 (lanes), forward enzyme_primal_return ({primal, tangent} of a float function), and split mode (augmented {tape, float primal}); each against the closed form of a float kernel
#include "include/catalase_check.h"

extern int enzyme_allocated, enzyme_tape;
typedef struct { float a, b; } F2;
typedef struct { float a, b, c; } F3;
typedef struct { float a, b, c, d; } F4;
typedef struct { double a; float b; } DF;
typedef struct { void *tape; float primal; } AugF;
F2 __enzyme_autodiff_f2(void *, ...);
F3 __enzyme_autodiff_f3(void *, ...);
F4 __enzyme_autodiff_f4(void *, ...);
DF __enzyme_autodiff_df(void *, ...);
F2 __enzyme_fwddiff_f2(void *, ...);
F3 __enzyme_fwddiff_f3(void *, ...);
F4 __enzyme_fwddiff_f4(void *, ...);
AugF __enzyme_augmentfwd_f(void *, ...);
F3 __enzyme_reverse_f3(void *, ...);

static float k3(float x, float y, float z) { return x * y * sinf(z) + z * z; }
static float k4(float x, float y, float z, float w) { return k3(x, y, z) * w; }
static double mixed(double x, float y) { return x * x * y; }

/* closed forms, in double */
static double kx(double x, double y, double z) { (void)x; return y * sin(z); }
static double ky(double x, double y, double z) { (void)y; return x * sin(z); }
static double kz(double x, double y, double z) { return x * y * cos(z) + 2 * z; }
static double kv(double x, double y, double z) { return x * y * sin(z) + z * z; }

int main(void) {
  const float x = 0.7f, y = -1.3f, z = 0.4f, w = 1.5f;
  double gx = kx(x, y, z), gy = ky(x, y, z), gz = kz(x, y, z), v = kv(x, y, z);
  F3 g3 = __enzyme_autodiff_f3((void *)k3, x, y, z);
  CHECK_F32("3 float gradients: x", g3.a, gx);
  CHECK_F32("3 float gradients: y", g3.b, gy);
  CHECK_F32("3 float gradients: z", g3.c, gz);
  F4 g4 = __enzyme_autodiff_f4((void *)k4, x, y, z, w);
  CHECK_F32("4 float gradients: x", g4.a, w * gx);
  CHECK_F32("4 float gradients: z", g4.c, w * gz);
  CHECK_F32("4 float gradients: w", g4.d, v);
  F2 g2 = __enzyme_autodiff_f2((void *)k3, x, enzyme_const, y, z);
  CHECK_F32("2 float gradients (y const): x", g2.a, gx);
  CHECK_F32("2 float gradients (y const): z", g2.b, gz);
  DF gd = __enzyme_autodiff_df((void *)mixed, 1.25, 0.5f);
  CHECK("double+float gradients: x", gd.a, 2 * 1.25 * 0.5);
  CHECK_F32("double+float gradients: y", gd.b, 1.25 * 1.25);

  F2 t2 = __enzyme_fwddiff_f2((void *)k3, enzyme_width, 2, x, 1.0f, 0.0f, y, 0.0f, 1.0f, z, 0.0f, 0.0f);
  CHECK_F32("forward width 2 float: lane 0", t2.a, gx);
  CHECK_F32("forward width 2 float: lane 1", t2.b, gy);
  F3 t3 = __enzyme_fwddiff_f3((void *)k3, enzyme_width, 3, x, 1.0f, 0.0f, 0.0f, y, 0.0f, 1.0f, 0.0f, z, 0.0f, 0.0f, 1.0f);
  CHECK_F32("forward width 3 float: lane 2", t3.c, gz);
  CHECK_F32("forward width 3 float: lane 0", t3.a, gx);
  F4 t4 = __enzyme_fwddiff_f4((void *)k3, enzyme_width, 4, x, 1.0f, 0.0f, 0.0f, 1.0f, y, 0.0f, 1.0f, 0.0f, 1.0f, z,
                              0.0f, 0.0f, 1.0f, 1.0f);
  CHECK_F32("forward width 4 float: lane 3 (dot test)", t4.d, g3.a + g3.b + g3.c);
  F2 pt = __enzyme_fwddiff_f2((void *)k3, enzyme_primal_return, x, 0.5f, y, 0.0f, z, 2.0f);
  CHECK_F32("forward primal_return float: primal", pt.a, v);
  CHECK_F32("forward primal_return float: tangent", pt.b, 0.5 * gx + 2.0 * gz);

  AugF a = __enzyme_augmentfwd_f((void *)k3, x, y, z);
  CHECK_F32("split float: primal", a.primal, v);
  F3 r3 = __enzyme_reverse_f3((void *)k3, x, y, z, 2.0f, a.tape);
  CHECK_F32("split float: x (dret 2)", r3.a, 2 * gx);
  CHECK_F32("split float: z (dret 2)", r3.c, 2 * gz);
  return ck_done();
}
