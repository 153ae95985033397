// TEST: a C++ lambda converted to a function pointer is the differentiated function (the pointer comes from the conversion operator's call)
#include "include/catalase_check.h"

extern "C" double __enzyme_fwddiff(void *, ...);

static double (*cube_ptr)(double);
static double cube_ref(double x) { return cube_ptr(x); }

int main() {
  auto cube = [](double x) -> double { return x * x * x + sin(x); };
  double (*p)(double) = cube;
  cube_ptr = p;
  CHECK("d cube / dx at 2 (lambda pointer)", __enzyme_fwddiff((void *)p, 2.0, 1.0), ck_fd1(cube_ref, 2.0));
  auto tw = +[](double x) -> double { return exp(0.5 * x) * x; };
  cube_ptr = tw;
  CHECK("d tw / dx at 0.3 (unary plus)", __enzyme_fwddiff((void *)tw, 0.3, 1.0), ck_fd1(cube_ref, 0.3));
  return ck_done();
}
