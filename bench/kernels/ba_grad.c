/* ADBench's bundle adjustment, per observation: the reprojection error (2 values) of point X seen
 * by a camera of 11 parameters (Rodrigues rotation 3, centre 3, focal length 1, principal point 2,
 * radial distortion 2), scaled by the observation's weight. The derivative is every observation's
 * 2×15 Jacobian block w.r.t. (camera, point, weight), by two reverse sweeps per observation (one
 * per error component); the primal computes every observation's error once. (ADBench's weight
 * rows, d(1 − w²)/dw, are left out.) BA_P observations of BA_CAMS cameras and BA_PTS points. */
#include <math.h>
#include <string.h>

#include "../bench.h"

#ifndef BA_P
#define BA_P 10000
#define BA_CAMS 49
#define BA_PTS 2000
#endif
enum { P = BA_P, CAMS = BA_CAMS, PTS = BA_PTS, NCAM = 11, BLOCK = NCAM + 3 + 1 };
const char *kernel_name = "ba_grad";

static double dot3(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

static void cross3(const double *a, const double *b, double *out) {
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static void rodrigues_rotate(const double *rot, const double *x, double *out) {
  double sqtheta = dot3(rot, rot), c[3];
  if (sqtheta != 0.0) {
    double theta = sqrt(sqtheta), costheta = cos(theta), sintheta = sin(theta), w[3];
    for (int i = 0; i < 3; i++) w[i] = rot[i] / theta;
    cross3(w, x, c);
    double tmp = dot3(w, x) * (1.0 - costheta);
    for (int i = 0; i < 3; i++) out[i] = x[i] * costheta + c[i] * sintheta + w[i] * tmp;
  } else {
    cross3(rot, x, c);
    for (int i = 0; i < 3; i++) out[i] = x[i] + c[i];
  }
}

void ba_reproj(const double *cam, const double *X, const double *w, const double *feat, double *err) {
  double xo[3], xc[3];
  for (int i = 0; i < 3; i++) xo[i] = X[i] - cam[3 + i];
  rodrigues_rotate(cam, xo, xc);
  double px = xc[0] / xc[2], py = xc[1] / xc[2];
  double rsq = px * px + py * py, l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
  err[0] = w[0] * (px * l * cam[6] + cam[7] - feat[0]);
  err[1] = w[0] * (py * l * cam[6] + cam[8] - feat[1]);
}

static double cams[CAMS * NCAM], pts[PTS * 3], weights[P], feats[P * 2];
static int cam_of[P], pt_of[P];
double errs[P * 2], jac[P][2][BLOCK]; /* external: stores to them are not dead */

static double uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (double)(*s >> 8) / (double)(1u << 24);
}

void kernel_init(void) {
  unsigned s = 4242u;
  for (int c = 0; c < CAMS; c++) {
    double *cam = cams + c * NCAM;
    for (int i = 0; i < 3; i++) cam[i] = 0.2 * uniform(&s) - 0.1, cam[3 + i] = uniform(&s) - 0.5;
    cam[6] = 400.0 + 200.0 * uniform(&s), cam[7] = uniform(&s), cam[8] = uniform(&s);
    cam[9] = 0.01 * uniform(&s), cam[10] = 0.001 * uniform(&s);
  }
  for (int i = 0; i < PTS; i++)
    pts[3 * i] = uniform(&s) - 0.5, pts[3 * i + 1] = uniform(&s) - 0.5, pts[3 * i + 2] = 5.0 + uniform(&s);
  for (int o = 0; o < P; o++) {
    cam_of[o] = (int)(uniform(&s) * CAMS) % CAMS, pt_of[o] = (int)(uniform(&s) * PTS) % PTS;
    weights[o] = 0.5 + uniform(&s), feats[2 * o] = uniform(&s) - 0.5, feats[2 * o + 1] = uniform(&s) - 0.5;
  }
}

BENCH_ENTRY void kernel_primal(void) {
  for (int o = 0; o < P; o++)
    ba_reproj(cams + cam_of[o] * NCAM, pts + pt_of[o] * 3, weights + o, feats + 2 * o, errs + 2 * o);
}

BENCH_ENTRY void kernel_tangent(void) {
  for (int o = 0; o < P; o++)
    for (int r = 0; r < 2; r++) {
      double *row = jac[o][r], err[2], derr[2] = {r == 0, r == 1};
      memset(row, 0, sizeof jac[o][r]);
      __enzyme_autodiff((void *)ba_reproj, enzyme_dup, cams + cam_of[o] * NCAM, row, enzyme_dup,
                        pts + pt_of[o] * 3, row + NCAM, enzyme_dup, weights + o, row + NCAM + 3, enzyme_const,
                        feats + 2 * o, enzyme_dupnoneed, err, derr);
    }
}

/* The observations whose blocks are compared between tools and against finite differences. */
static const int CHECKED[] = {0, P / 2, P - 1};
enum { NCHECKED = sizeof CHECKED / sizeof CHECKED[0] };

int kernel_results(double *out, int max) {
  int n = 0;
  for (int c = 0; c < NCHECKED; c++)
    for (int r = 0; r < 2; r++)
      for (int k = 0; k < BLOCK && n < max; k++) out[n++] = jac[CHECKED[c]][r][k];
  return n;
}

/* One observation's block by finite differences (bench/gradient.c's stencil), inputs perturbed in copies. */
static void fd_block(int o, double block[2][BLOCK]) {
  static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
  double in[BLOCK], e[4][2];
  memcpy(in, cams + cam_of[o] * NCAM, sizeof(double) * NCAM);
  memcpy(in + NCAM, pts + pt_of[o] * 3, sizeof(double) * 3);
  in[NCAM + 3] = weights[o];
  for (int k = 0; k < BLOCK; k++) {
    double keep = in[k], h = FD_STEP * fmax(1.0, fabs(keep));
    for (int s = 0; s < 4; s++) {
      in[k] = keep + offsets[s] * h;
      ba_reproj(in, in + NCAM, in + NCAM + 3, feats + 2 * o, e[s]);
    }
    in[k] = keep;
    for (int r = 0; r < 2; r++) block[r][k] = fd_stencil((const double[4]){e[0][r], e[1][r], e[2][r], e[3][r]}, h);
  }
}

int kernel_fd(double *out, int max) {
  int n = 0;
  for (int c = 0; c < NCHECKED; c++) {
    double block[2][BLOCK];
    fd_block(CHECKED[c], block);
    for (int r = 0; r < 2; r++)
      for (int k = 0; k < BLOCK && n < max; k++) out[n++] = block[r][k];
  }
  return n;
}

/* Every observation's block by central differences: 2 × 15 error evaluations per observation. */
double kernel_fd_cost(void) { return 2.0 * BLOCK; }
