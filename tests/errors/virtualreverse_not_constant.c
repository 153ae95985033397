// EXPECT-ERROR: [catalase::no-function]
// EXPECT-ALSO: the argument of `__enzyme_virtualreverse` must be a function known at compile time
// The shadow function table is made at compile time, so the function must be known there: here it is read from memory.
void *__enzyme_virtualreverse(void *);
double sq(double x) { return x * x; }
double cb(double x) { return x * x * x; }
double (*const FNS[2])(double) = {sq, cb};
int main(int argc, char **argv) {
  (void)argv;
  void *volatile shadow = __enzyme_virtualreverse((void *)FNS[argc & 1]);
  return shadow != 0;
}
