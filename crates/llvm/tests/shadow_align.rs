//! A mutable global's zero shadow (`__catalase_shadow_<g>`, made by the driver) is aligned at
//! least as the global is: the derivative's loads and stores copy the primal's alignment, which
//! the optimizer raises to the global's (vectorized loops over a global array read with
//! `align 32`), so a shadow aligned less faults on an aligned vector store (`vmovapd`).

use catalase_llvm::driver::process_module;
use catalase_llvm::module_io::{read_module, OwnedContext};
use catalase_llvm::options::Options;

const IR: &str = r#"
@enzyme_dup = external global i32
@w = internal global [8 x double] zeroinitializer, align 64

define internal double @f(ptr %x) {
entry:
  %a = load <4 x double>, ptr @w, align 64
  %b = load <4 x double>, ptr %x, align 8
  %m = fmul <4 x double> %a, %b
  %e0 = extractelement <4 x double> %m, i64 0
  %e1 = extractelement <4 x double> %m, i64 3
  %s = fadd double %e0, %e1
  ret double %s
}

declare double @__enzyme_autodiff(ptr, ...)

define double @g(ptr %x, ptr %dx) {
entry:
  %m = load i32, ptr @enzyme_dup, align 4
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, i32 %m, ptr %x, ptr %dx)
  ret double %r
}
"#;

#[test]
fn zero_shadow_of_a_global_keeps_its_alignment() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, IR.as_bytes(), "align.ll").expect("the IR reads");
    // SAFETY: the module is valid and owned here for the whole call.
    unsafe { process_module(module.raw(), &Options::default()) }.expect("differentiates");
    module.verify().expect("the result verifies");
    let text = module.print_to_string();
    let shadow = text.lines().find(|l| l.starts_with("@__catalase_shadow_w =")).unwrap_or_else(|| panic!("no shadow of @w in\n{text}"));
    assert!(shadow.ends_with("align 64"), "{shadow}");
}

const UNSIZED: &str = r#"
@enzyme_dup = external global i32
@s = external global [0 x double], align 8

define internal double @f(ptr %x) {
entry:
  %a = load double, ptr %x, align 8
  store double %a, ptr @s, align 8
  %p = getelementptr double, ptr @s, i64 3
  %b = load double, ptr %p, align 8
  %m = fmul double %a, %b
  ret double %m
}

declare double @__enzyme_autodiff(ptr, ...)

define double @g(ptr %x, ptr %dx) {
entry:
  %m = load i32, ptr @enzyme_dup, align 4
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, i32 %m, ptr %x, ptr %dx)
  ret double %r
}
"#;

/// A global declared without a size (`extern double s[];`) whose shadow a derivative needs is
/// refused, at an instruction that uses it: a shadow of a guessed size was read and written
/// past its end.
#[test]
fn shadow_of_an_unsized_global_is_refused() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, UNSIZED.as_bytes(), "unsized.ll").expect("the IR reads");
    // SAFETY: the module is valid and owned here for the whole call.
    let errs = unsafe { process_module(module.raw(), &Options::default()) }.expect_err("refused");
    let d = &errs[0];
    assert!(d.message.contains("shadow of global `s`, whose size is unknown"), "{}", d.message);
    assert_eq!(d.function.as_deref(), Some("f"));
    assert!(d.instruction.as_deref().is_some_and(|i| i.contains("@s")), "{:?}", d.instruction);
}
