// TEST: enz8_cpp_unique_ptr_expr.cpp (a recursive-descent parser building std::unique_ptr expression trees evaluated through virtual calls) built with -fsanitize=undefined, whose vptr checks hash each object's dynamic type and call __ubsan_handle_dynamic_type_cache_miss around the virtual calls on active data; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -fsanitize=undefined -fno-sanitize-recover=all
// LDFLAGS: -fsanitize=undefined
#include "enz8_cpp_unique_ptr_expr.cpp"
