; EXPECT-ERROR: [catalase::illegal-marker]
; EXPECT-ALSO: enzyme_bogus
; An unknown marker passed as a global (the usual C form, here in IR).
@enzyme_bogus = external global i32
declare double @__enzyme_fwddiff(ptr, ...)

define double @sq(double %x) {
entry:
  %y = fmul double %x, %x
  ret double %y
}

define double @h(double %x) {
entry:
  %m = load i32, ptr @enzyme_bogus
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, i32 %m, double %x, double 1.0)
  ret double %d
}
