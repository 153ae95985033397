; EXPECT-ERROR: [catalase::malformed-input]
; A syntax error: the parameter list of @f is never closed.
define double @f(double %x {
entry:
  %y = fmul double %x, %x
  ret double %y
}
