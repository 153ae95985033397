// TEST: reverse mode through 8-byte copies of float pairs (struct {float re, im;} and float _Complex values swapped, copied by assignment and through memcpy; instcombine makes each copy one i64 load and store whose bits are two floats): a bit-reversal permutation of a float complex array before a weighted power sum, a struct-pair rotation, at enzyme_width 1 and 2, in float; gradients against finite differences of double twins
#include <complex.h>

#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

typedef struct {
  float re, im;
} fpair;

#define N 8

/* bit-reversal permutation by swaps of whole float _Complex elements, then a weighted |z|^2 sum
   and a product with the neighbour (complex multiply) */
static float bitrev_power(float _Complex *z) {
  for (unsigned i = 0, j = 0; i < N; i++) {
    if (i < j) {
      float _Complex t = z[i];
      z[i] = z[j];
      z[j] = t;
    }
    unsigned m = N >> 1;
    while (m >= 1 && (j & m)) {
      j ^= m;
      m >>= 1;
    }
    j |= m;
  }
  float s = 0.0f;
  for (int k = 0; k < N; k++) {
    float _Complex w = z[k] * z[(k + 1) % N];
    s += (1.0f + 0.25f * k) * (crealf(z[k]) * crealf(z[k]) + cimagf(z[k]) * cimagf(z[k])) + 0.1f * cimagf(w);
  }
  return s;
}

/* the same on a double twin, a copy of the input in, the permutation written out by index */
static int bitrev_index(int i) {
  int r = 0;
  for (int b = 1, c = N >> 1; b < N; b <<= 1, c >>= 1)
    if (i & b) r |= c;
  return r;
}
static double bitrev_twin(double *x) {
  double re[N], im[N];
  for (int k = 0; k < N; k++) {
    re[k] = x[2 * bitrev_index(k)];
    im[k] = x[2 * bitrev_index(k) + 1];
  }
  double s = 0;
  for (int k = 0; k < N; k++) {
    int n = (k + 1) % N;
    double wim = re[k] * im[n] + im[k] * re[n];
    s += (1.0 + 0.25 * k) * (re[k] * re[k] + im[k] * im[k]) + 0.1 * wim;
  }
  return s;
}

/* rotation of an array of pairs by one place: assignment copies and a memcpy, then a scaled
   sum of products of neighbours */
static void rotate_pairs(fpair *p, float *out, int n) {
  fpair first = p[0];
  for (int i = 0; i + 1 < n; i++) p[i] = p[i + 1];
  memcpy(&p[n - 1], &first, sizeof first);
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += (i + 1) * p[i].re * p[(i + 1) % n].im - 0.3f * p[i].im * p[i].im;
  *out = s;
}
#define NP 5
static double rotate_twin(double *x) {
  double re[NP], im[NP], s = 0;
  for (int i = 0; i < NP; i++) {
    re[i] = x[2 * ((i + 1) % NP)];
    im[i] = x[2 * ((i + 1) % NP) + 1];
  }
  for (int i = 0; i < NP; i++) s += (i + 1) * re[i] * im[(i + 1) % NP] - 0.3 * im[i] * im[i];
  return s;
}

int main(void) {
  float _Complex z[N], dz[N];
  double xd[2 * N];
  for (int k = 0; k < N; k++) {
    xd[2 * k] = 0.3 + 0.2 * sin(1.7 * k);
    xd[2 * k + 1] = -0.4 + 0.3 * cos(0.9 * k);
  }
  for (int k = 0; k < N; k++) {
    z[k] = (float)xd[2 * k] + (float)xd[2 * k + 1] * I;
    dz[k] = 0;
  }
  __enzyme_autodiff((void *)bitrev_power, enzyme_dup, z, dz);
  char label[80];
  for (int k = 0; k < N; k++) {
    snprintf(label, sizeof label, "bit-reversal float _Complex: d/dre[%d]", k);
    CHECK_F32(label, crealf(dz[k]), ck_fd_partial(bitrev_twin, xd, 2 * k));
    snprintf(label, sizeof label, "bit-reversal float _Complex: d/dim[%d]", k);
    CHECK_F32(label, cimagf(dz[k]), ck_fd_partial(bitrev_twin, xd, 2 * k + 1));
  }

  /* width 2: the seeds of the two lanes are 1 and 3, so lane 1 is three times lane 0 */
  fpair p[NP], d0[NP] = {{0}}, d1[NP] = {{0}};
  double pd[2 * NP];
  for (int i = 0; i < NP; i++) {
    pd[2 * i] = 0.5 - 0.2 * i;
    pd[2 * i + 1] = 0.1 + 0.3 * sin(i);
  }
  for (int i = 0; i < NP; i++) p[i] = (fpair){(float)pd[2 * i], (float)pd[2 * i + 1]};
  float out, dout0 = 1.0f, dout1 = 3.0f;
  __enzyme_autodiff((void *)rotate_pairs, enzyme_width, 2, enzyme_dup, p, d0, d1, enzyme_dup, &out, &dout0, &dout1,
                    enzyme_const, NP);
  for (int i = 0; i < NP; i++) {
    double fre = ck_fd_partial(rotate_twin, pd, 2 * i), fim = ck_fd_partial(rotate_twin, pd, 2 * i + 1);
    snprintf(label, sizeof label, "rotated pairs lane 0: d/dre[%d]", i);
    CHECK_F32(label, d0[i].re, fre);
    snprintf(label, sizeof label, "rotated pairs lane 0: d/dim[%d]", i);
    CHECK_F32(label, d0[i].im, fim);
    snprintf(label, sizeof label, "rotated pairs lane 1: d/dre[%d]", i);
    CHECK_F32(label, d1[i].re, 3 * fre);
    snprintf(label, sizeof label, "rotated pairs lane 1: d/dim[%d]", i);
    CHECK_F32(label, d1[i].im, 3 * fim);
  }
  return ck_done();
}
