// Catalase example: sensitivities of an ODE solution by forward-mode AD.
//
// Lotka-Volterra predator-prey system
//     x' = alpha*x - beta*x*y        (prey)
//     y' = delta*x*y - gamma*y       (predators)
// integrated with classical RK4.  __enzyme_fwddiff differentiates the whole
// integrator: the final state with respect to the initial prey population x0
// and the prey growth rate alpha, once per direction and then both at once with
// enzyme_width 2.  Each derivative is compared with a central finite difference.
//
// Build (plugin):  clang-22 -O2 -fpass-plugin=target/release/libcatalase_plugin.so examples/ode.c -lm
// Build (CLI):     clang-22 -O2 -S -emit-llvm examples/ode.c -o ode.ll
//                  target/release/catalase opt ode.ll -o ode.ad.ll && clang-22 -O2 ode.ad.ll -lm
#include <math.h>
#include <stdio.h>

extern int enzyme_dup, enzyme_const, enzyme_width;
void __enzyme_fwddiff(void *, ...);

enum { ALPHA, BETA, DELTA, GAMMA, NPARAM };

static void rhs(const double *s, const double *p, double *ds) {
  ds[0] = p[ALPHA] * s[0] - p[BETA] * s[0] * s[1];
  ds[1] = p[DELTA] * s[0] * s[1] - p[GAMMA] * s[1];
}

/* Integrates from s0 over `steps` RK4 steps of size h; writes the final state. */
void simulate(const double *s0, double *out, const double *p, int steps) {
  const double h = 0.01;
  double s[2] = {s0[0], s0[1]}, k1[2], k2[2], k3[2], k4[2], t[2];
  for (int n = 0; n < steps; n++) {
    rhs(s, p, k1);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * h * k1[i];
    rhs(t, p, k2);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * h * k2[i];
    rhs(t, p, k3);
    for (int i = 0; i < 2; i++) t[i] = s[i] + h * k3[i];
    rhs(t, p, k4);
    for (int i = 0; i < 2; i++) s[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
  out[0] = s[0];
  out[1] = s[1];
}

#define STEPS 1000 /* t = 10 */
static const double S0[2] = {10.0, 5.0};
static const double P0[NPARAM] = {1.1, 0.4, 0.1, 0.4};

/* Central difference of output `which` along (d_s0, d_p). */
static double finite_difference(const double *ds0, const double *dp, int which) {
  double h = 1e-6, sp[2], sm[2], pp[NPARAM], pm[NPARAM], op[2], om[2];
  for (int i = 0; i < 2; i++) { sp[i] = S0[i] + h * ds0[i]; sm[i] = S0[i] - h * ds0[i]; }
  for (int i = 0; i < NPARAM; i++) { pp[i] = P0[i] + h * dp[i]; pm[i] = P0[i] - h * dp[i]; }
  simulate(sp, op, pp, STEPS);
  simulate(sm, om, pm, STEPS);
  return (op[which] - om[which]) / (2.0 * h);
}

static int bad = 0;
static void row(const char *quantity, double ad, double fd) {
  double rel = fabs(ad - fd) / fmax(fabs(fd), 1e-12);
  if (!(rel < 1e-5)) bad++;
  printf("%-26s | %20.12e | %20.12e | %9.2e\n", quantity, ad, fd, rel);
}

int main(void) {
  double out[2];
  simulate(S0, out, P0, STEPS);
  printf("Lotka-Volterra, RK4, %d steps: x(T) = %.6f, y(T) = %.6f\n\n", STEPS, out[0], out[1]);
  printf("%-26s | %20s | %20s | %9s\n", "quantity", "Catalase derivative", "finite difference",
         "rel. error");
  printf("---------------------------+----------------------+----------------------+----------\n");

  /* Direction 1: initial prey x0.  Direction 2: growth rate alpha. */
  const double e_x0[2] = {1.0, 0.0}, no_s[2] = {0.0, 0.0};
  const double e_alpha[NPARAM] = {1.0, 0.0, 0.0, 0.0}, no_p[NPARAM] = {0.0, 0.0, 0.0, 0.0};
  double dout[2], dout2[2];

  __enzyme_fwddiff((void *)simulate, enzyme_dup, S0, e_x0, enzyme_dup, out, dout,
                   enzyme_dup, P0, no_p, enzyme_const, STEPS);
  row("d x(T) / d x0", dout[0], finite_difference(e_x0, no_p, 0));
  row("d y(T) / d x0", dout[1], finite_difference(e_x0, no_p, 1));

  __enzyme_fwddiff((void *)simulate, enzyme_dup, S0, no_s, enzyme_dup, out, dout,
                   enzyme_dup, P0, e_alpha, enzyme_const, STEPS);
  row("d x(T) / d alpha", dout[0], finite_difference(no_s, e_alpha, 0));
  row("d y(T) / d alpha", dout[1], finite_difference(no_s, e_alpha, 1));

  /* Both directions in one pass: enzyme_width 2, one shadow per lane. */
  __enzyme_fwddiff((void *)simulate, enzyme_width, 2,
                   enzyme_dup, S0, e_x0, no_s,
                   enzyme_dup, out, dout, dout2,
                   enzyme_dup, P0, no_p, e_alpha,
                   enzyme_const, STEPS);
  row("d x(T) / d x0    (width 2)", dout[0], finite_difference(e_x0, no_p, 0));
  row("d y(T) / d alpha (width 2)", dout2[1], finite_difference(no_s, e_alpha, 1));

  printf("\n%s\n", bad ? "MISMATCH: some derivatives disagree with finite differences"
                       : "all derivatives agree with finite differences");
  return bad ? 1 : 0;
}
