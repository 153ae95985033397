// TEST: bcmp (what LLVM makes of memcmp(...) == 0) over names stored beside active doubles, and std::wcerr output (a std::wostream), inside a gradient: both inactive
#include "include/catalase_check.h"
#include <cstring>
#include <iostream>

extern "C" {
double __enzyme_autodiff(void *, ...);
}

struct Item {
  char label[8];
  double weight;
};

static const char WANTED[8] = "beta";

/* Items whose label is WANTED count squared, the others by half; a line of wide output. */
static double score(Item *items, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    if (std::memcmp(items[i].label, WANTED, sizeof WANTED) == 0)
      s += items[i].weight * items[i].weight;
    else
      s += 0.5 * items[i].weight;
  }
  std::wcerr << L"score of " << n << L" items\n";
  return s;
}

static Item BASE[4] = {{"alpha", 1.5}, {"beta", -0.75}, {"gamma", 2.25}, {"beta", 0.4}};
static int WHICH;
static double score_at(double t) {
  Item copy[4];
  std::memcpy(copy, BASE, sizeof copy);
  copy[WHICH].weight = t;
  return score(copy, 4);
}

int main(void) {
  Item items[4], d_items[4];
  std::memcpy(items, BASE, sizeof items);
  std::memset(d_items, 0, sizeof d_items);
  __enzyme_autodiff((void *)score, enzyme_dup, items, d_items, enzyme_const, 4);
  for (int k = 0; k < 4; k++) {
    WHICH = k;
    CHECK("d score / d weight", d_items[k].weight, ck_fd1(score_at, BASE[k].weight));
  }
  return ck_done();
}
