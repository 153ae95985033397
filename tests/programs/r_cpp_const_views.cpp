// TEST: reverse mode in C++ reading enzyme_const std::vector and class objects through calls that return pointers or references into them (data(), operator[], at(), begin()/end(), a const getter returning const double&), some passed on to std::inner_product and to a helper: the constant inputs stay unchanged and the gradient flows only to the enzyme_dup weights
#include "include/ck_array.h"
#include <numeric>
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

struct Table {
  std::vector<double> v;
  double scale;
  const double &at(int i) const { return v[i]; }
  const double *row(int i) const { return v.data() + 2 * i; }
};

__attribute__((noinline)) static double dot2(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }

static double loss(std::vector<double> *w, const std::vector<double> *x, const Table *t) {
  const std::vector<double> &wr = *w;
  double s = std::inner_product(x->begin(), x->end(), wr.begin(), 0.0);
  for (size_t i = 0; i < x->size(); i++) s += (*x)[i] * wr[i] * wr[i] + x->at(i) * sin(wr[i]);
  const double *px = x->data();
  s += dot2(px, w->data()) * t->scale;
  for (int i = 0; i < 2; i++) s += dot2(t->row(i), w->data() + i) * t->at(i);
  return s;
}

static std::vector<double> X = {0.5, -0.3, 0.8, 1.2};
static Table T = {{0.2, -0.4, 0.6, 0.9, -1.1, 0.3}, 1.5};
static double F(double *p) {
  std::vector<double> w(p, p + 4);
  return loss(&w, &X, &T);
}

int main() {
  double w0[4] = {0.3, -0.7, 1.1, 0.4};
  std::vector<double> w(w0, w0 + 4), dw(4, 0.0);
  std::vector<double> x0 = X;
  Table t0 = T;
  __enzyme_autodiff((void *)loss, enzyme_dup, &w, &dw, enzyme_const, &X, enzyme_const, &T);
  ck_gradient("const views", dw.data(), F, w0, 4);
  for (int i = 0; i < 4; i++) CHECK_PRIMAL("constant vector unchanged", X[i], x0[i]);
  for (int i = 0; i < 6; i++) CHECK_PRIMAL("constant table unchanged", T.v[i], t0.v[i]);
  CHECK_PRIMAL("constant scale unchanged", T.scale, t0.scale);
  return ck_done();
}
