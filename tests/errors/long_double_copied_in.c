// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// A struct of long doubles passed with enzyme_dup and copied into locals before use: the
// copies may carry the caller's long double derivatives, which Catalase does not
// differentiate; refused rather than leaving the shadow struct at zero.
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

struct P {
  long double v, w;
  int k;
};
static double f(struct P *p) {
  struct P s = *p, t;
  __builtin_memcpy(&t, &s, sizeof t);
  return (double)(t.v * t.w);
}

int main(void) {
  struct P p = {1.5L, 2.0L, 1}, dp = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, &p, &dp);
  return (int)dp.v;
}
