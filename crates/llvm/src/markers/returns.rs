//! The markers about the differentiated function's result (ABI §3.3): `enzyme_primal_return`,
//! `enzyme_noret`, `enzyme_const_return`, `enzyme_active_return`, `enzyme_dup_return`, checked
//! per entry point once a marker call is parsed, and the seed an active return of
//! `__enzyme_autodiff` gets (ABI §4.3), for a returned value and for a struct returned through
//! `sret` memory alike.

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::prelude::{LLVMTypeRef, LLVMValueRef};
use llvm_sys::LLVMTypeKind;

use super::{default_activity, ll, Activity, MarkerArg, Mode, Parser};

impl Parser<'_> {
    /// `struct S f(...)` lowered to `void f(ptr sret(S), ...)`: the result's memory is a
    /// duplicated argument whose primal is a fresh local. Forward mode: the marker call's own
    /// `sret` pointer receives the tangent struct; with `enzyme_primal_return` it receives
    /// `{primal, tangent}` (two `S` one after the other, as `enzyme::tuple<S, S>` of the C++
    /// interface lays them out), and with `enzyme_const_return` the primal alone or nothing.
    /// Those markers are then spent: the generated function itself returns nothing.
    /// Combined reverse: a local shadow seeded with 1.0 in every floating-point element before
    /// each call (ABI §4.3, as a returned struct).
    /// At `enzyme_width` N forward mode writes N tangent structs one after the other (after the
    /// primal with `enzyme_primal_return`), as `struct { S d[N]; }` declares them, and reverse
    /// mode seeds one local shadow per lane.
    pub(super) fn sret_result_arg(
        &mut self,
        marker_sret: Option<LLVMValueRef>,
        marker_sret_ty: Option<LLVMTypeRef>,
        sret_ty: LLVMTypeRef,
        param_type: LLVMTypeRef,
        function: LLVMValueRef,
    ) -> Result<MarkerArg, Diagnostic> {
        let width = u64::from(self.width);
        let shadows = match self.mode {
            Mode::Forward => {
                // A marker call declared `void` drops the results (ABI §4.2 rule 1): they go to a
                // local that nothing reads.
                let dropped = marker_sret.is_none() && ll::is_void(ll::type_of(self.call));
                let into = match marker_sret {
                    Some(into) => into,
                    None if dropped => ll::entry_alloca(self.call, ll::array_of(sret_ty, 1 + width)),
                    None => {
                        return Err(self.err(
                            DiagKind::IllegalReturnCast,
                            "the differentiated function returns a struct through `sret`, but the marker call does not",
                            "declare the marker's C return type as the same struct the function returns, or `void` to drop it",
                        ))
                    }
                };
                if self.primal_return && self.noret {
                    let msg = "enzyme_noret contradicts enzyme_primal_return";
                    return Err(self.err(DiagKind::CallingError, msg, "pass one of them: enzyme_noret drops the primal result, enzyme_primal_return asks for it"));
                }
                let primal_into = std::mem::take(&mut self.primal_return);
                // `enzyme_active_return` stays, for `check_return_activity` to refuse.
                let constant = self.return_activity == Some(Activity::Const);
                if self.return_activity != Some(Activity::Out) {
                    self.return_activity = None;
                }
                // The marker's memory holds [primal], then one tangent struct per lane.
                let count = u64::from(primal_into) + if constant { 0 } else { width };
                if let Some(into_ty) = marker_sret_ty.filter(|_| !dropped) {
                    let (have, need) = (ll::alloc_size(self.call, into_ty), count * ll::alloc_size(self.call, sret_ty));
                    if have < need {
                        let msg = format!(
                            "the marker call's result {} ({have} bytes) cannot hold {} of the struct {} the differentiated function returns ({need} bytes)",
                            ll::print_type(into_ty),
                            if count == 1 { "one".to_string() } else { format!("{count} copies") },
                            ll::print_type(sret_ty)
                        );
                        let help = "declare the marker's C return type as the struct the function returns, at enzyme_width N a struct of N of them (after the primal with enzyme_primal_return), e.g. `struct { S d[N]; }`";
                        return Err(self.err(DiagKind::IllegalReturnCast, msg, help));
                    }
                }
                let primal = if primal_into { into } else { ll::entry_alloca(self.call, sret_ty) };
                if constant {
                    return Ok(MarkerArg { activity: Activity::Const, primal, shadows: vec![], dupv_stride: None, param_type, byref: false });
                }
                let first = u64::from(primal_into);
                let shadows = (0..width).map(|lane| ll::past_n(self.call, into, sret_ty, first + lane)).collect();
                return Ok(MarkerArg { activity: Activity::Dup, primal, shadows, dupv_stride: None, param_type, byref: false });
            }
            Mode::Reverse => {
                if let Some((field, path)) = unseedable_field(sret_ty) {
                    let msg = format!(
                        "Differential return required for `{}`: the struct {} it returns holds \
                         floating-point values, so it is active and seeded with 1.0, but element \
                         {path} ({field}) is not floating point and its seed could not be auto deduced",
                        ll::name(function),
                        ll::print_type(sret_ty)
                    );
                    let help = "return only floating-point values (each is seeded with 1.0), or \
                                return the result through an enzyme_dup pointer argument whose \
                                shadow holds the seed";
                    return Err(self.err(DiagKind::CallingError, msg, help));
                }
                // One seeded shadow per lane (ABI §4.3: every lane of an active return is 1.0).
                (0..width)
                    .map(|_| {
                        let shadow = ll::entry_alloca(self.call, sret_ty);
                        ll::store_before(self.call, seed_of(sret_ty), shadow);
                        shadow
                    })
                    .collect()
            }
            _ => {
                return Err(self.err(
                    DiagKind::Unsupported,
                    "a function returning a struct through `sret` is supported by `__enzyme_fwddiff` and `__enzyme_autodiff` only",
                    "return the result through a pointer argument passed with enzyme_dup instead",
                ))
            }
        };
        Ok(MarkerArg {
            activity: Activity::Dup,
            primal: ll::entry_alloca(self.call, sret_ty),
            shadows,
            dupv_stride: None,
            param_type,
            byref: false,
        })
    }

    /// ABI §4.3: `__enzyme_autodiff` seeds an active return with 1.0 in every element; a return
    /// that is active (it holds floats) but also holds integers has no seed to deduce.
    pub(super) fn check_return_seed(&self, function: LLVMValueRef) -> Result<(), Diagnostic> {
        let ret = ll::return_type(function);
        let activity = self.return_activity.unwrap_or_else(|| default_activity(ret, self.mode));
        if self.mode != Mode::Reverse || activity != Activity::Out {
            return Ok(());
        }
        let Some((field, path)) = unseedable_field(ret) else {
            return Ok(());
        };
        let msg = format!(
            "Differential return required for `{}`: its return type {} holds floating-point values, \
             so it is active and seeded with 1.0, but element {path} ({field}) is not floating point \
             and its seed could not be auto deduced",
            ll::name(function),
            ll::print_type(ret)
        );
        let help = "return only floating-point values (each is seeded with 1.0), and pass the other \
                    results through a pointer argument marked enzyme_const";
        Err(self.err(DiagKind::CallingError, msg, help))
    }

    pub(super) fn check_primal_return(&self, function: LLVMValueRef) -> Result<(), Diagnostic> {
        if !self.primal_return {
            return Ok(());
        }
        if self.noret {
            let msg = "enzyme_noret contradicts enzyme_primal_return";
            return Err(self.err(DiagKind::CallingError, msg, "pass one of them: enzyme_noret drops the primal result, enzyme_primal_return asks for it"));
        }
        if self.mode == Mode::ReverseSplit || self.mode == Mode::AugmentedForward {
            let msg = "Option enzyme_primal_return not available in reverse split mode";
            return Err(self.err(DiagKind::CallingError, msg, "remove enzyme_primal_return"));
        }
        if ll::is_void(ll::return_type(function)) {
            if ll::fn_sret_param(function).is_some() {
                return Err(self.sret_return_error(function, "enzyme_primal_return"));
            }
            let msg = format!(
                "enzyme_primal_return given but `{}` returns void",
                ll::name(function)
            );
            return Err(self.err(DiagKind::CallingError, msg, "remove enzyme_primal_return"));
        }
        Ok(())
    }

    /// A marker about the result of a function that returns it through a hidden `sret` pointer
    /// (a C++ class such as `std::vector`, a struct too large for registers): that result has no
    /// parameter of its own to give a primal or a shadow to.
    fn sret_return_error(&self, function: LLVMValueRef, marker: &str) -> Diagnostic {
        let name = ll::name(function);
        let msg = format!(
            "{marker} given but `{name}` returns its result through a hidden `sret` pointer (a class such as \
             std::vector, or a struct too large for registers); Catalase does not return the primal or the \
             tangent of such a result"
        );
        let help = "differentiate a wrapper that writes the result through a pointer argument instead, e.g. \
                    `void g(T* out, ...) { *out = f(...); }`, with `out` marked enzyme_dup (its shadow receives the tangent)";
        self.err(DiagKind::CallingError, msg, help)
    }

    /// `enzyme_const_return`, `enzyme_active_return`, `enzyme_dup_return` (ABI §3.3); two
    /// different ones contradict each other.
    pub(super) fn set_return_activity(&mut self, name: &str) -> Result<(), Diagnostic> {
        let activity = match name {
            "enzyme_const_return" => Activity::Const,
            "enzyme_active_return" => Activity::Out,
            _ => Activity::Dup,
        };
        if self.return_activity.is_some_and(|a| a != activity) {
            let msg = format!("`{name}` contradicts an earlier return-activity marker");
            return Err(self.err(DiagKind::CallingError, msg, "pass one of enzyme_const_return, enzyme_active_return, enzyme_dup_return"));
        }
        self.return_activity = Some(activity);
        Ok(())
    }

    /// The return-activity markers where they mean something: `__enzyme_autodiff` takes a
    /// constant return (no seed) and an active float return (seeded with 1.0, the default); a
    /// duplicated return has nowhere to take the returned pointer's shadow memory seeds from.
    /// `__enzyme_fwddiff` takes a constant return (no tangent returned) and a duplicated one
    /// (the default for floats and pointers). Split mode: see `check_split_return_activity`.
    pub(super) fn check_return_activity(&self, function: LLVMValueRef) -> Result<(), Diagnostic> {
        let Some(activity) = self.return_activity else { return Ok(()) };
        let marker = match activity {
            Activity::Const => "enzyme_const_return",
            Activity::Out => "enzyme_active_return",
            _ => "enzyme_dup_return",
        };
        let ret = ll::return_type(function);
        let name = ll::name(function);
        if self.mode == Mode::Forward {
            return match activity {
                Activity::Const => Ok(()),
                Activity::Out => {
                    let msg = format!("enzyme_active_return in `__enzyme_fwddiff` of `{name}`: forward mode returns the result's tangent, it has no adjoint to seed");
                    Err(self.err(DiagKind::CallingError, msg, "use enzyme_dup_return (the default for a floating-point result) or enzyme_const_return"))
                }
                _ if default_activity(ret, self.mode) != Activity::Dup => {
                    let msg = format!("enzyme_dup_return given but `{name}` returns {}, which has no tangent", ll::print_type(ret));
                    Err(self.err(DiagKind::CallingError, msg, "remove enzyme_dup_return"))
                }
                _ => Ok(()),
            };
        }
        if self.mode != Mode::Reverse {
            return self.check_split_return_activity(activity, marker, function);
        }
        match activity {
            Activity::Const => Ok(()),
            Activity::Out if ll::is_void(ret) => {
                let msg = format!("enzyme_active_return given but `{name}` returns void");
                Err(self.err(DiagKind::CallingError, msg, "remove enzyme_active_return"))
            }
            Activity::Out if ll::is_pointer(ret) => {
                let msg = format!("enzyme_active_return given but `{name}` returns a pointer, which has no adjoint to seed");
                let help = "remove enzyme_active_return; gradients of what the pointer points to are accumulated in the shadows of enzyme_dup arguments";
                Err(self.err(DiagKind::CallingError, msg, help))
            }
            // A return that holds integers has no seed: `check_return_seed` says which element.
            Activity::Out => Ok(()),
            _ => {
                let msg = format!(
                    "enzyme_dup_return in `__enzyme_autodiff` of `{name}`: a combined call cannot take seeds for the memory the returned pointer points to"
                );
                let help = "use enzyme_const_return, or return the result through an enzyme_dup pointer argument whose shadow holds the seed";
                Err(self.err(DiagKind::CallingError, msg, help))
            }
        }
    }

    /// Split mode (`__enzyme_augmentfwd`, `__enzyme_reverse`, `__enzyme_augmentsize`): a
    /// constant return takes no differential return and returns no shadow; an active return is
    /// a result that holds floats (its differential return goes to `__enzyme_reverse`); a
    /// duplicated return is a pointer (`__enzyme_augmentfwd` returns its shadow).
    fn check_split_return_activity(&self, activity: Activity, marker: &str, function: LLVMValueRef) -> Result<(), Diagnostic> {
        let ret = ll::return_type(function);
        let name = ll::name(function);
        let shown = ll::print_type(ret);
        let carries_float = default_activity(ret, Mode::Reverse) == Activity::Out;
        match activity {
            Activity::Const => Ok(()),
            Activity::Out if carries_float => Ok(()),
            Activity::Out if ll::is_pointer(ret) => {
                let msg = format!("enzyme_active_return given but `{name}` returns a pointer, which has no differential return");
                let help = "use enzyme_dup_return (the default: __enzyme_augmentfwd returns the pointer's shadow, which you seed) or enzyme_const_return";
                Err(self.err(DiagKind::CallingError, msg, help))
            }
            Activity::Out => {
                let msg = format!("enzyme_active_return given but `{name}` returns {shown}, which carries no derivative");
                Err(self.err(DiagKind::CallingError, msg, "remove enzyme_active_return, or use enzyme_const_return"))
            }
            _ if ll::is_pointer(ret) => Ok(()),
            _ if carries_float => {
                let msg = format!(
                    "enzyme_dup_return given but `{name}` returns {shown}: in split mode a floating-point result is active, its differential return is passed to __enzyme_reverse"
                );
                Err(self.err(DiagKind::CallingError, msg, "use enzyme_active_return (the default for a floating-point result) or enzyme_const_return"))
            }
            _ => {
                let msg = format!("{marker} given but `{name}` returns {shown}, which has no shadow");
                Err(self.err(DiagKind::CallingError, msg, "remove enzyme_dup_return; only a pointer result has a shadow"))
            }
        }
    }
}

/// The seed of an active result of type `ty`: 1.0 in every floating-point element, zero
/// elsewhere (pointers).
fn seed_of(ty: LLVMTypeRef) -> LLVMValueRef {
    use llvm_sys::core::*;
    // SAFETY: constants of live types; element counts come from the types themselves.
    unsafe {
        match ll::kind(ty) {
            k if ll::is_float_kind(k) => LLVMConstReal(ty, 1.0),
            LLVMTypeKind::LLVMStructTypeKind => {
                let mut fields: Vec<LLVMValueRef> = ll::struct_fields(ty).into_iter().map(seed_of).collect();
                LLVMConstNamedStruct(ty, fields.as_mut_ptr(), fields.len() as u32)
            }
            LLVMTypeKind::LLVMArrayTypeKind => {
                let e = ll::element_type(ty);
                let mut elems = vec![seed_of(e); LLVMGetArrayLength2(ty) as usize];
                LLVMConstArray2(e, elems.as_mut_ptr(), elems.len() as u64)
            }
            // `{<2 x float>, float}`: three floats returned by value.
            LLVMTypeKind::LLVMVectorTypeKind => {
                let mut lanes = vec![seed_of(ll::element_type(ty)); LLVMGetVectorSize(ty) as usize];
                LLVMConstVector(lanes.as_mut_ptr(), lanes.len() as u32)
            }
            _ => LLVMConstNull(ty),
        }
    }
}

/// Where the active return of a combined reverse call (ABI §4.3: seeded with 1.0 in every
/// element) has a field that is neither floating point nor pointer: no seed can be deduced.
/// Returns the printed field type and its index path.
fn unseedable_field(ty: LLVMTypeRef) -> Option<(String, String)> {
    let fields: Vec<LLVMTypeRef> = match ll::kind(ty) {
        LLVMTypeKind::LLVMStructTypeKind => ll::struct_fields(ty),
        LLVMTypeKind::LLVMArrayTypeKind => vec![ll::element_type(ty)],
        _ if default_activity(ty, Mode::Reverse) == Activity::Const && !ll::is_pointer(ty) => {
            return Some((ll::print_type(ty), String::new()))
        }
        _ => return None,
    };
    fields.into_iter().enumerate().find_map(|(i, t)| {
        unseedable_field(t).map(|(t, path)| (t, format!("[{i}]{path}")))
    })
}
