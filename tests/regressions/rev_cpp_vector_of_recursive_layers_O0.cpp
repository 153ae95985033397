// TEST: at -O0, reverse mode through a std::vector<Layer *> holding a Dense (a pointer to the weights at offset 8) and a Residual that owns a child Layer through a std::unique_ptr at offset 8, both made with new inside the differentiated function and called virtually
// Was open: type analysis joined the objects of the vector (a load of one element pointer in a loop),
// so the Dense's pointee (the weights) and the Residual's (a Layer: vptr, then again a pointer)
// became one layer that nests into itself through the unique_ptr; at -O0 the facts grew round
// after round up to the 2,000,000-cell limit. Since type analysis starts again at a shallower
// depth when its facts outgrow a budget, it passes at every level. Found by
// tests/programs/h3_cpp_virtual_layers.cpp.
#include <memory>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

struct Layer {
  virtual ~Layer() = default;
  virtual void forward(const double *in, double *out) const = 0;
};
struct Dense final : Layer {
  explicit Dense(const double *p) : p_(p) {}
  void forward(const double *in, double *out) const override {
    for (int o = 0; o < 3; o++) {
      double s = p_[9 + o];
      for (int i = 0; i < 3; i++) s += p_[o * 3 + i] * in[i];
      out[o] = s;
    }
  }
  const double *p_;
};
struct Residual : Layer {
  explicit Residual(std::unique_ptr<Layer> inner) : inner_(std::move(inner)) {}
  void forward(const double *in, double *out) const override {
    double tmp[3];
    inner_->forward(in, tmp);
    for (int i = 0; i < 3; i++) out[i] = in[i] + 0.5 * tmp[i];
  }
  std::unique_ptr<Layer> inner_;
};

static double net_loss(const double *x) {
  std::vector<Layer *> layers;
  layers.push_back(new Dense(x + 3));
  layers.push_back(new Residual(std::make_unique<Dense>(x + 15)));
  double a[3], b[3];
  for (int i = 0; i < 3; i++) a[i] = x[i];
  for (const Layer *l : layers) {
    l->forward(a, b);
    for (int i = 0; i < 3; i++) a[i] = b[i];
  }
  for (Layer *l : layers) delete l;
  return a[0] * a[0] + a[1] * a[2];
}

static double F(double *x) { return net_loss(x); }

int main() {
  double x[27], dx[27] = {0};
  for (int i = 0; i < 27; i++) x[i] = 0.3 * __builtin_sin(1.7 * i + 0.4);
  __enzyme_autodiff((void *)net_loss, enzyme_dup, x, dx);
  ck_gradient("vector of recursive layers", dx, F, x, 27);
  return ck_done();
}
