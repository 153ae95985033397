// TEST: reverse mode through a singly linked list built with new inside the differentiated function (each node holds an active value computed from the input array), traversed twice, reversed in place by relinking, and deleted
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

struct Node {
  double value;
  Node *next;
};

static double list_energy(const double *x, int n) {
  Node *head = nullptr;
  for (int i = 0; i < n; i++) head = new Node{x[i] * x[i] + 0.5 * x[i], head};
  Node *prev = nullptr;
  while (head) {
    Node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  head = prev;
  double s = 0.0, w = 1.0;
  for (Node *p = head; p; p = p->next) {
    s += w * sin(p->value);
    w *= 0.8;
  }
  for (Node *p = head; p && p->next; p = p->next) s += p->value * p->next->value * 0.1;
  while (head) {
    Node *next = head->next;
    delete head;
    head = next;
  }
  return s;
}

#define N 7
static double F(double *x) { return list_energy(x, N); }

int main() {
  double x[N] = {0.3, -0.6, 1.1, 0.2, -0.9, 0.75, 0.4}, dx[N] = {0};
  __enzyme_autodiff((void *)list_energy, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("linked list built with new", dx, F, x, N);
  return ck_done();
}
