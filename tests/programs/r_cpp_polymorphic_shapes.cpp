// TEST: reverse and forward mode through a std::vector<Shape *> of heap objects of three classes whose members at one offset differ in kind (a double radius, a pointer to a parameter block, two doubles), visited through virtual calls, copied into a second vector with std::vector's copy constructor, and deleted through the base class
#include <memory>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double area() const override { return 3.0 * r * r; }
};
struct Params {
  double w, h;
};
struct Box : Shape {
  const Params *p;
  explicit Box(const Params *p) : p(p) {}
  double area() const override { return p->w * p->h; }
};
struct Tri : Shape {
  double b, h;
  Tri(double b, double h) : b(b), h(h) {}
  double area() const override { return 0.5 * b * h; }
};

static double total_area(const double *x) {
  Params pa = {x[2], x[3]};
  std::vector<Shape *> shapes;
  for (int i = 0; i < 3; i++) {
    shapes.push_back(new Circle(x[i]));
    shapes.push_back(new Box(&pa));
    shapes.push_back(new Tri(x[4], x[i + 1]));
  }
  std::vector<Shape *> copy(shapes);
  double s = 0;
  for (const Shape *sh : copy) s += sh->area();
  for (Shape *sh : shapes) delete sh;
  return s * (double)copy.size() / 9.0;
}

static double F(double *x) { return total_area(x); }

int main() {
  double x[5] = {1.5, 0.5, 2.0, 3.0, 0.75}, dx[5] = {0};
  __enzyme_autodiff((void *)total_area, enzyme_dup, x, dx);
  ck_gradient("shapes: d/dx", dx, F, x, 5);
  double v[5] = {0.3, -1.0, 0.5, 2.0, -0.25};
  double jv = __enzyme_fwddiff((void *)total_area, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("shapes: forward against reverse", &one, &jv, 1, dx, v, 5);
  return ck_done();
}
