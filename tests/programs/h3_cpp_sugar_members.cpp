// TEST: the C++ interface <enzyme/enzyme> on member functions the way users call them: a capture-free lambda forwarding to a const method (Duplicated model by reference, Active scalar), a capturing lambda over an object (its members' gradients through the closure's shadow are not wanted: Const object), a static member function, a template method instantiated for two activities, ReverseWithPrimal returning {gradients, primal}, gradients gathered into a user struct through structured bindings, and Forward mode on the same lambdas for the dot-product test
#include "include/catalase_check.h"

#include <enzyme/enzyme>

#include <cmath>

namespace phys {
struct Pendulum {
  double length, damping;
  static double gravity() { return 9.81; }
  double energy(double theta, double omega) const {
    return 0.5 * length * length * omega * omega + gravity() * length * (1.0 - std::cos(theta));
  }
  double step(double theta, double omega, double dt) const {
    for (int i = 0; i < 8; i++) {
      omega -= dt * (gravity() / length * std::sin(theta) + damping * omega);
      theta += dt * omega;
    }
    return energy(theta, omega);
  }
  template <class T>
  T scaled(T s) const { return s * length + std::exp(-damping * s); }
  static double kinetic(double m, double v) { return 0.5 * m * v * v; }
};
}  // namespace phys

struct Grads {
  double dtheta, domega;
};

static double P_step_theta(double t) { return phys::Pendulum{1.3, 0.2}.step(t, -0.4, 0.05); }
static double P_step_omega(double w) { return phys::Pendulum{1.3, 0.2}.step(0.7, w, 0.05); }
static double P_step_len(double l) { return phys::Pendulum{l, 0.2}.step(0.7, -0.4, 0.05); }
static double P_step_damp(double d) { return phys::Pendulum{1.3, d}.step(0.7, -0.4, 0.05); }
static double P_scaled(double s) { return phys::Pendulum{1.3, 0.2}.scaled(s); }
static double P_kin_m(double m) { return phys::Pendulum::kinetic(m, 2.5); }
static double P_kin_v(double v) { return phys::Pendulum::kinetic(1.5, v); }

int main() {
  phys::Pendulum p{1.3, 0.2};
  auto step = [](const phys::Pendulum &q, double theta, double omega) { return q.step(theta, omega, 0.05); };

  // Model by reference (its gradient into dp), two Active scalars, gathered into a struct.
  phys::Pendulum dp{0.0, 0.0};
  auto g = enzyme::autodiff<enzyme::Reverse>(step, enzyme::Duplicated<const phys::Pendulum &>{p, dp},
                                              enzyme::Active{0.7}, enzyme::Active{-0.4});
  auto [unused, gt, gw] = enzyme::get<0>(g);
  (void)unused;
  Grads grads{gt, gw};
  CHECK("method through lambda: d/dtheta", grads.dtheta, ck_fd1(P_step_theta, 0.7));
  CHECK("method through lambda: d/domega", grads.domega, ck_fd1(P_step_omega, -0.4));
  CHECK("method through lambda: d/dlength (shadow object)", dp.length, ck_fd1(P_step_len, 1.3));
  CHECK("method through lambda: d/ddamping (shadow object)", dp.damping, ck_fd1(P_step_damp, 0.2));

  // Dot-product test: forward along (v_len, v_damp, v_theta, v_omega) against the gradient.
  phys::Pendulum tp{0.5, -1.5};
  double jv = enzyme::get<0>(enzyme::autodiff<enzyme::Forward>(step, enzyme::Duplicated<const phys::Pendulum &>{p, tp},
                                                                enzyme::Duplicated{0.7, 0.25}, enzyme::Duplicated{-0.4, 2.0}));
  CHECK("method through lambda: <J^T 1, v> = J v", dp.length * 0.5 + dp.damping * -1.5 + gt * 0.25 + gw * 2.0, jv);

  // A capturing lambda over the object; the object constant, ReverseWithPrimal.
  auto captured = [&p](double theta) { return p.step(theta, -0.4, 0.05); };
  auto gp = enzyme::autodiff<enzyme::ReverseWithPrimal>(captured, enzyme::Active{0.7});
  CHECK("capturing lambda: d/dtheta", enzyme::get<0>(enzyme::get<0>(gp)), ck_fd1(P_step_theta, 0.7));
  CHECK_PRIMAL("capturing lambda: primal", enzyme::get<1>(gp), P_step_theta(0.7));

  // A static member function passed directly.
  auto gk = enzyme::autodiff<enzyme::Reverse>(phys::Pendulum::kinetic, enzyme::Active{1.5}, enzyme::Active{2.5});
  CHECK("static member: d/dm", enzyme::get<0>(enzyme::get<0>(gk)), ck_fd1(P_kin_m, 1.5));
  CHECK("static member: d/dv", enzyme::get<1>(enzyme::get<0>(gk)), ck_fd1(P_kin_v, 2.5));
  auto gk2 = enzyme::autodiff<enzyme::Reverse>(phys::Pendulum::kinetic, enzyme::Const{1.5}, enzyme::Active{2.5});
  CHECK("static member, mass const: d/dv", enzyme::get<1>(enzyme::get<0>(gk2)), ck_fd1(P_kin_v, 2.5));

  // A template method, instantiated for double (Active) and float (Duplicated by reference).
  auto sc = [](const phys::Pendulum &q, double s) { return q.scaled(s); };
  auto gs = enzyme::autodiff<enzyme::Reverse>(sc, enzyme::Const<const phys::Pendulum &>{p}, enzyme::Active{0.8});
  CHECK("template method<double>: d/ds", enzyme::get<1>(enzyme::get<0>(gs)), ck_fd1(P_scaled, 0.8));
  auto scf = [](const phys::Pendulum &q, const float &s) { return q.scaled<float>(s); };
  const float sf = 0.8f;
  float dsf = 0.0f;
  enzyme::autodiff<enzyme::Reverse>(scf, enzyme::Const<const phys::Pendulum &>{p}, enzyme::Duplicated<const float &>{sf, dsf});
  CHECK_F32("template method<float>: d/ds", dsf, ck_fd1(P_scaled, (double)sf));
  return ck_done();
}
