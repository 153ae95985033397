// TEST: reverse and forward mode through move-only RAII types: a Buffer owning a new[] array (deleted copy, a move constructor and move assignment that steal the pointer and null the source, delete[] in the destructor) returned by value from factories, moved into a std::vector<Buffer> that reallocates (the moves run through the move constructor), moved out again with std::move and swapped; std::unique_ptr<double[]> returned from a function and handed over with std::move; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8

class Buffer {
 public:
  explicit Buffer(size_t n) : n_(n), p_(new double[n]()) {}
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  Buffer(Buffer &&o) noexcept : n_(o.n_), p_(o.p_) {
    o.p_ = nullptr;
    o.n_ = 0;
  }
  Buffer &operator=(Buffer &&o) noexcept {
    if (this != &o) {
      delete[] p_;
      p_ = o.p_;
      n_ = o.n_;
      o.p_ = nullptr;
      o.n_ = 0;
    }
    return *this;
  }
  ~Buffer() { delete[] p_; }
  double &operator[](size_t i) { return p_[i]; }
  double operator[](size_t i) const { return p_[i]; }
  size_t size() const { return n_; }
  double sum() const {
    double s = 0.0;
    for (size_t i = 0; i < n_; i++) s += p_[i];
    return s;
  }

 private:
  size_t n_;
  double *p_;
};

static Buffer scaled(const double *x, size_t n, double a) {
  Buffer b(n);
  for (size_t i = 0; i < n; i++) b[i] = a * x[i % N] + std::sin(x[(i + 1) % N]);
  return b;
}

static Buffer squares(Buffer b) {  /* taken by value: moved in */
  for (size_t i = 0; i < b.size(); i++) b[i] *= b[i];
  return b;
}

static double buffers(const double *x) {
  std::vector<Buffer> bs;  /* no reserve: growth moves the elements */
  for (int k = 0; k < 5; k++) bs.push_back(scaled(x, 3 + k, 1.0 + 0.2 * k * x[k]));
  Buffer taken = std::move(bs[2]);   /* bs[2] is left empty */
  bs[2] = squares(std::move(bs[4]));
  std::swap(bs[0], bs[1]);
  double s = taken.sum() * x[5];
  for (size_t k = 0; k < bs.size(); k++) s += (k + 1) * bs[k].sum() + (bs[k].size() ? bs[k][0] : 0.0);
  return s;
}

static std::unique_ptr<double[]> cumulative(const double *x, int n) {
  auto c = std::make_unique<double[]>(n);
  double acc = 0.0;
  for (int i = 0; i < n; i++) c[i] = acc += x[i] * x[(i + 3) % N];
  return c;
}

static double owners(const double *x) {
  std::unique_ptr<double[]> c = cumulative(x, N);
  std::unique_ptr<double[]> d;
  d = std::move(c);
  std::unique_ptr<double[]> e = cumulative(d.get(), N);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += std::cos(d[i]) * e[i];
  return s;
}

static double F_buffers(double *x) { return buffers(x); }
static double F_owners(double *x) { return owners(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15};
  check<buffers>("move-only buffers in a vector", F_buffers, x0);
  check<owners>("unique_ptr<double[]> handed over", F_owners, x0);
  return ck_done();
}
