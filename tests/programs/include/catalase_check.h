/*
 * catalase_check.h - shared checking helpers for the tests/programs corpus.
 *
 * Every program in tests/programs computes derivatives with __enzyme_fwddiff and
 * compares each one with a central finite difference computed in the same
 * program, in double precision:
 *
 *     fd = (f(x + h*v) - f(x - h*v)) / (2h),   h = CK_H * max(1, |x|)
 *
 * Error of the central difference (Taylor): |fd - f'| <= h^2/6 * |f'''| + eps*|f|/h.
 * With CK_H = 1e-5 the two terms are 1.7e-11*|f'''| and 2.2e-11*|f|.  The tests
 * keep inputs and function values of order 1..100, so we allow a factor
 * CK_SAFETY = 1e4 over the unit-scale bound:
 *
 *     CK_TOL = CK_SAFETY * (CK_H^2 + DBL_EPSILON / CK_H)  ~= 1.2e-6
 *
 * and a check passes when |ad - fd| <= CK_TOL * max(1, |fd|).  The scale uses
 * only the finite difference (never the value under test), so a wrong
 * derivative cannot widen its own tolerance.  Any missing or wrong term of
 * relative size above ~1e-6 fails.
 *
 * float programs compute the finite difference from a double version of the
 * same kernel; the float derivative itself carries float rounding (a few ulp
 * over the short kernels used), so they use
 *     CK_TOL_F32 = CK_TOL + 32*FLT_EPSILON ~= 5.0e-6,
 * still far below the size of any dropped term.
 *
 * Measured margins (every program run against real Enzyme with
 * tests/harness/enzyme_crosscheck.py): worst double error 6.3e-9 relative (190x below CK_TOL), worst float
 * error 7.4e-8 relative (65x below CK_TOL_F32).
 *
 * CHECK_PRIMAL compares a primal value returned next to a derivative with the
 * plain call (tolerance 1e-12 relative: the same arithmetic, maybe reassociated).
 *
 * Every check prints one line; ck_done() prints the summary and returns the
 * process exit status (0 only when every check passed and at least one ran).
 */
#ifndef CATALASE_CHECK_H
#define CATALASE_CHECK_H

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif
/* Activity markers (ABI.md section 3).  Only the symbol names matter. */
extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_width,
    enzyme_dupv, enzyme_dupnoneedv, enzyme_primal_return, enzyme_out;
#ifdef __cplusplus
}
#endif

#define CK_H 1e-5
#define CK_SAFETY 1e4
#define CK_TOL (CK_SAFETY * (CK_H * CK_H + DBL_EPSILON / CK_H))
#define CK_TOL_F32 (CK_TOL + 32.0 * FLT_EPSILON)
#define CK_TOL_PRIMAL 1e-12

static int ck_failed = 0;
static int ck_total = 0;

/* Step for a central difference around x. */
static inline double ck_step(double x) {
  double ax = fabs(x);
  return CK_H * (ax > 1.0 ? ax : 1.0);
}

/* Compare a derivative `ad` with a reference `fd` under tolerance `tol`. */
static inline void ck_near(const char *what, double ad, double fd, double tol) {
  double scale = fabs(fd) > 1.0 ? fabs(fd) : 1.0;
  double err = fabs(ad - fd);
  int ok = isfinite(ad) && isfinite(fd) && err <= tol * scale;
  ck_total++;
  if (!ok) ck_failed++;
  printf("%-44s ad=% .12e  fd=% .12e  err=%.2e  %s\n", what, ad, fd, err,
         ok ? "ok" : "MISMATCH");
}

#define CHECK(what, ad, fd) ck_near((what), (double)(ad), (double)(fd), CK_TOL)
#define CHECK_F32(what, ad, fd) \
  ck_near((what), (double)(ad), (double)(fd), CK_TOL_F32)
#define CHECK_PRIMAL(what, got, want) \
  ck_near((what), (double)(got), (double)(want), CK_TOL_PRIMAL)

/* Central difference of a scalar function of one double. */
static inline double ck_fd1(double (*f)(double), double x) {
  double h = ck_step(x);
  return (f(x + h) - f(x - h)) / (2.0 * h);
}

/* Print the summary line; use as `return ck_done();` at the end of main. */
static inline int ck_done(void) {
  printf("%d checks, %d failed\n", ck_total, ck_failed);
  return (ck_failed == 0 && ck_total > 0) ? 0 : 1;
}

#endif /* CATALASE_CHECK_H */
