/* gmm.c's gradient at (d, K, n) = (64, 10, 1000). (The n = 10,000 is left out: Catalase's
 * tape for it grows past 2 GiB per gradient call, too much for the shared machine.) */
#define GMM_D 64
#define GMM_K 10
#define GMM_N 1000
#define GRADIENT
#include "gmm.c"
