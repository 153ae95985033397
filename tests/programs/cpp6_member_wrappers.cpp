// TEST: reverse and forward mode on member functions differentiated through free wrappers, the way users call Enzyme on methods: a Spring chain class template over the scalar type (instantiated for double and float) whose const energy() method is called by a wrapper taking the object by pointer with enzyme_dup against a shadow object (its std::vector<T> of rest lengths and its T stiffness member active), a mutating step() method through a second wrapper (the state written in place through `this`), and a CRTP base calling the derived class's energy through static_cast; gradients against finite differences of the members, the dot-product test against forward mode
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_autodifff(void *, ...) __asm__("__enzyme_autodiff");
}

#define M 4

template <class Derived, class T>
struct Potential {
  T total(const T *pos) const { return static_cast<const Derived *>(this)->energy(pos) + T(0.1) * pos[0] * pos[0]; }
};

template <class T>
struct Chain : Potential<Chain<T>, T> {
  std::vector<T> rest;
  T k;
  T pos[M];
  T energy(const T *p) const {
    T e = 0;
    for (size_t i = 0; i + 1 < M; i++) {
      T d = p[i + 1] - p[i] - rest[i];
      e += T(0.5) * k * d * d + T(0.01) * d * d * d * d;
    }
    return e;
  }
  void step(T dt) {
    /* one gradient-descent step on the positions */
    T g[M] = {};
    for (size_t i = 0; i + 1 < M; i++) {
      T d = pos[i + 1] - pos[i] - rest[i];
      T f = k * d + T(0.04) * d * d * d;
      g[i] -= f;
      g[i + 1] += f;
    }
    for (int i = 0; i < M; i++) pos[i] -= dt * g[i];
  }
};

template <class T>
static T energy_of(const Chain<T> *c) {
  return c->total(c->pos);
}

template <class T>
static T after_steps(Chain<T> *c) {
  for (int s = 0; s < 3; s++) c->step(T(0.1));
  return c->energy(c->pos) + c->pos[M - 1] * c->pos[M - 1];
}

/* the parameters x = (rest[0..2], k, pos[0..3]) */
#define N (M - 1 + 1 + M)
template <class T>
static Chain<T> make(const double *x) {
  Chain<T> c;
  for (int i = 0; i < M - 1; i++) c.rest.push_back(T(x[i]));
  c.k = T(x[M - 1]);
  for (int i = 0; i < M; i++) c.pos[i] = T(x[M + i]);
  return c;
}
template <class T>
static void unpack(const Chain<T> &c, double *g) {
  for (int i = 0; i < M - 1; i++) g[i] = c.rest[i];
  g[M - 1] = c.k;
  for (int i = 0; i < M; i++) g[M + i] = c.pos[i];
}

static double F_energy(double *x) {
  Chain<double> c = make<double>(x);
  return energy_of(&c);
}
static double F_steps(double *x) {
  Chain<double> c = make<double>(x);
  return after_steps(&c);
}

static double energy_d(Chain<double> *c) { return energy_of(c); }
static double steps_d(Chain<double> *c) { return after_steps(c); }
static float energy_f(Chain<float> *c) { return energy_of(c); }

template <double (*f)(Chain<double> *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], g[N], v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  Chain<double> c = make<double>(x), dc = make<double>(x), tc = make<double>(v);
  for (auto &r : dc.rest) r = 0.0;
  dc.k = 0.0;
  for (double &p : dc.pos) p = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, &c, &dc);
  unpack(dc, g);
  ck_gradient(what, g, F, x, N);
  Chain<double> c2 = make<double>(x);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, &c2, &tc);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(g, v, N), jv);
}


int main() {
  const double x0[N] = {0.9, 1.1, 0.8, 2.5, 0.1, 1.2, 2.0, 3.3};
  check<energy_d>("member energy via wrapper", F_energy, x0);
  check<steps_d>("mutating member steps via wrapper", F_steps, x0);
  /* float instantiation: the gradient against the double finite differences */
  double x[N], g[N];
  for (int i = 0; i < N; i++) x[i] = x0[i];
  Chain<float> c = make<float>(x), dc = make<float>(x);
  for (auto &r : dc.rest) r = 0.0f;
  dc.k = 0.0f;
  for (float &p : dc.pos) p = 0.0f;
  __enzyme_autodifff((void *)energy_f, enzyme_dup, &c, &dc);
  unpack(dc, g);
  for (int i = 0; i < N; i++) {
    char label[80];
    snprintf(label, sizeof label, "float member energy: d/dx[%d]", i);
    CHECK_F32(label, g[i], ck_fd_partial(F_energy, x, i));
  }
  return ck_done();
}
