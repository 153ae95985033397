// TEST: reverse and forward mode through records of {double key, double *payload, int id} moved as whole structs: a bubble sort by key swapping through a struct temporary, an in-place reversal swapping through a byte buffer with memcpy, a rotation by one through memmove and a saved first record, and selection by key of the record whose payload is then read (comparisons of active keys choose the moves; points away from ties)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double key;
  double *payload;
  int id;
} rec;

static void make(rec *r, double *x, int n) {
  for (int i = 0; i < n; i++) {
    r[i].key = x[i] * x[i] - 0.3 * x[i];
    r[i].payload = x + (i + 3) % n;
    r[i].id = i;
  }
}

static double score(const rec *r, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * r[i].key * r[i].payload[0] + 0.01 * r[i].id * r[i].key;
  return s;
}

static double bubble(double *x) {
  rec r[8];
  make(r, x, 8);
  for (int i = 0; i < 8; i++)
    for (int j = 0; j + 1 < 8 - i; j++)
      if (r[j].key > r[j + 1].key) {
        rec t = r[j];
        r[j] = r[j + 1];
        r[j + 1] = t;
      }
  return score(r, 8);
}

static double reversal(double *x) {
  rec r[8];
  make(r, x, 8);
  unsigned char tmp[sizeof(rec)];
  for (int i = 0, j = 7; i < j; i++, j--) {
    memcpy(tmp, &r[i], sizeof(rec));
    memcpy(&r[i], &r[j], sizeof(rec));
    memcpy(&r[j], tmp, sizeof(rec));
  }
  return score(r, 8);
}

static double rotation(double *x) {
  rec r[8];
  make(r, x, 8);
  for (int k = 0; k < 3; k++) {
    rec first = r[0];
    memmove(r, r + 1, sizeof(rec) * 7);
    r[7] = first;
  }
  return score(r, 8);
}

static double select_best(double *x) {
  rec r[8];
  make(r, x, 8);
  rec best = r[0];
  for (int i = 1; i < 8; i++)
    if (r[i].key < best.key) best = r[i];
  return best.key * *best.payload + best.payload[0] * best.payload[0];
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.05, -0.15}; /* keys x^2 - 0.3x all distinct */
  BOTH("bubble sort of records", bubble, x, 8);
  BOTH("reversal through a byte buffer", reversal, x, 8);
  BOTH("rotation by memmove", rotation, x, 8);
  BOTH("record of the least key", select_best, x, 8);
  return ck_done();
}
