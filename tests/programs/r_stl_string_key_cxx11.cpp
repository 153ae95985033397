// TEST: reverse and forward mode through a std::unordered_map<std::string, double> passed with enzyme_dup and updated in place through operator[] with string-literal keys, built as C++11 without exceptions (the key's characters moved into a new node by a memcpy of unknown length, next to the node's double, of which type analysis knows only the NUL the moved-from key gets); gradient against finite differences and against forward mode (dot-product test)
// CFLAGS: -std=c++11 -fno-exceptions
#include <string>
#include <unordered_map>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

typedef std::unordered_map<std::string, double> Table;

static void step(Table &t) {
  t["u"] = t["u"] * t["v"] + sin(t["u"]);
  t["v"] = t["v"] * t["v"] - 0.5 * t["u"];
}

static Table make(const double *x) {
  Table t;
  t["u"] = x[0];
  t["v"] = x[1];
  return t;
}

static const double W[2] = {0.7, -1.3};

static double weighted(double *x) {
  Table t = make(x);
  step(t);
  return W[0] * t["u"] + W[1] * t["v"];
}

int main() {
  double x[2] = {0.9, -0.4};
  Table t = make(x), dt;
  dt["u"] = W[0];
  dt["v"] = W[1];
  __enzyme_autodiff((void *)step, enzyme_dup, &t, &dt);
  double jtw[2] = {dt["u"], dt["v"]};
  ck_gradient("string-keyed table reverse", jtw, weighted, x, 2);

  double v[2] = {0.4, 1.1};
  Table t2 = make(x), vt = make(v);
  __enzyme_fwddiff((void *)step, enzyme_dup, &t2, &vt);
  double jv[2] = {vt["u"], vt["v"]};
  ck_dot_test("string-keyed table", W, jv, 2, jtw, v, 2);
  return ck_done();
}
