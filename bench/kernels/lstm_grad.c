/* lstm.c's loss, differentiated in reverse mode: the gradient w.r.t. main and extra parameters. */
#define GRADIENT
#include "lstm.c"
