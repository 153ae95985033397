// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: differential return of the wrong type: `pair` returns <2 x float>
// EXPECT-ALSO: help: pass the struct the function returns (<2 x float>), by value or a pointer to it
// A function returning two floats: a double seed (promoted through `...`) is not its struct.
typedef struct { float a, b; } F2;
typedef struct { void *tape; F2 r; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
float __enzyme_reverse(void *, ...);

__attribute__((noinline)) F2 pair(float x) {
  F2 r = {x * x, 2.0f * x};
  return r;
}

int main(void) {
  Aug a = __enzyme_augmentfwd((void *)pair, 1.5f);
  return (int)__enzyme_reverse((void *)pair, 1.5f, 1.0, a.tape);
}
