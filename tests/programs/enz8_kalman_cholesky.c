// TEST: reverse and forward mode through a Kalman filter run over a short measurement sequence: predict (P = F P F^T + Q with a struct of fixed-size matrices passed by pointer), innovation covariance S = H P H^T + R, an in-place Cholesky factor of S with sqrt and a guard branch, forward/back substitution for the gain, the Joseph-form covariance update, and the Gaussian log-likelihood accumulated from log of the Cholesky diagonal; gradients with respect to the measurements and the initial state/covariance against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 3
#define NZ 2
#define T 4

typedef struct {
  double x[NX];
  double P[NX][NX];
} kf_state;

typedef struct {
  double F[NX][NX], Q[NX][NX], H[NZ][NX], R[NZ][NZ];
} kf_model;

static void matmul(int n, int m, int p, const double *A, const double *B, double *C) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < p; j++) {
      double s = 0.0;
      for (int k = 0; k < m; k++) s += A[i * m + k] * B[k * p + j];
      C[i * p + j] = s;
    }
}

static void transpose(int n, int m, const double *A, double *At) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) At[j * n + i] = A[i * m + j];
}

/* lower Cholesky factor in place; returns -1 on a non-positive pivot */
static int cholesky(int n, double *A) {
  for (int j = 0; j < n; j++) {
    double d = A[j * n + j];
    for (int k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
    if (d <= 0.0) return -1;
    d = sqrt(d);
    A[j * n + j] = d;
    for (int i = j + 1; i < n; i++) {
      double s = A[i * n + j];
      for (int k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / d;
    }
    for (int k = j + 1; k < n; k++) A[j * n + k] = 0.0;
  }
  return 0;
}

/* solve L L^T y = b in place */
static void chol_solve(int n, const double *L, double *b) {
  for (int i = 0; i < n; i++) {
    double s = b[i];
    for (int k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = b[i];
    for (int k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

static double kf_step(kf_state *st, const kf_model *m, const double *z) {
  double tmp[NX * NX], Ft[NX * NX], Ht[NX * NZ], PHt[NX * NZ], S[NZ * NZ], xp[NX];
  matmul(NX, NX, 1, &m->F[0][0], st->x, xp);
  memcpy(st->x, xp, sizeof xp);
  matmul(NX, NX, NX, &m->F[0][0], &st->P[0][0], tmp);
  transpose(NX, NX, &m->F[0][0], Ft);
  matmul(NX, NX, NX, tmp, Ft, &st->P[0][0]);
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NX; j++) st->P[i][j] += m->Q[i][j];
  transpose(NZ, NX, &m->H[0][0], Ht);
  matmul(NX, NX, NZ, &st->P[0][0], Ht, PHt);
  matmul(NZ, NX, NZ, &m->H[0][0], PHt, S);
  for (int i = 0; i < NZ; i++)
    for (int j = 0; j < NZ; j++) S[i * NZ + j] += m->R[i][j];
  if (cholesky(NZ, S) != 0) return 1e30;
  double y[NZ], w[NZ];
  matmul(NZ, NX, 1, &m->H[0][0], st->x, y);
  for (int i = 0; i < NZ; i++) y[i] = z[i] - y[i];
  memcpy(w, y, sizeof y);
  chol_solve(NZ, S, w); /* w = S^-1 y */
  double ll = 0.0;
  for (int i = 0; i < NZ; i++) ll -= 0.5 * y[i] * w[i] + log(S[i * NZ + i]);
  /* K = P H^T S^-1, row by row */
  double K[NX * NZ];
  for (int i = 0; i < NX; i++) {
    double row[NZ];
    for (int j = 0; j < NZ; j++) row[j] = PHt[i * NZ + j];
    chol_solve(NZ, S, row);
    for (int j = 0; j < NZ; j++) K[i * NZ + j] = row[j];
  }
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NZ; j++) st->x[i] += K[i * NZ + j] * y[j];
  /* Joseph form: P = (I - K H) P (I - K H)^T + K R K^T */
  double IKH[NX * NX], IKHt[NX * NX], KR[NX * NZ], Kt[NZ * NX], KRKt[NX * NX];
  matmul(NX, NZ, NX, K, &m->H[0][0], IKH);
  for (int i = 0; i < NX * NX; i++) IKH[i] = (i % (NX + 1) == 0 ? 1.0 : 0.0) - IKH[i];
  transpose(NX, NX, IKH, IKHt);
  matmul(NX, NX, NX, IKH, &st->P[0][0], tmp);
  matmul(NX, NX, NX, tmp, IKHt, &st->P[0][0]);
  matmul(NX, NZ, NZ, K, &m->R[0][0], KR);
  transpose(NX, NZ, K, Kt);
  matmul(NX, NZ, NX, KR, Kt, KRKt);
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NX; j++) st->P[i][j] += KRKt[i * NX + j];
  return ll;
}

static kf_model gm;

/* params: measurements z[T*NZ] then x0[NX] then the diagonal of P0[NX] */
static double kf_run(const double *p, const kf_model *m) {
  kf_state st;
  memset(&st, 0, sizeof st);
  for (int i = 0; i < NX; i++) {
    st.x[i] = p[T * NZ + i];
    st.P[i][i] = p[T * NZ + NX + i];
  }
  st.P[0][1] = st.P[1][0] = 0.1 * p[T * NZ + NX];
  double ll = 0.0;
  for (int t = 0; t < T; t++) ll += kf_step(&st, m, p + t * NZ);
  return ll + 0.3 * st.x[0] - 0.2 * st.P[1][1];
}

#define NP (T * NZ + 2 * NX)
static double F(double *p) { return kf_run(p, &gm); }

int main(void) {
  double dt = 0.1;
  kf_model m = {{{1, dt, 0.5 * dt * dt}, {0, 1, dt}, {0, 0, 1}},
                {{0.01, 0, 0}, {0, 0.02, 0}, {0, 0, 0.05}},
                {{1, 0, 0}, {0.3, 1, 0}},
                {{0.2, 0.05}, {0.05, 0.3}}};
  gm = m;
  double p[NP], dp[NP] = {0}, v[NP];
  for (int t = 0; t < T; t++) {
    p[t * NZ] = 0.1 * t + 0.2 * sin(t);
    p[t * NZ + 1] = 0.5 - 0.1 * t;
  }
  p[T * NZ] = 0.05; p[T * NZ + 1] = 0.9; p[T * NZ + 2] = -0.2;
  p[T * NZ + 3] = 1.2; p[T * NZ + 4] = 0.8; p[T * NZ + 5] = 0.5;
  for (int i = 0; i < NP; i++) v[i] = 0.1 * ((i * 5) % 7) - 0.3;
  __enzyme_autodiff((void *)kf_run, enzyme_dup, p, dp, enzyme_const, &m);
  ck_gradient("kalman: d/dp", dp, F, p, NP);
  double jv = __enzyme_fwddiff((void *)kf_run, enzyme_dup, p, v, enzyme_const, &m);
  CHECK("kalman: <J^T 1, v> = Jv", ck_dot(dp, v, NP), jv);
  return ck_done();
}
