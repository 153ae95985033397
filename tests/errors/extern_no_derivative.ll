; EXPECT-ERROR: [catalase::no-derivative]
; EXPECT-ALSO: ext_black_box
; The differentiated function calls a declared-only function with an active argument.
declare double @ext_black_box(double)
declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x) {
entry:
  %y = call double @ext_black_box(double %x)
  %z = fmul double %y, %x
  ret double %z
}

define double @main_like(double %x) {
entry:
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %d
}
