// TEST: thread-local globals (_Thread_local scratch arrays and a thread-local accumulator, read through llvm.threadlocal.address) written with active values inside differentiated code, in reverse, forward and split mode, on the main thread and on three POSIX threads at once (each thread has its own shadow)
// LDFLAGS: -pthread
#include <pthread.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 8
static _Thread_local double scratch[N];
_Thread_local double tl_acc;

__attribute__((noinline)) static void fill(const double *x) {
  for (int i = 0; i < N; i++) scratch[i] = x[i] * x[(i + 1) % N] + sin(x[i]);
}
static double energy(double *x) {
  fill(x);
  tl_acc = 0.0;
  for (int i = 0; i < N; i++) tl_acc += scratch[i] * scratch[(i + 3) % N];
  return tl_acc * x[0] + scratch[N - 1];
}

struct job { double x[N], g[N], jv; int ok; };

static void compute(struct job *j, double *g, double *jv) {
  double v[N];
  memset(g, 0, sizeof(double) * N);
  __enzyme_autodiff((void *)energy, enzyme_dup, j->x, g);
  for (int i = 0; i < N; i++) v[i] = cos(0.5 * i + 0.1);
  *jv = __enzyme_fwddiff((void *)energy, enzyme_dup, j->x, v);
}
static void *worker(void *arg) {
  struct job *j = arg;
  j->ok = 1;
  for (int r = 0; r < 300; r++) {
    double g[N], jv;
    compute(j, g, &jv);
    if (memcmp(g, j->g, sizeof g) || jv != j->jv) j->ok = 0;
  }
  return NULL;
}

int main(void) {
  struct job jobs[3];
  for (int t = 0; t < 3; t++) {
    for (int i = 0; i < N; i++) jobs[t].x[i] = 0.3 * sin(1.2 * i + t) + 0.1;
    compute(&jobs[t], jobs[t].g, &jobs[t].jv);
    ck_gradient("thread-local scratch", jobs[t].g, energy, jobs[t].x, N);
    double v[N];
    for (int i = 0; i < N; i++) v[i] = cos(0.5 * i + 0.1);
    CHECK("thread-local scratch: forward vs reverse", jobs[t].jv, ck_dot(jobs[t].g, v, N));
  }
  pthread_t th[3];
  for (int t = 0; t < 3; t++) pthread_create(&th[t], NULL, worker, &jobs[t]);
  for (int t = 0; t < 3; t++) pthread_join(th[t], NULL);
  for (int t = 0; t < 3; t++) CHECK_PRIMAL("thread results equal the main thread's", jobs[t].ok, 1.0);
  return ck_done();
}
