// TEST: struct arguments: small {double,double} by value (clang splits it into two double params, so markers/tangents go per field), large (>16 bytes) by value (byval), and by pointer
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double x, y; } v2;
typedef struct { double m[5]; int n; } big;

static double len2(v2 a, double s) { return s * (a.x * a.x + a.y * a.y) + sin(a.x * a.y); }
static double bigsum(big b, double s) {
  double r = 0;
  for (int i = 0; i < b.n; i++) r += b.m[i] * b.m[i] * s;
  return r + cos(b.m[0] * s);
}
static double byptr(const v2 *a, const big *b) { return a->x * b->m[1] + a->y * b->m[2] * b->m[3]; }

static v2 A = {0.7, -1.2};
static big B = {{0.3, 1.1, -0.4, 0.9, 0.5}, 5};
static v2 VA;
static big VB;
static double VS;
static double along_len(double t) { v2 a = {A.x + t * VA.x, A.y + t * VA.y}; return len2(a, 1.3 + t * VS); }
static double along_big(double t) {
  big b = B;
  for (int i = 0; i < 5; i++) b.m[i] += t * VB.m[i];
  return bigsum(b, 0.8 + t * VS);
}
static double along_ptr(double t) {
  v2 a = {A.x + t * VA.x, A.y + t * VA.y};
  big b = B;
  for (int i = 0; i < 5; i++) b.m[i] += t * VB.m[i];
  return byptr(&a, &b);
}

int main(void) {
  v2 da = {1.0, 0.5};
  /* x86-64 clang lowers len2(v2, double) to len2(double, double, double): each
     field is its own LLVM parameter and takes its own tangent. */
  double d = __enzyme_fwddiff((void *)len2, A.x, da.x, A.y, da.y, 1.3, 2.0);
  VA = da; VS = 2.0;
  CHECK("small struct by value + double", d, ck_fd1(along_len, 0.0));
  d = __enzyme_fwddiff((void *)len2, enzyme_const, A.x, enzyme_const, A.y, 1.3, 1.0);
  VA.x = VA.y = 0; VS = 1.0;
  CHECK("small struct const", d, ck_fd1(along_len, 0.0));
  big db = {{1.0, 0.0, -0.5, 0.25, 2.0}, 0};
  d = __enzyme_fwddiff((void *)bigsum, B, db, 0.8, 0.0);
  VB = db; VS = 0;
  CHECK("large struct by value (byval)", d, ck_fd1(along_big, 0.0));
  d = __enzyme_fwddiff((void *)bigsum, enzyme_dup, B, db, enzyme_dup, 0.8, 1.0);
  VS = 1.0;
  CHECK("large struct by value, explicit dup", d, ck_fd1(along_big, 0.0));
  v2 dpa = {0.0, 1.0};
  d = __enzyme_fwddiff((void *)byptr, &A, &dpa, &B, &db);
  VA = dpa; VB = db;
  CHECK("structs by pointer", d, ck_fd1(along_ptr, 0.0));
  return ck_done();
}
