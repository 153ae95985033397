// TEST: reverse and forward mode through sorting of active data written in C without qsort: an insertion sort of an array of structs {double key; double payload; int id} by the active key (whole-struct assignments move the payloads with their keys), a bitonic sorting network of compare-exchange steps with fmin/fmax on a local array, and a top-k weighted sum and trimmed mean of the sorted values; gradients against finite differences (keys well separated), dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double key;
  double payload;
  int id;
} rec;

static void insertion_sort(rec *r, int n) {
  for (int i = 1; i < n; i++) {
    rec t = r[i];
    int j = i - 1;
    while (j >= 0 && r[j].key > t.key) {
      r[j + 1] = r[j];
      j--;
    }
    r[j + 1] = t;
  }
}

#define NB 8
static void bitonic(double *a) {
  for (int k = 2; k <= NB; k <<= 1)
    for (int j = k >> 1; j > 0; j >>= 1)
      for (int i = 0; i < NB; i++) {
        int l = i ^ j;
        if (l > i) {
          double lo = fmin(a[i], a[l]), hi = fmax(a[i], a[l]);
          if ((i & k) == 0) { a[i] = lo; a[l] = hi; }
          else { a[i] = hi; a[l] = lo; }
        }
      }
}

static double sorted_stats(const double *x) {
  rec r[NB];
  for (int i = 0; i < NB; i++) {
    r[i].key = sin(1.3 * x[i]) + 0.5 * x[i];
    r[i].payload = x[(i + 3) % NB] * x[i];
    r[i].id = i;
  }
  insertion_sort(r, NB);
  double s = 0.0;
  for (int k = 0; k < 3; k++) s += (3 - k) * r[NB - 1 - k].payload + 0.01 * r[k].id * r[k].key;
  double a[NB];
  for (int i = 0; i < NB; i++) a[i] = x[i] * x[i] - 0.3 * x[(i + 1) % NB];
  bitonic(a);
  double trimmed = 0.0;
  for (int i = 1; i < NB - 1; i++) trimmed += a[i];
  return s + trimmed / (NB - 2) + a[NB - 1] * a[0];
}

static double F(double *x) { return sorted_stats(x); }

int main(void) {
  double x[NB], dx[NB] = {0}, v[NB];
  for (int i = 0; i < NB; i++) {
    x[i] = 1.4 * sin(2.3 * i + 0.7) + 0.05 * i;
    v[i] = 0.1 * ((i * 5) % 7) - 0.3;
  }
  __enzyme_autodiff((void *)sorted_stats, enzyme_dup, x, dx);
  ck_gradient("sorted structs + network: d/dx", dx, F, x, NB);
  double jv = __enzyme_fwddiff((void *)sorted_stats, enzyme_dup, x, v);
  CHECK("sorted structs + network: dot test", ck_dot(dx, v, NB), jv);
  return ck_done();
}
