/* lstm.c's gradient at l = 4, c = 4096. */
#define LSTM_L 4
#define LSTM_C 4096
#define GRADIENT
#include "lstm.c"
