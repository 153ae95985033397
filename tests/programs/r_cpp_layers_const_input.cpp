// TEST: a small C++ network whose layers hold std::vector weights, differentiated with the whole Net passed enzyme_dup against a shadow Net (a copy with zeroed vectors) and the input std::vector passed enzyme_const: the loss copies the constant input into a working vector and swaps buffers between layers; every weight and bias gradient against finite differences, and the constant input unchanged afterwards (at -O0 the copy's adjoint went into the constant input through a stand-in shadow, which changed it and every later gradient)
#include "include/catalase_check.h"
#include <cmath>
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

struct Layer {
  int in, out;
  std::vector<double> W, b;
  Layer(int i, int o) : in(i), out(o), W(i * o), b(o) {}
  void forward(const std::vector<double> &x, std::vector<double> &y) const {
    y.assign(out, 0.0);
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) s += W[o * in + i] * x[i];
      y[o] = std::tanh(s);
    }
  }
};

struct Net {
  std::vector<Layer> layers;
  double loss(const std::vector<double> &x, double target) const {
    std::vector<double> a = x, tmp;
    for (const Layer &l : layers) {
      l.forward(a, tmp);
      a.swap(tmp);
    }
    double d = a[0] - target;
    return d * d;
  }
};

static double net_loss(const Net *n, const std::vector<double> *x, double t) { return n->loss(*x, t); }

int main() {
  Net net;
  net.layers.emplace_back(3, 4);
  net.layers.emplace_back(4, 1);
  int k = 0;
  for (auto &l : net.layers) {
    for (auto &w : l.W) w = std::sin(0.7 * k++);
    for (auto &b : l.b) b = 0.1 * std::cos(k++);
  }
  Net dnet = net;
  for (auto &l : dnet.layers) {
    std::fill(l.W.begin(), l.W.end(), 0.0);
    std::fill(l.b.begin(), l.b.end(), 0.0);
  }
  const std::vector<double> x0 = {0.5, -0.3, 0.8};
  std::vector<double> x = x0;
  __enzyme_autodiff((void *)net_loss, enzyme_dup, &net, &dnet, enzyme_const, &x, enzyme_const, 0.3);
  for (int i = 0; i < 3; i++) CHECK_PRIMAL("constant input unchanged", x[i], x0[i]);
  for (size_t li = 0; li < net.layers.size(); li++) {
    Layer &l = net.layers[li], &dl = dnet.layers[li];
    std::vector<double> *ps[2] = {&l.W, &l.b}, *ds[2] = {&dl.W, &dl.b};
    for (int which = 0; which < 2; which++) {
      for (size_t i = 0; i < ps[which]->size(); i++) {
        double &p = (*ps[which])[i], p0 = p, h = ck_step(p0);
        p = p0 + h;
        double fp = net_loss(&net, &x, 0.3);
        p = p0 - h;
        double fm = net_loss(&net, &x, 0.3);
        p = p0;
        CHECK(which ? "layer bias gradient" : "layer weight gradient", (*ds[which])[i], (fp - fm) / (2 * h));
      }
    }
  }
  return ck_done();
}
