// TEST: one templated kernel differentiated under several activity patterns, the way users call it: a small heap Matrix<T> class (operator(), copy and move constructors, move assignment, a product returned by value through sret) used by a least-squares loss template instantiated for double and float, its matrix argument enzyme_const in one call and enzyme_dup in the next, the regularization weight enzyme_out or enzyme_const, dupnoneed for a scratch output, and split mode on the same instantiation; gradients against finite differences and the dot-product test
#include <cmath>
#include <cstring>
#include <utility>

#include "include/ck_array.h"
#include "include/ck_split.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
}

template <class T>
class Matrix {
 public:
  Matrix(int r, int c) : r_(r), c_(c), d_(new T[r * c]()) {}
  Matrix(const Matrix &o) : r_(o.r_), c_(o.c_), d_(new T[o.r_ * o.c_]) { std::memcpy(d_, o.d_, sizeof(T) * r_ * c_); }
  Matrix(Matrix &&o) noexcept : r_(o.r_), c_(o.c_), d_(std::exchange(o.d_, nullptr)) {}
  Matrix &operator=(Matrix &&o) noexcept {
    std::swap(d_, o.d_);
    r_ = o.r_, c_ = o.c_;
    return *this;
  }
  ~Matrix() { delete[] d_; }
  T &operator()(int i, int j) { return d_[i * c_ + j]; }
  T operator()(int i, int j) const { return d_[i * c_ + j]; }
  int rows() const { return r_; }
  int cols() const { return c_; }
  Matrix operator*(const Matrix &o) const {
    Matrix out(r_, o.c_);
    for (int i = 0; i < r_; i++)
      for (int j = 0; j < o.c_; j++) {
        T s = 0;
        for (int k = 0; k < c_; k++) s += (*this)(i, k) * o(k, j);
        out(i, j) = s;
      }
    return out;
  }

 private:
  int r_, c_;
  T *d_;
};

// || A w - b ||^2 + lambda ||w||^2, A (3x2) from a, the residuals into res.
template <class T>
static T lsq(const T *a, const T *w, const T *b, T lambda, T *res) {
  Matrix<T> A(3, 2), W(2, 1);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 2; j++) A(i, j) = a[2 * i + j];
  W(0, 0) = w[0], W(1, 0) = w[1];
  Matrix<T> AW = A * W;
  Matrix<T> keep(AW);      // copy
  Matrix<T> moved(1, 1);
  moved = std::move(keep);  // move assignment
  T s = 0;
  for (int i = 0; i < 3; i++) {
    res[i] = moved(i, 0) - b[i];
    s += res[i] * res[i];
  }
  return s + lambda * (w[0] * w[0] + w[1] * w[1]) + T(0.1) * std::sin(a[0] * w[1]);
}

static double A0[6] = {0.5, -1.0, 1.5, 0.25, -0.75, 2.0}, W0[2] = {0.8, -0.6}, B0[3] = {0.1, 0.4, -0.3};
static double LAM = 0.3;
static double F_w(double *w) {
  double r[3];
  return lsq<double>(A0, w, B0, LAM, r);
}
static double F_a(double *a) {
  double r[3];
  return lsq<double>(a, W0, B0, LAM, r);
}
static double F_lam(double l) {
  double r[3];
  return lsq<double>(A0, W0, B0, l, r);
}

int main() {
  double w[2], dw[2] = {0}, r[3], dr[3] = {0};
  memcpy(w, W0, sizeof w);
  // A const, lambda active (enzyme_out), residuals dupnoneed.
  double dl = __enzyme_autodiff((void *)lsq<double>, enzyme_const, A0, enzyme_dup, w, dw, enzyme_const, B0, enzyme_out, LAM,
                                enzyme_dupnoneed, r, dr);
  ck_gradient("lsq<double>, A const", dw, F_w, w, 2);
  CHECK("lsq<double>: d/dlambda", dl, ck_fd1(F_lam, LAM));

  // A active too, lambda const.
  double a[6], da[6] = {0}, dw2[2] = {0}, dr2[3] = {0};
  memcpy(a, A0, sizeof a);
  __enzyme_autodiff((void *)lsq<double>, enzyme_dup, a, da, enzyme_dup, w, dw2, enzyme_const, B0, enzyme_const, LAM, enzyme_dup, r, dr2);
  ck_gradient("lsq<double>, A active", da, F_a, a, 6);
  for (int i = 0; i < 2; i++) CHECK("lsq<double>: d/dw the same in both patterns", dw2[i], dw[i]);
  double va[6] = {1, 0.5, -0.5, 0.25, 2, -1}, vw[2] = {0.3, -0.7}, ta[6], tw[2], tr[3] = {0};
  memcpy(ta, va, sizeof ta);
  memcpy(tw, vw, sizeof tw);
  double jv = __enzyme_fwddiff((void *)lsq<double>, enzyme_dup, a, ta, enzyme_dup, w, tw, enzyme_const, B0, enzyme_const, LAM, enzyme_dup, r, tr);
  CHECK("lsq<double>: <J^T 1, v> = J v", ck_dot(da, va, 6) + ck_dot(dw2, vw, 2), jv);

  // The float instantiation: the double twin gives the finite differences.
  float af[6], wf[2], bf[3], rf[3], dwf[2] = {0}, drf[3] = {0};
  for (int i = 0; i < 6; i++) af[i] = (float)A0[i];
  for (int i = 0; i < 2; i++) wf[i] = (float)W0[i];
  for (int i = 0; i < 3; i++) bf[i] = (float)B0[i];
  float dlf = __enzyme_autodiff_f((void *)lsq<float>, enzyme_const, af, enzyme_dup, wf, dwf, enzyme_const, bf, enzyme_out, (float)LAM,
                                  enzyme_dupnoneed, rf, drf);
  double wd[2] = {W0[0], W0[1]};
  for (int i = 0; i < 2; i++) CHECK_F32("lsq<float>: d/dw", dwf[i], ck_fd_partial(F_w, wd, i));
  CHECK_F32("lsq<float>: d/dlambda", dlf, ck_fd1(F_lam, LAM));

  // Split mode on the double instantiation, A const.
  double dws[2] = {0}, drs[3] = {0};
  ck_aug aug = __enzyme_augmentfwd((void *)lsq<double>, enzyme_const, A0, enzyme_dup, w, dws, enzyme_const, B0, enzyme_out, LAM, enzyme_dup, r, drs);
  CHECK_PRIMAL("split lsq: primal", aug.primal, F_w(w));
  double dls = __enzyme_reverse((void *)lsq<double>, enzyme_const, A0, enzyme_dup, w, dws, enzyme_const, B0, enzyme_out, LAM, enzyme_dup, r, drs, 1.0, aug.tape);
  for (int i = 0; i < 2; i++) CHECK("split lsq: d/dw = combined", dws[i], dw[i]);
  CHECK("split lsq: d/dlambda = combined", dls, dl);
  return ck_done();
}
