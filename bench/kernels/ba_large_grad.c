/* ba_grad.c with 100,000 observations of 200 cameras and 20,000 points. */
#define BA_P 100000
#define BA_CAMS 200
#define BA_PTS 20000
#include "ba_grad.c"
