// TEST: reverse mode in a caller's loop, two sweeps per iteration: bundle adjustment's reprojection error (Rodrigues rotation with its zero-angle branch, sqrt, sin/cos, divisions, radial distortion) of 12 observations, each observation's 2x15 Jacobian block by one sweep per error component into a zeroed row of a global array; every entry against finite differences (one camera has no rotation, so both branches run)
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const;
void __enzyme_autodiff(void *, ...);

enum { P = 12, CAMS = 3, PTS = 5, NCAM = 11, BLOCK = NCAM + 3 + 1 };

static double dot3(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

static void rotate(const double *rot, const double *x, double *out) {
  double sq = dot3(rot, rot);
  if (sq != 0.0) {
    double theta = sqrt(sq), c = cos(theta), s = sin(theta), w[3];
    for (int i = 0; i < 3; i++) w[i] = rot[i] / theta;
    double k[3] = {w[1] * x[2] - w[2] * x[1], w[2] * x[0] - w[0] * x[2], w[0] * x[1] - w[1] * x[0]};
    double t = dot3(w, x) * (1.0 - c);
    for (int i = 0; i < 3; i++) out[i] = x[i] * c + k[i] * s + w[i] * t;
  } else {
    double k[3] = {rot[1] * x[2] - rot[2] * x[1], rot[2] * x[0] - rot[0] * x[2], rot[0] * x[1] - rot[1] * x[0]};
    for (int i = 0; i < 3; i++) out[i] = x[i] + k[i];
  }
}

/* err = w * (projected, distorted point - observed feature); cam: rotation 3, centre 3, focal 1,
   principal point 2, distortion 2. */
static void reproject(const double *cam, const double *X, const double *w, const double *feat, double *err) {
  double xo[3], xc[3];
  for (int i = 0; i < 3; i++) xo[i] = X[i] - cam[3 + i];
  rotate(cam, xo, xc);
  double px = xc[0] / xc[2], py = xc[1] / xc[2];
  double r2 = px * px + py * py, l = 1.0 + cam[9] * r2 + cam[10] * r2 * r2;
  err[0] = w[0] * (px * l * cam[6] + cam[7] - feat[0]);
  err[1] = w[0] * (py * l * cam[6] + cam[8] - feat[1]);
}

static double cams[CAMS * NCAM], pts[PTS * 3], weights[P], feats[P * 2];
static int cam_of[P], pt_of[P];
double jac[P][2][BLOCK]; /* external: the optimizer keeps every store */

static void setup(void) {
  for (int c = 0; c < CAMS; c++) {
    double *cam = cams + c * NCAM;
    for (int i = 0; i < 3; i++) cam[i] = c == 0 ? 0.0 : 0.05 * (i + 1) * (c % 2 ? 1.0 : -1.0);
    for (int i = 0; i < 3; i++) cam[3 + i] = 0.1 * (c - 1) + 0.02 * i;
    cam[6] = 1.5 + 0.2 * c, cam[7] = 0.1 * c, cam[8] = -0.05 * c, cam[9] = 0.02 + 0.01 * c, cam[10] = 0.003 * c;
  }
  for (int i = 0; i < PTS; i++) pts[3 * i] = 0.2 * i - 0.4, pts[3 * i + 1] = 0.3 - 0.1 * i, pts[3 * i + 2] = 4.0 + 0.5 * i;
  for (int o = 0; o < P; o++) {
    cam_of[o] = o % CAMS, pt_of[o] = (o * 2) % PTS;
    weights[o] = 0.7 + 0.05 * o, feats[2 * o] = 0.01 * o - 0.05, feats[2 * o + 1] = 0.04 - 0.01 * o;
  }
}

static void jacobian(void) {
  for (int o = 0; o < P; o++)
    for (int r = 0; r < 2; r++) {
      double *row = jac[o][r], err[2], derr[2] = {r == 0, r == 1};
      memset(row, 0, sizeof jac[o][r]);
      __enzyme_autodiff((void *)reproject, enzyme_dup, cams + cam_of[o] * NCAM, row, enzyme_dup, pts + pt_of[o] * 3,
                        row + NCAM, enzyme_dup, weights + o, row + NCAM + 3, enzyme_const, feats + 2 * o,
                        enzyme_dupnoneed, err, derr);
    }
}

static int obs, component;
/* The error component of observation `obs` as a function of its 15 inputs (camera, point, weight). */
static double error_of(double *in) {
  double err[2];
  reproject(in, in + NCAM, in + NCAM + 3, feats + 2 * obs, err);
  return err[component];
}

int main(void) {
  setup();
  jacobian();
  char label[64];
  for (obs = 0; obs < P; obs++)
    for (component = 0; component < 2; component++) {
      double in[BLOCK];
      memcpy(in, cams + cam_of[obs] * NCAM, sizeof(double) * NCAM);
      memcpy(in + NCAM, pts + pt_of[obs] * 3, sizeof(double) * 3);
      in[NCAM + 3] = weights[obs];
      snprintf(label, sizeof label, "observation %d error %d", obs, component);
      ck_gradient(label, jac[obs][component], error_of, in, BLOCK);
    }
  return ck_done();
}
