// TEST: reverse mode through 64-bit loops tested after their increment, whose room on the tape is made once where they are entered after a run-time test that the count is exact: rotated for loops up and down, do-whiles to != and < bounds, a long stepping by 3 (20,000 records each: gradients against finite differences, no false alarm); and a size_t do-while from SIZE_MAX whose first increment wraps to 0 (its count says 1 where it runs 20,001 times): run in a child process, the gradient either matches finite differences or stops with a trap, never a write past the tape or a wrong answer
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define NX 8

__attribute__((noinline)) static double exact(const double *x, size_t n, long m) {
  double s = 1.0;
  for (size_t i = 0; i < n; i++) s = s + 1e-5 * sin(s * x[i & 7]);
  for (long i = m - 1; i >= 0; i--) s = s + 1e-5 * cos(s * x[i & 7]);
  size_t j = 3;
  do s = s * (1.0 + 1e-6 * x[j & 7] * sin(s)); while (++j != n + 3);
  long k = -m;
  do s = s + 1e-5 * sin(s + x[k & 7]); while (++k < m);
  for (long i = 1; i < 3 * m; i += 3) s = s + 1e-5 * x[i & 7] * cos(s);
  return s;
}

__attribute__((noinline)) static double from_max(const double *x, size_t h, size_t m) {
  double s = 1.0;
  size_t u = h;
  do s = s + 1e-5 * sin(s * x[u & 7]); while (++u < m);
  return s;
}

static double X[NX];
static size_t N = 20000, H = SIZE_MAX, M = 20000;
static double F_exact(double *x) { return exact(x, N, (long)M); }
static double F_max(double *x) { return from_max(x, H, M); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  double g[NX] = {0};
  __enzyme_autodiff((void *)exact, enzyme_dup, X, g, enzyme_const, N, enzyme_const, (long)M);
  ck_gradient("exact counts", g, F_exact, X, NX);

  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    double d[NX] = {0};
    __enzyme_autodiff((void *)from_max, enzyme_dup, X, d, enzyme_const, H, enzyme_const, M);
    ck_gradient("from SIZE_MAX", d, F_max, X, NX);
    fflush(stdout);
    _exit(ck_done());
  }
  int status = 0;
  waitpid(child, &status, 0);
  int ok = (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
           (WIFSIGNALED(status) && (WTERMSIG(status) == SIGILL || WTERMSIG(status) == SIGTRAP));
  printf("from SIZE_MAX: %s\n", WIFEXITED(status) ? "exited" : "trapped");
  CHECK_PRIMAL("from SIZE_MAX: a matching gradient or a trap", ok, 1);
  return ck_done();
}
