/* The kernels shared by the standard-library programs (r_stl_*.cpp in reverse mode with a
   dot-product test against forward mode, stl_*.cpp in forward mode): code an Enzyme user writes
   with the containers, differentiated as it is.
   - string_maps: std::unordered_map<std::string, double> and std::unordered_map<int, double>
     built inside the function from the inputs (the keys' characters copied into each node's
     small-string buffer beside the node's double; one key longer than that buffer lives on the
     heap), read with operator[], at and find; a std::map<std::string, double> of parameters
     passed with enzyme_dup, read with at, find and iteration.
   - update: a std::unordered_map<std::string, double> passed with enzyme_dup and updated in
     place through operator[] (several outputs).
   - vectors: std::vector<std::vector<double>>, push_back and resize inside the function,
     std::accumulate (with a lambda) and std::inner_product, a copy of a vector, and a
     std::vector<double> passed with enzyme_dup.
   - misc: std::array, std::pair, std::tuple, std::sort of inactive ints (an index order by a
     constant key), std::unique_ptr<double[]>, a std::string used only as a label. */
#ifndef STL_KERNELS_H
#define STL_KERNELS_H

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

/* ---- string_maps -------------------------------------------------------------------------- */

#define SM_N 4
static const char *const sm_names[SM_N] = {"alpha", "beta", "a_key_longer_than_fifteen", "g"};

static double sm_model(const double *x) {
  std::unordered_map<std::string, double> hashed;
  std::unordered_map<int, double> by_id;
  for (int i = 0; i < SM_N; i++) {
    hashed[std::string(sm_names[i])] = sin(x[i]) + 0.5 * x[(i + 1) % SM_N];
    by_id[7 * i + 3] += x[i];
    by_id[3] += 0.25 * x[i] * x[i];
  }
  double s = 0.0;
  for (int i = 0; i < SM_N; i++) s = 0.7 * s + x[i] * hashed.at(sm_names[i]);
  s += hashed["beta"] * by_id[10] + hashed.find("g")->second * by_id.at(3);
  return s;
}

/* The model scaled and shifted by named parameters from a std::map the caller owns, and each
   parameter weighted by the length of its name (an inactive use of the key). */
static double sm_objective(const double *x, const std::map<std::string, double> *p) {
  double s = p->at("scale") * sm_model(x) + p->find("shift")->second * x[0] * x[0];
  for (const auto &kv : *p) s += 0.1 * kv.first.size() * kv.second * x[1];
  return s;
}

static std::map<std::string, double> sm_params(double scale, double shift) {
  std::map<std::string, double> p;
  p["scale"] = scale;
  p["shift"] = shift;
  return p;
}

/* sm_objective over x followed by the two parameters. */
static double sm_flat(double *xp) {
  std::map<std::string, double> p = sm_params(xp[SM_N], xp[SM_N + 1]);
  return sm_objective(xp, &p);
}

/* ---- update ------------------------------------------------------------------------------- */

static void up_update(std::unordered_map<std::string, double> &d) {
  d["x"] = d["x"] * d["y"] + d["z"];
  d["y"] = sin(d["y"]) * d["x"];
  d["total"] = d["x"] + d["y"] + d["z"];
}

#define UP_N 3
static const char *const up_in[UP_N] = {"x", "y", "z"};
static const char *const up_out[4] = {"x", "y", "z", "total"};

static std::unordered_map<std::string, double> up_make(const double *v) {
  std::unordered_map<std::string, double> d;
  for (int i = 0; i < UP_N; i++) d[up_in[i]] = v[i];
  d["total"] = 0.0;
  return d;
}

/* ---- vectors ------------------------------------------------------------------------------ */

#define VE_N 4

static double ve_model(const double *x, const std::vector<double> *c) {
  int n = VE_N;
  std::vector<std::vector<double>> m(n, std::vector<double>(n));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) m[i][j] = x[i] * x[j] * (*c)[j] + (i == j ? 1.0 : 0.0);
  std::vector<double> v;
  for (int i = 0; i < n; i++) v.push_back(std::inner_product(m[i].begin(), m[i].end(), x, 0.0));
  v.resize(n + 2, 0.5);
  v[n] *= x[1] * v[0];
  v[n + 1] = std::accumulate(x, x + n, 0.0);
  std::vector<double> w(v);
  w.push_back(cos(w[2]));
  return std::accumulate(w.begin(), w.end(), 0.0, [](double a, double b) { return 0.9 * a + b * b; });
}

/* ve_model over x followed by the coefficients. */
static double ve_flat(double *xc) {
  std::vector<double> c(xc + VE_N, xc + 2 * VE_N);
  return ve_model(xc, &c);
}

/* ---- misc --------------------------------------------------------------------------------- */

#define MI_N 5
static const int mi_rank[MI_N] = {40, 10, 50, 20, 30};

static std::pair<double, double> mi_split(double a, double b) { return std::make_pair(a + b, a * b); }

static std::tuple<double, int, double> mi_stats(const double *x, int n) {
  double lo = x[0], sum = 0.0;
  for (int i = 0; i < n; i++) {
    lo = std::min(lo, x[i]);
    sum += x[i];
  }
  return std::make_tuple(lo, n, sum);
}

static double mi_model(const double *x) {
  const int n = MI_N;
  std::string label = "weighted";
  std::array<double, 3> a = {x[0], x[1] * x[2], exp(0.3 * x[3])};
  auto [s, p] = mi_split(a[0], a[1]);
  auto t = mi_stats(x, n);
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [](int i, int j) { return mi_rank[i] < mi_rank[j]; });
  std::unique_ptr<double[]> buf(new double[n]);
  for (int k = 0; k < n; k++) buf[k] = x[order[k]] * (k + 1);
  double r = 0.0;
  for (int k = 0; k < n; k++) r = r * 0.8 + buf[k] * buf[k];
  double weight = label.size() == 8 && label[0] == 'w' ? 1.5 : 1.0;
  return weight * r + s * p + std::get<0>(t) * std::get<2>(t) / std::get<1>(t) + a[2] * a[0];
}

static double mi_flat(double *x) { return mi_model(x); }

#endif
