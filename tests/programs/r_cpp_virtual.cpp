// TEST: reverse mode through virtual calls: a heterogeneous list of shapes (classes overriding a virtual area() and perimeter()), objects made with new inside the differentiated function and called through base pointers, and a loss over them
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
  virtual double perimeter() const = 0;
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double area() const override { return M_PI * r * r; }
  double perimeter() const override { return 2.0 * M_PI * r; }
};
struct Rect : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  double area() const override { return w * h; }
  double perimeter() const override { return 2.0 * (w + h); }
};
struct Ellipse : Shape {
  double a, b;
  Ellipse(double a, double b) : a(a), b(b) {}
  double area() const override { return M_PI * a * b; }
  double perimeter() const override {
    double h = (a - b) * (a - b) / ((a + b) * (a + b));
    return M_PI * (a + b) * (1.0 + 3.0 * h / (10.0 + sqrt(4.0 - 3.0 * h)));
  }
};

static double shapes_loss(const double *p, const int *kinds, int n) {
  Shape *s[8];
  for (int i = 0; i < n; i++) {
    switch (kinds[i]) {
    case 0: s[i] = new Circle(p[2 * i]); break;
    case 1: s[i] = new Rect(p[2 * i], p[2 * i + 1]); break;
    default: s[i] = new Ellipse(p[2 * i], p[2 * i + 1]);
    }
  }
  double loss = 0.0;
  for (int i = 0; i < n; i++) {
    double q = 4.0 * M_PI * s[i]->area() / (s[i]->perimeter() * s[i]->perimeter());
    loss += (1.0 - q) * s[i]->area();
  }
  for (int i = 0; i < n; i++) delete s[i];
  return loss;
}

static const int KINDS[4] = {0, 1, 2, 1};
static double F(double *p) { return shapes_loss(p, KINDS, 4); }

int main() {
  double p[8] = {0.7, 0.0, 1.2, 0.5, 1.5, 0.8, 0.3, 0.9}, dp[8] = {0};
  __enzyme_autodiff((void *)shapes_loss, enzyme_dup, p, dp, enzyme_const, KINDS, enzyme_const, 4);
  ck_gradient("virtual area()/perimeter()", dp, F, p, 8);
  return ck_done();
}
