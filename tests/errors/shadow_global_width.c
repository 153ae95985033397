// EXPECT-ERROR: global `scale` has the shadow `d_scale` given by `enzyme_shadow`, and a derivative of width > 1 needs one shadow per lane
// CLANG-PLUGIN: yes
// NO-SITE: the error is about a global, which has no source line in the IR
#include <stdio.h>

typedef struct {
  double d[2];
} two;
extern two __enzyme_fwddiff(void *, ...);
extern int enzyme_width;

double d_scale;
__attribute__((enzyme_shadow(d_scale))) double scale = 2.0;

double f(double x) { return scale * x * x; }

int main(void) {
  two t = __enzyme_fwddiff((void *)f, enzyme_width, 2, 3.0, 1.0, 0.5);
  printf("%g %g\n", t.d[0], t.d[1]);
  return 0;
}
