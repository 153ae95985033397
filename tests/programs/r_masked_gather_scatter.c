// TEST: reverse mode through masked memory: clang's __builtin_masked_gather/scatter/load/store (llvm.masked.gather/scatter/load/store at every level), with repeated lanes (a gather reading one element twice adds both shares; a scatter writing one element twice keeps the last lane), masked-off lanes taking the pass-through, and a local buffer that is scattered into, gathered from and stored into; and a loop choosing a pointer per iteration that the loop vectorizer turns into vectors of pointers (vector getelementptr, insertelement, select and extractelement of <N x ptr>) at -O2/-O3; gradients in every input
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

typedef double v4d __attribute__((ext_vector_type(4)));
/* 64-bit indices: clang 22 scales a scatter's indices by the index size, which is right only
   for 8-byte indices into doubles. */
typedef long v4l __attribute__((ext_vector_type(4)));
typedef _Bool v4b __attribute__((ext_vector_type(4)));

#define N 8

static double kernel(const double *x) {
  double buf[N];
  for (int i = 0; i < N; i++) buf[i] = 0.5 * x[i] + 0.1 * i;
  v4d v = {x[0] * x[1], sin(x[2]), x[3], x[4] * x[4]};
  /* Lanes 0 and 3 both write buf[1]: lane 3's value stays, lane 0's has no effect. */
  __builtin_masked_scatter((v4b){1, 1, 0, 1}, (v4l){1, 5, 3, 1}, v, buf);
  v4d pass = {x[5], x[6], x[7], x[0]};
  /* Lanes 0 and 2 both read buf[1]; lane 1 takes the pass-through. */
  v4d g = __builtin_masked_gather((v4b){1, 0, 1, 1}, (v4l){1, 2, 1, 5}, buf, pass);
  v4d l = __builtin_masked_load((v4b){1, 0, 1, 1}, x + 2, pass * 2.0);
  __builtin_masked_store((v4b){1, 1, 0, 1}, l * g, buf + 4);
  double s = g[0] * g[1] + g[2] * g[3] + l[1] * l[3];
  for (int i = 0; i < N; i++) s += buf[i] * buf[i] * (i + 1);
  return s;
}

/* The last pointer chosen: the vectorizer computes the choices of 16 (and 4) iterations at once
   as vectors of pointers and extracts the last lane. */
static double pick(double *xy, int n) {
  double *q = xy;
  for (int i = 0; i < n; i++) q = (i % 3 == 0) ? xy + 8 : &xy[(i + 3) % 6];
  return *q * *q * xy[8] + xy[1] * q[1];
}

static double X0[N], XY[10];
static int TRIPS;
static double F(double *x) { return kernel(x); }
static double F_pick(double *xy) { return pick(xy, TRIPS); }

int main(void) {
  for (int i = 0; i < N; i++) X0[i] = 0.9 * sin(1.3 * i + 0.4) + 0.2;
  double dx[N] = {0};
  __enzyme_autodiff((void *)kernel, enzyme_dup, X0, dx);
  ck_gradient("masked gather/scatter/load/store", dx, F, X0, N);
  for (int i = 0; i < 10; i++) XY[i] = 0.7 * cos(0.8 * i + 0.1) + 0.4;
  int trips[] = {1, 17, 19, 35};
  for (int t = 0; t < 4; t++) {
    double dxy[10] = {0};
    TRIPS = trips[t];
    __enzyme_autodiff((void *)pick, enzyme_dup, XY, dxy, enzyme_const, TRIPS);
    char what[64];
    snprintf(what, sizeof what, "pointer chosen in a vectorized loop, %d trips", TRIPS);
    ck_gradient(what, dxy, F_pick, XY, 10);
  }
  return ck_done();
}
