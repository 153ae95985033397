// TEST: where a caller puts the bytes of an enzyme_allocated tape sized by __enzyme_augmentsize: a variable-length array and an alloca on the stack, a calloc'd block, a buffer at odd byte offsets (no alignment promised by a char buffer), a buffer larger than needed (enzyme_allocated given the larger size in both calls, also as an expression of __enzyme_augmentsize), the tapes of two functions packed one after the other in one block, and one buffer reused by successive augmented/reverse pairs with other inputs; the markers before, between and after the arguments; each gradient against finite differences
#include <alloca.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_v(void *, ...) __asm__("__enzyme_reverse");

#define N 5

/* A loop of run-time length whose values the reverse pass needs: the tape grows past its header. */
__attribute__((noinline)) static double chain(double *x, int n, double a) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s = s * cos(a * x[i]) + exp(0.2 * x[i]) * x[(i + 1) % n];
    x[i] = s * 0.5; /* overwritten */
  }
  return s * s;
}

/* In place: y[i] <- y[i] * tanh(y[i-1]) ; no return */
__attribute__((noinline)) static void squash(double *y, int n) {
  for (int i = n - 1; i > 0; i--) y[i] = y[i] * tanh(y[i - 1]) + 0.1 * y[i] * y[i];
}

static const double X0[N] = {0.4, -0.3, 0.8, 1.1, -0.9};
static double A = 0.7;
static double F_x(double *x) { double c[N]; memcpy(c, x, sizeof c); return chain(c, N, A); }
static const double *AT = X0; /* the point d/da is checked at */
static double F_a(double a) { double c[N]; memcpy(c, AT, sizeof c); return chain(c, N, a); }
static const double W[N] = {0.5, -1.0, 0.25, 2.0, 1.5};
static double G_y(double *y) { double c[N]; memcpy(c, y, sizeof c); squash(c, N); return ck_dot(W, c, N); }

/* The sizes as the calls need them: compile-time constants (ABI §5). */
#define SIZE_CHAIN __enzyme_augmentsize((void *)chain, enzyme_dup, enzyme_const, enzyme_out)
#define SIZE_SQUASH __enzyme_augmentsize((void *)squash, enzyme_dup, enzyme_const)

/* One augmented/reverse pair of chain with its tape at `tape`, `bytes` given in both calls. */
static void pair_chain(const char *what, char *tape, int big, const double *x0) {
  double x[N], dx[N] = {0}, xr[N];
  memcpy(x, x0, sizeof x);
  memcpy(xr, x0, sizeof xr);
  double p = big ? __enzyme_augmentfwd((void *)chain, enzyme_allocated, 256, enzyme_tape, tape, enzyme_dup, x, dx, N, A)
                 : __enzyme_augmentfwd((void *)chain, enzyme_allocated, SIZE_CHAIN, enzyme_tape, tape, enzyme_dup, x, dx, N, A);
  char label[96];
  snprintf(label, sizeof label, "%s: primal", what);
  CHECK_PRIMAL(label, p, F_x(xr));
  memset(x, 0x7f, sizeof x); /* the caller's memory is not what the reverse pass reads */
  double da = big ? __enzyme_reverse((void *)chain, enzyme_dup, x, dx, N, A, 1.0, enzyme_allocated, 256, enzyme_tape, tape)
                  : __enzyme_reverse((void *)chain, enzyme_dup, x, dx, N, A, 1.0, enzyme_allocated, SIZE_CHAIN, enzyme_tape, tape);
  ck_gradient(what, dx, F_x, xr, N);
  snprintf(label, sizeof label, "%s: d/da", what);
  AT = x0;
  CHECK(label, da, ck_fd1(F_a, A));
  AT = X0;
}

static void pair_squash(const char *what, char *tape) {
  double y[N], dy[N] = {0}, yr[N];
  memcpy(y, X0, sizeof y);
  memcpy(yr, X0, sizeof yr);
  __enzyme_augmentfwd_v((void *)squash, enzyme_dup, y, dy, enzyme_allocated, SIZE_SQUASH, enzyme_tape, tape, N);
  memcpy(dy, W, sizeof dy);
  __enzyme_reverse_v((void *)squash, enzyme_dup, y, dy, enzyme_allocated, SIZE_SQUASH, enzyme_tape, tape, N);
  ck_gradient(what, dy, G_y, yr, N);
}

int main(void) {
  printf("sizes: chain %d, squash %d\n", SIZE_CHAIN, SIZE_SQUASH);
  CHECK_PRIMAL("chain has a tape", SIZE_CHAIN > 0, 1);

  {
    int n = SIZE_CHAIN;
    char vla[n];
    pair_chain("VLA on the stack", vla, 0, X0);
  }
  {
    char *a = alloca(SIZE_CHAIN);
    pair_chain("alloca", a, 0, X0);
  }
  {
    char *c = calloc(1, SIZE_CHAIN);
    pair_chain("calloc", c, 0, X0);
    free(c);
  }
  {
    char *raw = malloc(SIZE_CHAIN + 8);
    pair_chain("odd offset 1", raw + 1, 0, X0);
    pair_chain("odd offset 3", raw + 3, 0, X0);
    pair_chain("odd offset 5", raw + 5, 0, X0);
    free(raw);
  }
  {
    enum { BIG = 256 };
    char big[BIG];
    CHECK_PRIMAL("fits in 256 bytes", SIZE_CHAIN <= BIG, 1);
    pair_chain("larger buffer", big, 1, X0);
  }
  {
    /* the size given as an expression of the constant: __enzyme_augmentsize(...) * 2 + 8 */
    char *buf = malloc(SIZE_CHAIN * 2 + 8);
    double x[N], dx[N] = {0}, xr[N];
    memcpy(x, X0, sizeof x);
    memcpy(xr, X0, sizeof xr);
    __enzyme_augmentfwd((void *)chain, enzyme_allocated, SIZE_CHAIN * 2 + 8, enzyme_tape, buf, enzyme_dup, x, dx, N, A);
    double da = __enzyme_reverse((void *)chain, enzyme_dup, x, dx, N, A, 1.0, enzyme_allocated, SIZE_CHAIN * 2 + 8, enzyme_tape, buf);
    free(buf);
    ck_gradient("size as an expression", dx, F_x, xr, N);
    CHECK("size as an expression: d/da", da, ck_fd1(F_a, A));
  }
  {
    /* chain's tape then squash's tape in one block, and another chain tape after both */
    char *block = malloc(2 * SIZE_CHAIN + SIZE_SQUASH + 1);
    double x[N], dx[N] = {0}, xr[N];
    memcpy(x, X0, sizeof x);
    memcpy(xr, X0, sizeof xr);
    double y[N], dy[N] = {0}, yr[N];
    memcpy(y, X0, sizeof y);
    memcpy(yr, X0, sizeof yr);
    char *t1 = block, *t2 = block + SIZE_CHAIN, *t3 = block + SIZE_CHAIN + SIZE_SQUASH + 1;
    __enzyme_augmentfwd((void *)chain, enzyme_allocated, SIZE_CHAIN, enzyme_tape, t1, enzyme_dup, x, dx, N, A);
    __enzyme_augmentfwd_v((void *)squash, enzyme_dup, y, dy, enzyme_allocated, SIZE_SQUASH, enzyme_tape, t2, N);
    double x3[N], dx3[N] = {0};
    for (int i = 0; i < N; i++) x3[i] = X0[N - 1 - i];
    double x3r[N];
    memcpy(x3r, x3, sizeof x3r);
    __enzyme_augmentfwd((void *)chain, enzyme_allocated, SIZE_CHAIN, enzyme_tape, t3, enzyme_dup, x3, dx3, N, A);
    memcpy(dy, W, sizeof dy);
    __enzyme_reverse_v((void *)squash, enzyme_dup, y, dy, enzyme_allocated, SIZE_SQUASH, enzyme_tape, t2, N);
    double da3 = __enzyme_reverse((void *)chain, enzyme_dup, x3, dx3, N, A, 1.0, enzyme_allocated, SIZE_CHAIN, enzyme_tape, t3);
    double da1 = __enzyme_reverse((void *)chain, enzyme_dup, x, dx, N, A, 2.0, enzyme_allocated, SIZE_CHAIN, enzyme_tape, t1);
    free(block);
    ck_gradient("packed block: squash", dy, G_y, yr, N);
    ck_gradient("packed block: chain (reversed input)", dx3, F_x, x3r, N);
    double fd1[N];
    for (int i = 0; i < N; i++) fd1[i] = 2.0 * ck_fd_partial(F_x, xr, i);
    for (int i = 0; i < N; i++) CHECK("packed block: chain seeded 2", dx[i], fd1[i]);
    CHECK("packed block: chain d/da seeded 2", da1, 2.0 * ck_fd1(F_a, A));
    AT = x3r;
    CHECK("packed block: chain (reversed input) d/da", da3, ck_fd1(F_a, A));
    AT = X0;
  }
  {
    /* one buffer reused: pairs at other points, and squash in between */
    char *buf = malloc(SIZE_CHAIN > SIZE_SQUASH ? SIZE_CHAIN : SIZE_SQUASH);
    double pts[3][N] = {{0.1, 0.2, 0.3, 0.4, 0.5}, {-0.5, 0.9, -0.2, 0.6, 1.2}, {1.0, -1.0, 0.5, -0.5, 0.0}};
    for (int r = 0; r < 3; r++) {
      char label[48];
      snprintf(label, sizeof label, "reused buffer, round %d", r);
      pair_chain(label, buf, 0, pts[r]);
      pair_squash("reused buffer: squash", buf);
    }
    free(buf);
  }
  return ck_done();
}
