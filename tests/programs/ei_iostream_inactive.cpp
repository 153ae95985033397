// TEST: C++ streams inside differentiated code are inactive, reverse and forward: std::flush on std::clog (refused as "no derivative for std::flush" before), a std::istringstream parsing constants (std::stringbuf's constructor at -O2), a std::ostringstream read back with .str(), and a scratch file written with std::ofstream and read back with std::ifstream; the gradient is that of the arithmetic around them
#include "include/catalase_check.h"
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static char scratch[64];
static const std::string coeffs = "2.5 -0.75 4";

/* Coefficients parsed from text: constants, so they carry no derivative. */
static double parsed_poly(double x) {
  std::istringstream in(coeffs);
  double a, b;
  int k;
  in >> a >> b >> k;
  std::clog << "poly " << k;
  std::flush(std::clog);
  return a * x * x + b * std::sin(x) + k;
}

/* A report built in a string stream; its length only picks a branch of constant weights. */
static double logged_product(double x, double y) {
  std::ostringstream out;
  out << "x*y at " << (int)(x * 10) << '\n';
  std::string text = out.str();
  double w = text.size() > 3 ? 1.5 : 0.5;
  return w * x * y + std::exp(0.3 * x);
}

/* A weight written to a file and read back: the value is data from the file, a constant. */
static double file_weight(double x) {
  {
    std::ofstream f(scratch, std::ios::out | std::ios::binary);
    double w = 0.25;
    f.write((const char *)&w, sizeof w);
  }
  double w = 0;
  std::ifstream g(scratch, std::ios::in | std::ios::binary);
  g.read((char *)&w, sizeof w);
  double extra = g.good() ? 1.0 : 0.0;
  return (w + extra) * x * x * x;
}

static double FY_lp(double y) { return logged_product(1.3, y); }
static double FX_lp(double x) { return logged_product(x, 0.6); }

int main() {
  snprintf(scratch, sizeof scratch, "/tmp/ei_iostream_%d.bin", (int)getpid());
  CHECK("istringstream + std::flush reverse", __enzyme_autodiff((void *)parsed_poly, 0.9), ck_fd1(parsed_poly, 0.9));
  CHECK("istringstream + std::flush forward", __enzyme_fwddiff((void *)parsed_poly, 0.9, 1.0), ck_fd1(parsed_poly, 0.9));
  CHECK("ostringstream d/dx", __enzyme_autodiff((void *)logged_product, 1.3, enzyme_const, 0.6), ck_fd1(FX_lp, 1.3));
  CHECK("ostringstream forward d/dy", __enzyme_fwddiff((void *)logged_product, 1.3, 0.0, 0.6, 1.0), ck_fd1(FY_lp, 0.6));
  CHECK("ofstream/ifstream reverse", __enzyme_autodiff((void *)file_weight, 1.1), ck_fd1(file_weight, 1.1));
  CHECK("ofstream/ifstream forward", __enzyme_fwddiff((void *)file_weight, 1.1, 1.0), ck_fd1(file_weight, 1.1));
  unlink(scratch);
  return ck_done();
}
