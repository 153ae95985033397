// TEST: split mode from C++: a class's member function called through a free function, templates over the scalar type, a lambda inside the kernel, std::array and references; the augmented and reverse calls from a small RAII wrapper that owns the tape
#include <array>
#include <cmath>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern "C" {
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
}

template <typename T> struct Spring {
  T k, rest;
  T energy(const T *p) const {
    auto sq = [](T v) { return v * v; };
    T d = std::sqrt(sq(p[0] - p[2]) + sq(p[1] - p[3]));
    return T(0.5) * k * sq(d - rest);
  }
};

static double chain_energy(const double *p, double k) {
  std::array<Spring<double>, 2> s{{{k, 1.0}, {2.0 * k, 0.5}}};
  double e = 0.0;
  for (int i = 0; i < 2; i++) e += s[i].energy(p + 2 * i);
  return e + 0.1 * std::sin(p[0] * p[5]);
}

/* Owns a pending reverse pass: the tape lives from augment() to gradient(). */
struct Pending {
  void *tape = nullptr;
  double value = 0.0;
  void augment(double *p, double *dp, double k) {
    ck_aug a = __enzyme_augmentfwd((void *)chain_energy, enzyme_dup, p, dp, k);
    tape = a.tape;
    value = a.primal;
  }
  double gradient(double *p, double *dp, double k) {
    double dk = __enzyme_reverse((void *)chain_energy, enzyme_dup, p, dp, k, 1.0, tape);
    tape = nullptr;
    return dk;
  }
};

#define N 6
static const double P0[N] = {0.1, 0.2, 1.3, 0.4, 1.9, -0.6};
static double K = 1.4;
static double F_p(double *p) { return chain_energy(p, K); }
static double F_k(double k) { return chain_energy(P0, k); }

int main() {
  double p[N], dp[N] = {0}, pr[N];
  memcpy(p, P0, sizeof p);
  memcpy(pr, P0, sizeof pr);
  Pending pending;
  pending.augment(p, dp, K);
  CHECK_PRIMAL("spring chain: primal", pending.value, F_p(pr));
  double dk = pending.gradient(p, dp, K);
  ck_gradient("spring chain", dp, F_p, pr, N);
  CHECK("spring chain: d/dk", dk, ck_fd1(F_k, K));
  return ck_done();
}
