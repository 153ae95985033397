// TEST: reverse mode on C++: std::vector grown with push_back, a linked list built with new and freed with delete, virtual methods through a base pointer, a class template with member functions, std::vector passed by reference, code with invoke/landingpad (exceptions enabled, none thrown)
#include <cmath>
#include <cstring>
#include <vector>

#include "include/ck_array.h"

extern "C" {
extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
}

static double vector_sum(const double *x, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; i++) v.push_back(x[i] * x[i]);
  for (int i = 0; i < n; i++) v.push_back(std::sin(x[i]));
  double s = 0;
  for (size_t i = 0; i < v.size(); i++) s += v[i] * (1.0 + 0.5 * (double)i);
  return s;
}

struct Node {
  double v;
  Node *next;
};

static double list_energy(const double *x, int n) {
  Node *head = nullptr;
  for (int i = 0; i < n; i++) head = new Node{x[i] * 2.0 + 0.1, head};
  double s = 0;
  for (Node *p = head; p; p = p->next) s += p->v * p->v * (p->next ? p->next->v : 1.0);
  while (head) {
    Node *nx = head->next;
    delete head;
    head = nx;
  }
  return s;
}

struct Shape {
  virtual double area(double s) const = 0;
  virtual ~Shape() {}
};
struct Square : Shape {
  double area(double s) const override { return s * s; }
};
struct Disc : Shape {
  double r0;
  explicit Disc(double r) : r0(r) {}
  double area(double s) const override { return 3.14159265358979 * (s + r0) * (s + r0); }
};

static double total_area(double s, const Shape *const *shapes, int n) {
  double a = 0;
  for (int i = 0; i < n; i++) a += shapes[i]->area(s * (1.0 + i));
  return a + std::exp(-s);
}

template <typename T> struct Poly {
  std::vector<T> c;
  T eval(T x) const {
    T r = 0;
    for (size_t i = c.size(); i-- > 0;) r = r * x + c[i];
    return r;
  }
};

static double poly_fit(const double *coef, int n, double x) {
  Poly<double> p;
  for (int i = 0; i < n; i++) p.c.push_back(coef[i]);
  return p.eval(x) * p.eval(0.5 * x);
}

static void normalize(std::vector<double> &v) {
  double s = 0;
  for (double e : v) s += e * e;
  s = std::sqrt(s);
  for (double &e : v) e /= s;
}

static double vec_ref(double *x, int n) {
  std::vector<double> v(x, x + n);
  normalize(v);
  double r = 0;
  for (int i = 0; i < n; i++) r += v[i] * (i + 1);
  return r;
}

#define N 4
static const double X0[N] = {0.3, -0.7, 1.1, 0.45};
static Square sq;
static Disc disc(0.25);
static const Shape *const SHAPES[3] = {&sq, &disc, &sq};

static double F_vector(double *x) { return vector_sum(x, N); }
static double F_list(double *x) { return list_energy(x, N); }
static double F_poly(double *x) { return poly_fit(x, N, 1.3); }
static double F_vec_ref(double *x) { return vec_ref(x, N); }
static double area_of(double s) { return total_area(s, SHAPES, 3); }

int main() {
  double x[N], dx[N];
  memcpy(x, X0, sizeof x);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)vector_sum, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::vector push_back", dx, F_vector, x, N);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)list_energy, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("linked list with new/delete", dx, F_list, x, N);

  double s = 0.8;
  CHECK("virtual methods: d/ds", __enzyme_autodiff((void *)total_area, s, enzyme_const, SHAPES, enzyme_const, 3), ck_fd1(area_of, s));

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)poly_fit, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, 1.3);
  ck_gradient("class template Poly<double>", dx, F_poly, x, N);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)vec_ref, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::vector by reference", dx, F_vec_ref, x, N);
  return ck_done();
}
