/* gmm.c's gradient at (d, K, n) = (20, 50, 1000). */
#define GMM_D 20
#define GMM_K 50
#define GMM_N 1000
#define GRADIENT
#include "gmm.c"
