// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: parameter 1 of `weigh` is a struct passed by value (%struct.V3 in memory, `byval`)
// EXPECT-ALSO: help: pass the struct by pointer
// enzyme_out on a struct that C passes by value in memory, in split mode: no gradient can be
// returned for it.
typedef struct { double x, y, z; } V3;
extern int enzyme_out, enzyme_const;
typedef struct { void *tape; double r; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

__attribute__((noinline)) double weigh(double s, V3 v) { return s * (v.x + 2.0 * v.y + 3.0 * v.z); }

int main(void) {
  V3 v = {0.5, 1.5, 0.3};
  Aug a = __enzyme_augmentfwd((void *)weigh, 2.0, enzyme_out, v);
  return (int)__enzyme_reverse((void *)weigh, 2.0, enzyme_out, v, 1.0, a.tape);
}
