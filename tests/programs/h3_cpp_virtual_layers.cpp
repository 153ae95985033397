// TEST: reverse and forward mode through a polymorphic network: an abstract Layer with pure virtual forward(), a virtual destructor, three derived classes (Dense owning its weights through a pointer to the caller's parameters, an activation chosen by a virtual hook of an intermediate base, a residual block template owning a child layer by value), built with new inside the differentiated function and destroyed there through the base; gradients of the weights and of the input, checked against finite differences and by the dot-product test against forward mode
#include <cmath>
#include <memory>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

namespace nn {
constexpr int W = 3;

class Layer {
 public:
  virtual ~Layer() = default;
  virtual void forward(const double *in, double *out) const = 0;
  virtual int params() const { return 0; }
};

class Dense final : public Layer {
 public:
  explicit Dense(const double *p) : p_(p) {}
  void forward(const double *in, double *out) const override {
    for (int o = 0; o < W; o++) {
      double s = p_[W * W + o];
      for (int i = 0; i < W; i++) s += p_[o * W + i] * in[i];
      out[o] = s;
    }
  }
  int params() const override { return W * W + W; }

 private:
  const double *p_;
};

class Activation : public Layer {
 public:
  void forward(const double *in, double *out) const override {
    for (int i = 0; i < W; i++) out[i] = act(in[i]);
  }

 protected:
  virtual double act(double x) const = 0;
};

class Tanh : public Activation {
 protected:
  double act(double x) const override { return std::tanh(x); }
};

class SoftPlus : public Activation {
 public:
  explicit SoftPlus(double beta) : beta_(beta) {}

 protected:
  double act(double x) const override { return std::log1p(std::exp(beta_ * x)) / beta_; }

 private:
  double beta_;
};

// Owns its inner layer by value (a Residual owning a std::unique_ptr<Layer> beside a Dense in
// the same vector: tests/regressions/rev_cpp_vector_of_recursive_layers_O0.cpp).
template <class Inner>
class Residual : public Layer {
 public:
  template <class... A>
  explicit Residual(A... a) : inner_(a...) {}
  void forward(const double *in, double *out) const override {
    double tmp[W];
    inner_.forward(in, tmp);
    for (int i = 0; i < W; i++) out[i] = in[i] + 0.5 * tmp[i];
  }
  int params() const override { return inner_.params(); }

 private:
  Inner inner_;
};
}  // namespace nn

// x[0..W) the input, then two Dense blocks of W*W+W parameters.
static double net_loss(const double *x) {
  using namespace nn;
  std::vector<Layer *> layers;
  const double *p = x + W;
  layers.push_back(new Dense(p));
  layers.push_back(new Tanh());
  layers.push_back(new Residual<Dense>(p + W * W + W));
  layers.push_back(new SoftPlus(1.5));
  double a[W], b[W];
  for (int i = 0; i < W; i++) a[i] = x[i];
  int used = 0;
  for (const Layer *l : layers) {
    l->forward(a, b);
    for (int i = 0; i < W; i++) a[i] = b[i];
    used += l->params();
  }
  for (Layer *l : layers) delete l;
  double s = 0.0;
  for (int i = 0; i < W; i++) s += (i + 1.0) * a[i] * a[i];
  return s * (used == 2 * (W * W + W) ? 1.0 : 100.0);
}

// A loss whose network is on the heap of the caller (the classes cross the boundary).
struct Model {
  std::vector<std::unique_ptr<nn::Layer>> layers;  // made with std::make_unique by the caller
};
static double model_loss(const Model *m, const double *in) {
  double a[nn::W], b[nn::W];
  for (int i = 0; i < nn::W; i++) a[i] = in[i];
  for (const auto &l : m->layers) {
    l->forward(a, b);
    for (int i = 0; i < nn::W; i++) a[i] = b[i];
  }
  return a[0] * a[1] + std::sin(a[2]);
}

static Model *MODEL;
static double F_net(double *x) { return net_loss(x); }
static double F_model(double *x) { return model_loss(MODEL, x); }

int main() {
  const int n = nn::W + 2 * (nn::W * nn::W + nn::W);
  double x[n], dx[n] = {0}, v[n];
  for (int i = 0; i < n; i++) {
    x[i] = 0.4 * std::sin(1.3 * i + 0.2);
    v[i] = std::cos(0.9 * i);
  }
  __enzyme_autodiff((void *)net_loss, enzyme_dup, x, dx);
  ck_gradient("virtual layers", dx, F_net, x, n);
  double one = 1.0, jv = __enzyme_fwddiff((void *)net_loss, enzyme_dup, x, v);
  ck_dot_test("virtual layers", &one, &jv, 1, dx, v, n);

  // The weights stay constant; only the input is active.
  Model m;
  m.layers.push_back(std::make_unique<nn::Dense>(x + nn::W));
  m.layers.push_back(std::make_unique<nn::SoftPlus>(0.7));
  m.layers.push_back(std::make_unique<nn::Tanh>());
  MODEL = &m;
  double in[nn::W] = {0.3, -0.8, 1.1}, din[nn::W] = {0}, vin[nn::W] = {1.0, 0.5, -2.0};
  __enzyme_autodiff((void *)model_loss, enzyme_const, &m, enzyme_dup, in, din);
  ck_gradient("model on the caller's heap", din, F_model, in, nn::W);
  double jv2 = __enzyme_fwddiff((void *)model_loss, enzyme_const, &m, enzyme_dup, in, vin);
  ck_dot_test("model on the caller's heap", &one, &jv2, 1, din, vin, nn::W);
  return ck_done();
}
