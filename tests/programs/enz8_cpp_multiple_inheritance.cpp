// TEST: reverse and forward mode through C++ class hierarchies with multiple and virtual inheritance, as physics codes model materials and boundary terms: an interface pair (Energy, Named) mixed into concrete terms, calls through a pointer to the second base (this-adjusting thunks), a diamond with a virtual base holding an active stiffness read through the virtual-base offset in the vtable, dynamic_cast-free dispatch over an array of base pointers to objects built by placement new in a local buffer and destroyed explicitly; gradients with respect to the state and the stiffness parameters against finite differences, dot-product test against forward mode
#include <cmath>
#include <new>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Named {
  virtual const char *name() const { return "term"; }
  virtual ~Named() {}
  int id = 0;
};
struct Energy {
  virtual double energy(const double *x) const = 0;
  virtual ~Energy() {}
};

struct Spring : Named, Energy {
  double k;
  int a, b;
  Spring(double kk, int i, int j) : k(kk), a(i), b(j) {}
  const char *name() const override { return "spring"; }
  double energy(const double *x) const override { double d = x[a] - x[b] - 1.0; return 0.5 * k * d * d; }
};

struct Pinned : Named, Energy {
  double w;
  int i;
  Pinned(double ww, int ii) : w(ww), i(ii) {}
  double energy(const double *x) const override { return w * std::log(std::cosh(x[i])); }
};

/* a diamond: Material virtual base with the active modulus */
struct Material {
  double modulus;
  explicit Material(double m) : modulus(m) {}
  virtual ~Material() {}
};
struct Elastic : virtual Material {
  Elastic() : Material(0) {}
  virtual double strain_energy(double e) const { return 0.5 * modulus * e * e; }
};
struct Viscous : virtual Material {
  Viscous() : Material(0) {}
  double damping(double r) const { return 0.1 * modulus * r * r * r * r; }
};
struct Combined : Elastic, Viscous, Energy {
  int i;
  Combined(double m, int ii) : Material(m), i(ii) {}
  double strain_energy(double e) const override { return Elastic::strain_energy(e) + damping(e); }
  double energy(const double *x) const override { return strain_energy(x[i] - 0.2 * x[(i + 1) % 4]); }
};

static double total(const double *x, const double *params) {
  alignas(16) unsigned char buf[4][sizeof(Combined) + sizeof(Spring)];
  Energy *terms[6];
  Named *names[3];
  Spring *s1 = new (buf[0]) Spring(params[0], 0, 1);
  Spring *s2 = new (buf[1]) Spring(params[1], 1, 2);
  Pinned *p = new (buf[2]) Pinned(params[2], 3);
  Combined *c = new (buf[3]) Combined(params[3], 2);
  terms[0] = s1; terms[1] = s2; terms[2] = p; terms[3] = c;
  Spring local(0.5 * params[0], 2, 3);
  Combined local_c(params[3] * params[3], 0);
  terms[4] = &local;
  terms[5] = &local_c;
  names[0] = s1; names[1] = p; names[2] = &local;
  double e = 0.0;
  for (int t = 0; t < 6; t++) e += terms[t]->energy(x);
  for (int t = 0; t < 3; t++) e += 0.01 * names[t]->name()[0] * x[t];
  Material *m = c; /* through the virtual-base offset */
  e += 0.05 * m->modulus * x[0];
  s1->~Spring(); s2->~Spring(); p->~Pinned(); c->~Combined();
  return e;
}

static double gx[4], gp[4];
static double Fx(double *x) { return total(x, gp); }
static double Fp(double *p) { return total(gx, p); }

int main() {
  double x[4] = {0.4, -0.9, 1.3, 0.2}, p[4] = {2.0, 1.5, 0.7, 1.2};
  memcpy(gx, x, sizeof x);
  memcpy(gp, p, sizeof p);
  double dx[4] = {0}, dp[4] = {0}, vx[4] = {0.3, 0.1, -0.2, 0.5}, vp[4] = {-0.4, 0.2, 0.6, 0.1};
  __enzyme_autodiff((void *)total, enzyme_dup, x, dx, enzyme_dup, p, dp);
  ck_gradient("inheritance: d/dx", dx, Fx, x, 4);
  ck_gradient("inheritance: d/dparams", dp, Fp, p, 4);
  double jv = __enzyme_fwddiff((void *)total, enzyme_dup, x, vx, enzyme_dup, p, vp);
  CHECK("inheritance: dot test", ck_dot(dx, vx, 4) + ck_dot(dp, vp, 4), jv);
  return ck_done();
}
