// TEST: C++ virtual calls inside the differentiated function (objects built inside it; unique_ptr, virtual destructor)
#include <memory>
#include "include/catalase_check.h"

extern "C" double __enzyme_fwddiff(void *, ...);

struct Shape {
  virtual double area(double s) const = 0;
  virtual ~Shape() {}
};
struct Square : Shape {
  double area(double s) const override { return s * s; }
};
struct Disc : Shape {
  double k;
  explicit Disc(double k) : k(k) {}
  double area(double s) const override { return k * 3.14159 * s * s + sin(s); }
};

static double total(double s, int which) {
  std::unique_ptr<Shape> a(new Square());
  std::unique_ptr<Shape> b;
  if (which) b.reset(new Disc(0.5)); else b.reset(new Square());
  return a->area(s) * b->area(s + 0.1);
}

static int W;
static double tw(double s) { return total(s, W); }

int main() {
  for (W = 0; W < 2; W++) {
    char name[48];
    snprintf(name, sizeof name, "d total(s, %d) / ds at 0.7", W);
    CHECK(name, __enzyme_fwddiff((void *)total, 0.7, 1.0, W), ck_fd1(tw, 0.7));
  }
  return ck_done();
}
