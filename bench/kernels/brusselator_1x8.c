/* brusselator.c's 8 tangent directions as 8 width-1 calls (the yardstick for width 8). */
#define ONE_LANE_AT_A_TIME
#include "brusselator.c"
