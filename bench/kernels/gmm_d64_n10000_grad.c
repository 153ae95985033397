/* gmm.c's gradient at the (d, K, n) = (64, 10, 10000). */
#define GMM_D 64
#define GMM_K 10
#define GMM_N 10000
#define GRADIENT
#include "gmm.c"
