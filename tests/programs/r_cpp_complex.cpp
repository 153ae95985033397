// TEST: reverse mode through C++ std::complex<double> and std::complex<float>: a naive DFT with std::polar twiddles and a power spectrum, Horner evaluation of a complex polynomial whose real coefficients are active, multiply/divide (libstdc++ inline arithmetic with the __muldc3/__divdc3 fallback), std::exp, std::log, std::sqrt, std::pow, std::abs, std::arg, std::norm, std::conj; gradients against finite differences (float: of a double twin), reverse against forward mode
#include <complex>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}
struct pair {
  double a, b;
};
extern "C" pair __enzyme_autodiff_pair(void *, ...) __asm__("__enzyme_autodiff");

typedef std::complex<double> cd;
typedef std::complex<float> cf;

#define N 8
/* power spectrum of a real signal, weighted: sum_k w_k |X_k|^2 */
static double dft_power(const double *x) {
  double s = 0.0;
  for (int k = 0; k < N; k++) {
    cd acc(0.0, 0.0);
    for (int n = 0; n < N; n++) acc += x[n] * std::polar(1.0, -2.0 * M_PI * k * n / N);
    s += (1.0 + 0.1 * k) * std::norm(acc);
  }
  return s;
}

/* complex Horner at a complex point z = (zr, zi); |p(z)| with the coefficients active */
static double cpoly_abs(const double *c, double zr, double zi) {
  cd z(zr, zi), p(0.0, 0.0);
  for (int i = 5; i >= 0; i--) p = p * z + c[i];
  return std::abs(p);
}

/* a mix of library functions on complex values built from four reals */
static double cmix(const double *a) {
  cd u(a[0], a[1]), v(a[2], a[3]);
  cd q = u / v;
  cd e = std::exp(0.3 * u) * std::conj(v);
  cd l = std::log(v);
  cd r = std::sqrt(u * v + 2.0);
  cd p = std::pow(q, 1.5);
  return std::real(e) + std::imag(l) + std::abs(r) * std::arg(p) + std::norm(q);
}

static float cmix_f(const float *a) {
  cf u(a[0], a[1]), v(a[2], a[3]);
  cf q = u / v;
  cf e = std::exp(0.3f * u) * std::conj(v);
  cf r = std::sqrt(u * v + 2.0f);
  return std::real(e) + std::abs(r) + std::norm(q) + std::arg(q * u);
}
static double cmix_f_twin(double *a) {
  cd u(a[0], a[1]), v(a[2], a[3]);
  cd q = u / v;
  cd e = std::exp(0.3 * u) * std::conj(v);
  cd r = std::sqrt(u * v + 2.0);
  return std::real(e) + std::abs(r) + std::norm(q) + std::arg(q * u);
}

static double g_zr = 0.6, g_zi = -0.45;
static double F_dft(double *x) { return dft_power(x); }
static double F_cpoly(double *c) { return cpoly_abs(c, g_zr, g_zi); }
static double F_cmix(double *a) { return cmix(a); }

int main() {
  double x[N] = {0.5, -0.3, 1.2, 0.8, -0.9, 0.1, 0.65, -1.1}, dx[N] = {0};
  __enzyme_autodiff((void *)dft_power, enzyme_dup, x, dx);
  ck_gradient("std::complex DFT power", dx, F_dft, x, N);
  double v[N] = {1, -0.5, 0.25, 0.75, -1, 0.3, 0.6, -0.2};
  double jv = __enzyme_fwddiff((void *)dft_power, enzyme_dup, x, v);
  CHECK("std::complex DFT power: <grad, v> = Jv", ck_dot(dx, v, N), jv);

  double c[6] = {1.0, -0.5, 0.3, 0.8, -0.2, 0.4}, dc[6] = {0};
  pair gp = __enzyme_autodiff_pair((void *)cpoly_abs, enzyme_dup, c, dc, g_zr, g_zi);
  ck_gradient("std::complex Horner |p(z)|: d/dc", dc, F_cpoly, c, 6);
  double h = ck_step(g_zr), z0 = g_zr;
  g_zr = z0 + h; double fp = F_cpoly(c);
  g_zr = z0 - h; double fm = F_cpoly(c);
  g_zr = z0;
  CHECK("std::complex Horner |p(z)|: d/dzr", gp.a, (fp - fm) / (2 * h));
  h = ck_step(g_zi); z0 = g_zi;
  g_zi = z0 + h; fp = F_cpoly(c);
  g_zi = z0 - h; fm = F_cpoly(c);
  g_zi = z0;
  CHECK("std::complex Horner |p(z)|: d/dzi", gp.b, (fp - fm) / (2 * h));

  double a[4] = {0.7, 0.4, 1.3, -0.6}, da[4] = {0};
  __enzyme_autodiff((void *)cmix, enzyme_dup, a, da);
  ck_gradient("std::complex library mix", da, F_cmix, a, 4);
  double va[4] = {0.3, -1, 0.5, 0.8};
  double ja = __enzyme_fwddiff((void *)cmix, enzyme_dup, a, va);
  CHECK("std::complex library mix: <grad, v> = Jv", ck_dot(da, va, 4), ja);

  float af[4] = {0.7f, 0.4f, 1.3f, -0.6f}, daf[4] = {0};
  __enzyme_autodiff((void *)cmix_f, enzyme_dup, af, daf);
  double ad[4];
  for (int i = 0; i < 4; i++) ad[i] = af[i];
  char label[64];
  for (int i = 0; i < 4; i++) {
    snprintf(label, sizeof label, "std::complex<float> mix: d/da[%d]", i);
    CHECK_F32(label, daf[i], ck_fd_partial(cmix_f_twin, ad, i));
  }
  return ck_done();
}
