// TEST: split mode (__enzyme_augmentfwd / __enzyme_reverse) on method-like free functions taking a struct pointer: a Particle system whose step() writes its state in place through `this` (std::array members, an operator-overloaded Vec2, a private helper), the augmented pass and the reverse pass called from different member functions of a driver class holding the tape, the state overwritten between the two calls, a second function returning a double with an enzyme_out parameter; gradients against finite differences, and combined mode against split mode
#include <array>
#include <cmath>
#include <cstring>

#include "include/ck_array.h"
#include "include/ck_split.h"

extern "C" {
void *__enzyme_augmentfwd(void *, ...);
ck_aug __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
double __enzyme_reverse_d(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_autodiff(void *, ...);
}

struct Vec2 {
  double x, y;
  Vec2 operator+(Vec2 o) const { return {x + o.x, y + o.y}; }
  Vec2 operator*(double s) const { return {x * s, y * s}; }
  double norm2() const { return x * x + y * y; }
};

struct System {
  std::array<Vec2, 3> pos, vel;
  double stiffness;
  Vec2 force(int i) const {
    Vec2 f{0, 0};
    for (int j = 0; j < 3; j++) {
      if (j == i) continue;
      Vec2 d = pos[j] + pos[i] * -1.0;
      double r2 = d.norm2() + 0.1;
      f = f + d * (stiffness / std::sqrt(r2));
    }
    return f;
  }
};

// "system_step(this, dt)": in place, void.
static void system_step(System *s, double dt) {
  std::array<Vec2, 3> f;
  for (int i = 0; i < 3; i++) f[i] = s->force(i);
  for (int i = 0; i < 3; i++) {
    s->vel[i] = s->vel[i] + f[i] * dt;
    s->pos[i] = s->pos[i] + s->vel[i] * dt;
  }
}

// "system_energy(this, k)": a double result and an active scalar.
static double system_energy(const System *s, double k) {
  double e = 0;
  for (int i = 0; i < 3; i++) e += 0.5 * s->vel[i].norm2() + k * std::log1p(s->pos[i].norm2());
  return e;
}

class Driver {
 public:
  void forward(System *s, System *ds, double dt) { tape_ = __enzyme_augmentfwd((void *)system_step, enzyme_dup, s, ds, enzyme_const, dt); }
  void backward(System *s, System *ds, double dt) { __enzyme_reverse((void *)system_step, enzyme_dup, s, ds, enzyme_const, dt, tape_); }

 private:
  void *tape_ = nullptr;
};

static System S0;
static double Wp[12], Wv[12];
static void pack(const System &s, double *out) {
  for (int i = 0; i < 3; i++) {
    out[4 * i] = s.pos[i].x, out[4 * i + 1] = s.pos[i].y, out[4 * i + 2] = s.vel[i].x, out[4 * i + 3] = s.vel[i].y;
  }
}
static void unpack(const double *in, System &s) {
  for (int i = 0; i < 3; i++) s.pos[i] = {in[4 * i], in[4 * i + 1]}, s.vel[i] = {in[4 * i + 2], in[4 * i + 3]};
}
// <w, step(x)>
static double F_step(double *x) {
  System s = S0;
  unpack(x, s);
  system_step(&s, 0.1);
  double y[12];
  pack(s, y);
  return ck_dot(Wp, y, 12);
}
static double F_energy(double *x) {
  System s = S0;
  unpack(x, s);
  return system_energy(&s, 0.7);
}
static double F_energy_k(double k) { return system_energy(&S0, k); }

int main() {
  S0.stiffness = 0.8;
  for (int i = 0; i < 3; i++) S0.pos[i] = {std::cos(2.1 * i), std::sin(2.1 * i) + 0.2 * i}, S0.vel[i] = {0.1 * i, -0.2};
  for (int i = 0; i < 12; i++) Wp[i] = std::sin(0.7 * i + 0.3), Wv[i] = 0.0;

  // Split mode through the driver; the primal state is clobbered between the two passes.
  System s = S0, ds{};
  ds.stiffness = 0.0;
  Driver drv;
  drv.forward(&s, &ds, 0.1);
  System after = s;
  for (int i = 0; i < 3; i++) s.pos[i] = {100.0, -100.0}, s.vel[i] = {7.0, 7.0};
  double w[12];
  memcpy(w, Wp, sizeof w);
  for (int i = 0; i < 3; i++) ds.pos[i] = {w[4 * i], w[4 * i + 1]}, ds.vel[i] = {w[4 * i + 2], w[4 * i + 3]};
  s = after;  // the reverse pass sees the state after the step, as the caller left it
  drv.backward(&s, &ds, 0.1);
  double g[12], x0[12];
  pack(ds, g);
  pack(S0, x0);
  ck_gradient("split step through a driver class", g, F_step, x0, 12);

  // Combined mode on the same step gives the same gradient.
  System c = S0, dc{};
  for (int i = 0; i < 3; i++) dc.pos[i] = {w[4 * i], w[4 * i + 1]}, dc.vel[i] = {w[4 * i + 2], w[4 * i + 3]};
  __enzyme_autodiff((void *)system_step, enzyme_dup, &c, &dc, enzyme_const, 0.1);
  double gc[12];
  pack(dc, gc);
  for (int i = 0; i < 12; i++) CHECK("combined step = split step", gc[i], g[i]);
  CHECK("split: d/dstiffness = combined", ds.stiffness, dc.stiffness);

  // A double result with an active scalar: augmented {tape, primal}, reverse returns d/dk.
  System e = S0, de{};
  ck_aug a = __enzyme_augmentfwd_d((void *)system_energy, enzyme_dup, &e, &de, 0.7);
  CHECK_PRIMAL("split energy: primal", a.primal, system_energy(&S0, 0.7));
  double dk = __enzyme_reverse_d((void *)system_energy, enzyme_dup, &e, &de, 0.7, 1.0, a.tape);
  CHECK("split energy: d/dk", dk, ck_fd1(F_energy_k, 0.7));
  double ge[12];
  pack(de, ge);
  ck_gradient("split energy", ge, F_energy, x0, 12);
  return ck_done();
}
