// ADOL-C (Debian's libadolc-dev 2.7.2), the taped operator-overloading peer of bench/reverse.py:
// the workloads of bench/kernels rewritten once as templates over the scalar type (double for the
// primal, adouble for the tape), on the inputs the C program dumped (bench/peers.py turns them into
// lines `name count values...`). Usage: adolc_peers FAMILY INPUTS.txt
//
// Scalar objectives (gmm, lstm, ode, fft): "grad" = taping (trace_on … trace_off) + gradient(),
// which a changing input needs; "grad_reuse" = gradient() on the existing tape; "fwd1" /
// "fwd8" = fos_forward / fov_forward (8 directions) on the tape. Jacobians (jacobian, ba): the tape
// is made once and reused ("grad": zos_forward + one fos_reverse per row; "fwd1": one fos_forward
// per column; "fwd8": one fov_forward per 8 columns). Times follow bench/driver.c: calibrated
// repetitions, warm-up, interleaved runs of thread CPU time (5 here), medians. Prints one JSON object:
// values compared with Catalase's (the same sampled entries and directions) and runs.
#include <adolc/adolc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <time.h>
#include <vector>

using Data = std::map<std::string, std::vector<double>>;
using Vec = std::vector<double>;
// Fewer runs than bench/driver.c's 11: ADOL-C's derivatives run 10-300× the primal.
static const int RUNS = 5, WARMUP = 1, SAMPLE = 48;

static Data read_data(const char *path) {
  Data d;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string name;
    long n;
    s >> name >> n;
    Vec v(n);
    for (long i = 0; i < n; i++) s >> v[i];
    d[name] = v;
  }
  return d;
}

static double now() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double sample(const std::function<void()> &f, long reps) {
  double start = now();
  for (long i = 0; i < reps; i++) f();
  return (now() - start) / reps;
}

// bench/driver.c's protocol; returns the JSON of one comparison.
static std::string compare(const std::function<void()> &primal, const std::function<void()> &deriv) {
  long reps = 1;
  while (sample(primal, reps) * reps < 0.002 && reps < (1L << 30)) reps *= 2;
  for (int i = 0; i < WARMUP; i++) sample(primal, reps), sample(deriv, reps);
  Vec p(RUNS), t(RUNS), r(RUNS);
  for (int i = 0; i < RUNS; i++) p[i] = sample(primal, reps), t[i] = sample(deriv, reps), r[i] = t[i] / p[i];
  auto median = [](Vec v) { std::sort(v.begin(), v.end()); return v[v.size() / 2]; };
  char buf[256];
  snprintf(buf, sizeof buf, "{\"ratio\": %.6g, \"lo\": %.6g, \"hi\": %.6g, \"primal_s\": %.6g, \"tangent_s\": %.6g}",
           median(r), *std::min_element(r.begin(), r.end()), *std::max_element(r.begin(), r.end()), median(p),
           median(t));
  return buf;
}

static std::string array(const Vec &v) {
  std::string s = "[";
  char buf[32];
  for (size_t i = 0; i < v.size(); i++) snprintf(buf, sizeof buf, "%s%.17g", i ? ", " : "", v[i]), s += buf;
  return s + "]";
}

// ---- the workloads, as templates (the same loops as bench/kernels) ----

template <class T> T logsumexp(const T *v, int n) {
  T m = v[0];
  for (int i = 1; i < n; i++) m = fmax(m, v[i]);
  T s = 0.0;
  for (int i = 0; i < n; i++) s += exp(v[i] - m);
  return log(s) + m;
}

template <class T> T gmm(const T *in, const Data &d) {
  const int D = d.at("dims")[0], K = d.at("dims")[1], N = d.at("dims")[2], LT = D * (D - 1) / 2;
  const T *alphas = in, *means = in + K, *qs = means + K * D, *ls = qs + K * D;
  const double *x = d.at("x").data();
  std::vector<T> main_term(K), sum_q(K), xc(D), qx(D);
  T total = 0.0;
  for (int k = 0; k < K; k++) {
    sum_q[k] = 0.0;
    for (int j = 0; j < D; j++) sum_q[k] += qs[k * D + j];
  }
  for (int i = 0; i < N; i++) {
    for (int k = 0; k < K; k++) {
      for (int j = 0; j < D; j++) xc[j] = x[i * D + j] - means[k * D + j];
      const T *l = ls + k * LT;
      int li = 0;
      for (int r = 0; r < D; r++) qx[r] = exp(qs[k * D + r]) * xc[r];
      for (int c = 0; c < D; c++)
        for (int r = c + 1; r < D; r++) qx[r] += l[li++] * xc[c];
      T sq = 0.0;
      for (int r = 0; r < D; r++) sq += qx[r] * qx[r];
      main_term[k] = alphas[k] + sum_q[k] - 0.5 * sq;
    }
    total += logsumexp(main_term.data(), K);
  }
  T prior = 0.0;
  for (int k = 0; k < K; k++) {
    T frob = 0.0;
    for (int j = 0; j < D; j++) frob += exp(2.0 * qs[k * D + j]);
    for (int j = 0; j < LT; j++) frob += ls[k * LT + j] * ls[k * LT + j];
    prior += -0.5 * frob;
  }
  return total - N * logsumexp(alphas, K) + prior - 0.5 * N * D * std::log(2.0 * M_PI);
}

template <class T> T sigmoid(T x) { return 1.0 / (1.0 + exp(-x)); }

template <class T> T lstm(const T *in, const Data &d) {
  const int L = d.at("dims")[0], C = d.at("dims")[1], B = d.at("dims")[2];
  const T *w = in, *w2 = in + 2 * L * 4 * B;
  const double *seq = d.at("sequence").data();
  std::vector<T> s(d.at("state0").begin(), d.at("state0").end()), x2(B), gates(4 * B), ypred(B);
  T total = 0.0;
  for (int t = 0; t < C - 1; t++) {
    for (int i = 0; i < B; i++) x2[i] = seq[t * B + i] * w2[i];
    const T *xp = x2.data();
    for (int l = 0; l < L; l++) {
      const T *weight = &w[l * 8 * B], *bias = &w[(l * 8 + 4) * B];
      T *hidden = &s[2 * l * B], *cell = &s[(2 * l + 1) * B];
      for (int i = 0; i < B; i++) {
        gates[i] = sigmoid(xp[i] * weight[i] + bias[i]);
        gates[B + i] = sigmoid(hidden[i] * weight[B + i] + bias[B + i]);
        gates[2 * B + i] = sigmoid(xp[i] * weight[2 * B + i] + bias[2 * B + i]);
        gates[3 * B + i] = tanh(hidden[i] * weight[3 * B + i] + bias[3 * B + i]);
      }
      for (int i = 0; i < B; i++) {
        cell[i] = cell[i] * gates[i] + gates[B + i] * gates[3 * B + i];
        hidden[i] = gates[2 * B + i] * tanh(cell[i]);
      }
      xp = hidden;
    }
    for (int i = 0; i < B; i++) ypred[i] = xp[i] * w2[B + i] + w2[2 * B + i];
    T sum = 0.0;
    for (int i = 0; i < B; i++) sum += exp(ypred[i]);
    T lse = log(sum + 2.0);
    for (int i = 0; i < B; i++) total += seq[(t + 1) * B + i] * (ypred[i] - lse);
  }
  return -total / ((C - 1) * B);
}

template <class T> void brusselator(int n, const T *p, const T *u, const T *v, T *du, T *dv) {
  const T a = p[2] * (double)(n - 1) * (double)(n - 1);
  for (int i = 0; i < n; i++) {
    int ip = i == n - 1 ? 0 : i + 1, im = i == 0 ? n - 1 : i - 1;
    for (int j = 0; j < n; j++) {
      int jp = j == n - 1 ? 0 : j + 1, jm = j == 0 ? n - 1 : j - 1;
      T uij = u[i * n + j], vij = v[i * n + j];
      T lu = u[im * n + j] + u[ip * n + j] + u[i * n + jp] + u[i * n + jm] - 4.0 * uij;
      T lv = v[im * n + j] + v[ip * n + j] + v[i * n + jp] + v[i * n + jm] - 4.0 * vij;
      du[i * n + j] = a * lu + p[1] + uij * uij * vij - (p[0] + 1.0) * uij;
      dv[i * n + j] = a * lv + p[0] * uij - uij * uij * vij;
    }
  }
}

template <class T> T ode(const T *in, const Data &d) {
  const int n = d.at("dims")[0], steps = d.at("dims")[1], nn = n * n;
  const double dt = d.at("dims")[2];
  const T *p = in;
  std::vector<T> u(in + 3, in + 3 + nn), v(in + 3 + nn, in + 3 + 2 * nn), tu(nn), tv(nn);
  std::vector<std::vector<T>> ku(4, std::vector<T>(nn)), kv(4, std::vector<T>(nn));
  const double c[3] = {0.5 * dt, 0.5 * dt, dt};
  for (int s = 0; s < steps; s++) {
    brusselator(n, p, u.data(), v.data(), ku[0].data(), kv[0].data());
    for (int st = 1; st < 4; st++) {
      for (int k = 0; k < nn; k++) tu[k] = u[k] + c[st - 1] * ku[st - 1][k], tv[k] = v[k] + c[st - 1] * kv[st - 1][k];
      brusselator(n, p, tu.data(), tv.data(), ku[st].data(), kv[st].data());
    }
    for (int k = 0; k < nn; k++) {
      u[k] += dt / 6.0 * (ku[0][k] + 2.0 * ku[1][k] + 2.0 * ku[2][k] + ku[3][k]);
      v[k] += dt / 6.0 * (kv[0][k] + 2.0 * kv[1][k] + 2.0 * kv[2][k] + kv[3][k]);
    }
  }
  T loss = 0.0;
  for (int k = 0; k < nn; k++) loss += u[k] * u[k] + v[k] * v[k];
  return loss / nn;
}

template <class T> T fft(const T *in, const Data &d) {
  const int nf = d.at("dims")[0];
  int log2n = 0;
  while ((1 << log2n) < nf) log2n++;
  static Vec twr, twi;  // the twiddle table, computed once as fft_grad.c's kernel_init does
  if ((int)twr.size() != nf / 2) {
    twr.resize(nf / 2), twi.resize(nf / 2);
    for (int k = 0; k < nf / 2; k++) twr[k] = std::cos(-2.0 * M_PI * k / nf), twi[k] = std::sin(-2.0 * M_PI * k / nf);
  }
  std::vector<T> wr(nf), wi(nf);
  for (int i = 0; i < nf; i++) {
    int j = 0;
    for (int b = 0; b < log2n; b++) j |= ((i >> b) & 1) << (log2n - 1 - b);
    wr[j] = in[i], wi[j] = in[nf + i];
  }
  for (int half = 1, step = nf / 2; half < nf; half *= 2, step /= 2)
    for (int s = 0; s < nf; s += 2 * half)
      for (int k = 0; k < half; k++) {
        int a = s + k, b = a + half;
        double cr = twr[k * step], ci = twi[k * step];
        T tr = wr[b] * cr - wi[b] * ci, ti = wr[b] * ci + wi[b] * cr;
        wr[b] = wr[a] - tr, wi[b] = wi[a] - ti;
        wr[a] += tr, wi[a] += ti;
      }
  T loss = 0.0;
  for (int k = 0; k < nf; k++) loss += (wr[k] * wr[k] + wi[k] * wi[k]) / (1.0 + (double)(k % 17));
  return loss / nf;
}

template <class T> void vecfun(const T *x, T *y, const Data &d) {
  const int n = d.at("dims")[0];
  const double *w1 = d.at("w1").data(), *w2 = d.at("w2").data(), *b = d.at("b").data();
  std::vector<T> h(n);
  for (int i = 0; i < n; i++) {
    T s = b[i];
    for (int j = 0; j < n; j++) s += w1[i * n + j] * x[j];
    h[i] = tanh(s);
  }
  for (int i = 0; i < n; i++) {
    T s = 0.0;
    for (int j = 0; j < n; j++) s += w2[i * n + j] * h[j];
    y[i] = tanh(s) + 0.1 * s * x[i];
  }
}

// (camera 11, point 3, weight 1, feature 2) → the weighted reprojection error (2), as ba_grad.c.
template <class T> void reproj(const T *in, T *err) {
  const T *feat = in + 15;
  const T *cam = in, *X = in + 11, &w = in[14];
  T xo[3], xc[3], c[3];
  for (int i = 0; i < 3; i++) xo[i] = X[i] - cam[3 + i];
  T sq = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
  T theta = sqrt(sq), ct = cos(theta), st = sin(theta), wv[3];
  for (int i = 0; i < 3; i++) wv[i] = cam[i] / theta;
  c[0] = wv[1] * xo[2] - wv[2] * xo[1], c[1] = wv[2] * xo[0] - wv[0] * xo[2], c[2] = wv[0] * xo[1] - wv[1] * xo[0];
  T tmp = (wv[0] * xo[0] + wv[1] * xo[1] + wv[2] * xo[2]) * (1.0 - ct);
  for (int i = 0; i < 3; i++) xc[i] = xo[i] * ct + c[i] * st + wv[i] * tmp;
  T px = xc[0] / xc[2], py = xc[1] / xc[2], rsq = px * px + py * py;
  T l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
  err[0] = w * (px * l * cam[6] + cam[7] - feat[0]);
  err[1] = w * (py * l * cam[6] + cam[8] - feat[1]);
}

// ---- drivers ----

static Vec concat(const Data &d, std::initializer_list<const char *> names) {
  Vec v;
  for (auto n : names) v.insert(v.end(), d.at(n).begin(), d.at(n).end());
  return v;
}

static Vec direction(int n, int lane) {
  Vec v(n);
  for (int k = 0; k < n; k++) v[k] = std::sin(0.37 * (k + 1) * (lane + 1));
  return v;
}

static double **matrix(int rows, int cols) {
  double **m = new double *[rows];
  for (int i = 0; i < rows; i++) m[i] = new double[cols]();
  return m;
}

static void scalar(const Data &d, Vec x, const std::function<double(const double *)> &f,
                   const std::function<adouble(const adouble *)> &fa) {
  const int n = x.size();
  Vec g(n);
  double y, yd;
  auto tape = [&] {
    trace_on(1);
    std::vector<adouble> ax(n);
    for (int i = 0; i < n; i++) ax[i] <<= x[i];
    adouble ay = fa(ax.data());
    ay >>= y;
    trace_off();
  };
  auto grad = [&] { tape(), gradient(1, n, x.data(), g.data()); };
  grad();
  Vec dir0 = direction(n, 0);
  double **X = matrix(n, 8), **Y = matrix(1, 8);
  for (int l = 0; l < 8; l++) {
    Vec dl = direction(n, l);
    for (int i = 0; i < n; i++) X[i][l] = dl[i];
  }
  auto fwd1 = [&] { fos_forward(1, 1, n, 0, x.data(), dir0.data(), &y, &yd); };
  auto fwd8 = [&] { fov_forward(1, 1, n, 8, x.data(), X, &y, Y); };
  Vec sampled, t1(1), t8(8);
  int m = std::min(n, SAMPLE);
  for (int j = 0; j < m; j++) sampled.push_back(g[(long)j * n / m]);
  fwd1(), t1[0] = yd;
  fwd8();
  for (int l = 0; l < 8; l++) t8[l] = Y[0][l];
  auto primal = [&] { y = f(x.data()); };
  printf("{\"values\": {\"grad\": %s, \"fwd1\": %s, \"fwd8\": %s}, \"runs\": {\"grad\": %s, \"grad_reuse\": %s, "
         "\"fwd1\": %s, \"fwd8\": %s}, \"note\": \"grad: taping + gradient(); grad_reuse: gradient() on the tape\"}\n",
         array(sampled).c_str(), array(t1).c_str(), array(t8).c_str(), compare(primal, grad).c_str(),
         compare(primal, [&] { gradient(1, n, x.data(), g.data()); }).c_str(), compare(primal, fwd1).c_str(),
         compare(primal, fwd8).c_str());
}

// Jacobian sweeps on one tape of m outputs, n inputs: rows by fos_reverse, columns by fos/fov_forward.
// Only the first `c` inputs are differentiated (jac is m × c); the others are data on the tape.
struct Sweeps {
  int m, n, c;
  Vec y, u, z, unit, yd;
  double **X, **Y;
  Sweeps(int m_, int n_, int c_)
      : m(m_), n(n_), c(c_), y(m_), u(m_), z(n_), unit(n_), yd(m_), X(matrix(n_, 8)), Y(matrix(m_, 8)) {}
  void rows(const double *x, double *jac) {  // jac[i * c + j]
    zos_forward(1, m, n, 1, x, y.data());
    for (int i = 0; i < m; i++) {
      std::fill(u.begin(), u.end(), 0.0), u[i] = 1.0;
      fos_reverse(1, m, n, u.data(), z.data());
      std::copy(z.begin(), z.begin() + c, jac + (long)i * c);
    }
  }
  void cols1(const double *x, double *jac) {
    for (int j = 0; j < c; j++) {
      std::fill(unit.begin(), unit.end(), 0.0), unit[j] = 1.0;
      fos_forward(1, m, n, 0, x, unit.data(), y.data(), yd.data());
      for (int i = 0; i < m; i++) jac[(long)i * c + j] = yd[i];
    }
  }
  void cols8(const double *x, double *jac) {
    for (int j = 0; j < c; j += 8) {
      for (int i = 0; i < n; i++)
        for (int l = 0; l < 8; l++) X[i][l] = i == j + l;
      fov_forward(1, m, n, 8, x, X, y.data(), Y);
      for (int i = 0; i < m; i++)
        for (int l = 0; l < 8 && j + l < c; l++) jac[(long)i * c + j + l] = Y[i][l];
    }
  }
};

static void print_jacobian_runs(const Vec &grad, const Vec &fwd1, const Vec &fwd8, const std::string &g,
                                const std::string &f1, const std::string &f8) {
  printf("{\"values\": {\"grad\": %s, \"fwd1\": %s, \"fwd8\": %s}, \"runs\": {\"grad\": %s, \"fwd1\": %s, "
         "\"fwd8\": %s}, \"note\": \"one tape, reused for every sweep\"}\n",
         array(grad).c_str(), array(fwd1).c_str(), array(fwd8).c_str(), g.c_str(), f1.c_str(), f8.c_str());
}

static void dense_jacobian(const Data &d) {
  const int n = d.at("dims")[0];
  Vec x = d.at("x"), y(n), jac(n * n);
  trace_on(1);
  std::vector<adouble> ax(n), ay(n);
  for (int i = 0; i < n; i++) ax[i] <<= x[i];
  vecfun(ax.data(), ay.data(), d);
  for (int i = 0; i < n; i++) ay[i] >>= y[i];
  trace_off();
  Sweeps s(n, n, n);
  auto pick = [&] {
    Vec v;
    for (int k = 0; k < SAMPLE; k++) v.push_back(jac[(long)k * n * n / SAMPLE]);
    return v;
  };
  s.rows(x.data(), jac.data());
  Vec g = pick();
  s.cols1(x.data(), jac.data());
  Vec f1 = pick();
  s.cols8(x.data(), jac.data());
  Vec f8 = pick();
  auto primal = [&] { vecfun(x.data(), y.data(), d); };
  print_jacobian_runs(g, f1, f8, compare(primal, [&] { s.rows(x.data(), jac.data()); }),
                      compare(primal, [&] { s.cols1(x.data(), jac.data()); }),
                      compare(primal, [&] { s.cols8(x.data(), jac.data()); }));
}

static void bundle(const Data &d) {
  const int p = d.at("dims")[0];
  const Vec &cams = d.at("cams"), &pts = d.at("pts"), &w = d.at("weights"), &feats = d.at("feats");
  const Vec &cam_of = d.at("cam_of"), &pt_of = d.at("pt_of");
  auto input = [&](int o, double *in) {
    for (int i = 0; i < 11; i++) in[i] = cams[(long)cam_of[o] * 11 + i];
    for (int i = 0; i < 3; i++) in[11 + i] = pts[(long)pt_of[o] * 3 + i];
    in[14] = w[o], in[15] = feats[(long)o * 2], in[16] = feats[(long)o * 2 + 1];
  };
  double in[17], err[2];
  input(0, in);
  trace_on(1);
  adouble ain[17], aerr[2];
  for (int i = 0; i < 17; i++) ain[i] <<= in[i];
  reproj(ain, aerr);
  for (int i = 0; i < 2; i++) aerr[i] >>= err[i];
  trace_off();
  // The feature is an input of the tape (so that one tape serves every observation), not differentiated.
  Sweeps s(2, 17, 15);
  Vec jac((long)p * 30), errs((long)p * 2);
  auto all = [&](void (Sweeps::*sweep)(const double *, double *)) {
    for (int o = 0; o < p; o++) input(o, in), (s.*sweep)(in, &jac[(long)o * 30]);
  };
  const int checked[3] = {0, p / 2, p - 1};
  auto pick = [&] {
    Vec v;
    for (int c : checked) v.insert(v.end(), &jac[(long)c * 30], &jac[(long)c * 30] + 30);
    return v;
  };
  all(&Sweeps::rows);
  Vec g = pick();
  all(&Sweeps::cols1);
  Vec f1 = pick();
  all(&Sweeps::cols8);
  Vec f8 = pick();
  auto primal = [&] {
    for (int o = 0; o < p; o++) input(o, in), reproj(in, &errs[(long)o * 2]);
  };
  print_jacobian_runs(g, f1, f8, compare(primal, [&] { all(&Sweeps::rows); }),
                      compare(primal, [&] { all(&Sweeps::cols1); }), compare(primal, [&] { all(&Sweeps::cols8); }));
}

int main(int argc, char **argv) {
  if (argc < 3) return fprintf(stderr, "usage: adolc_peers FAMILY INPUTS.txt\n"), 2;
  std::string family = argv[1];
  Data d = read_data(argv[2]);
#define SCALAR(F, ...) scalar(d, concat(d, {__VA_ARGS__}), [&](const double *x) { return F<double>(x, d); }, \
                              [&](const adouble *x) { return F<adouble>(x, d); })
  if (family == "gmm") SCALAR(gmm, "alphas", "means", "qs", "ls");
  else if (family == "lstm") SCALAR(lstm, "main_params", "extra_params");
  else if (family == "ode") SCALAR(ode, "p", "u0", "v0");
  else if (family == "fft") SCALAR(fft, "xr", "xi");
  else if (family == "jacobian") dense_jacobian(d);
  else if (family == "ba") bundle(d);
  else return fprintf(stderr, "adolc_peers: no family %s\n", family.c_str()), 2;
  return 0;
}
