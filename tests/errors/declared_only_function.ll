; EXPECT-ERROR: [catalase::no-function]
; EXPECT-ALSO: no_body
; The marker names a function with no body.
declare double @no_body(double)
declare double @__enzyme_fwddiff(ptr, ...)

define double @g(double %x) {
entry:
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @no_body, double %x, double 1.0)
  ret double %d
}
