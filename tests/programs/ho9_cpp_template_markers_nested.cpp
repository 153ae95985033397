// TEST: nested derivatives through templated marker declarations (`template <typename R, typename... T> R __enzyme_fwddiff(void *, T...)`, as Enzyme's examples declare them: no variadic promotion, so float arguments and tangents stay float): forward over forward, forward over reverse (enzyme_out floats, gradient struct {float dx, dy;}), reverse over forward, and forward over a width-2 forward call returning struct {double d[2];}; the float kernels against finite differences of the same template instantiated in double
#include "include/catalase_check.h"
template <typename R, typename... T> R __enzyme_fwddiff(void *, T...);
template <typename R, typename... T> R __enzyme_autodiff(void *, T...);
struct f2 { float dx, dy; };
struct dd2 { double dx, dy; };
struct d2 { double d[2]; };

template <class T> static T g(T x, T y) { return std::sin(x * y) + x * x * y; }
template <class T> static T gx(T x, T y) { return __enzyme_fwddiff<T>((void *)g<T>, x, T(1), y, T(0)); }
static float rgy_f(float x, float y) { return __enzyme_autodiff<f2>((void *)g<float>, enzyme_out, x, enzyme_out, y).dy; }
static double rgy_d(double x, double y) { return __enzyme_autodiff<dd2>((void *)g<double>, enzyme_out, x, enzyme_out, y).dy; }

static double h(double x, double y) { return exp(x * y) * y; }
static d2 hb(double x, double y) { return __enzyme_fwddiff<d2>((void *)h, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0); }
static double hb0(double x, double y) { return hb(x, y).d[0]; }
static double hb0_y(double t) { return hb0(0.6, t); }

static double X = 0.7, Y = 0.8;
static double gx_x(double t) { return gx<double>(t, Y); }
static double gx_y(double t) { return gx<double>(X, t); }
static double rgy_x(double t) { return rgy_d(t, Y); }

int main() {
  const double pts[3][2] = {{0.7, 0.8}, {-0.4, 1.3}, {1.5, -0.6}};
  char label[96];
  for (int i = 0; i < 3; i++) {
    X = pts[i][0];
    Y = pts[i][1];
    float x = (float)X, y = (float)Y;
    snprintf(label, sizeof label, "f32 g_xx fwd over fwd at %d", i);
    CHECK_F32(label, __enzyme_fwddiff<float>((void *)gx<float>, x, 1.0f, y, 0.0f), ck_fd1(gx_x, X));
    snprintf(label, sizeof label, "f32 g_yx fwd over rev at %d", i);
    CHECK_F32(label, __enzyme_fwddiff<float>((void *)rgy_f, x, 1.0f, y, 0.0f), ck_fd1(rgy_x, X));
    f2 r = __enzyme_autodiff<f2>((void *)gx<float>, enzyme_out, x, enzyme_out, y);
    snprintf(label, sizeof label, "f32 g_xx rev over fwd at %d", i);
    CHECK_F32(label, r.dx, ck_fd1(gx_x, X));
    snprintf(label, sizeof label, "f32 g_xy rev over fwd at %d", i);
    CHECK_F32(label, r.dy, ck_fd1(gx_y, Y));
    snprintf(label, sizeof label, "f64 fwd over width-2 lane 0 at %d", i);
    CHECK(label, __enzyme_fwddiff<double>((void *)hb0, 0.6, 0.0, Y, 1.0), ck_fd1(hb0_y, Y));
  }
  return ck_done();
}
