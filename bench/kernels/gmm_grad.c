/* gmm.c's objective, differentiated in reverse mode: the gradient w.r.t. (alpha, mu, q, l). */
#define GRADIENT
#include "gmm.c"
