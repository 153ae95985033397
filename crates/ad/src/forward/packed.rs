//! Rule-table calls whose operands and result are packed (re, im) pairs: the complex helpers
//! and complex library calls (`rules/complex.rs`). As clang 22 lowers them on x86-64, a
//! `double complex` travels as two `double` arguments and comes back as `{double, double}`
//! (`__muldc3`, `cexp`); a `float complex` travels as `<2 x float>` (`cexpf`, `cabsf`) and
//! `__mulsc3`/`__divsc3` take four floats and return `<2 x float>`. The call's arguments and
//! result are split into the row's scalar operands and outputs, the row is applied per lane,
//! and each lane's output tangents are packed back into the result's type. Other rows with
//! several outputs (`llvm.sincos`, `{sin, cos}`) split their struct result the same way.

use catalase_ir::builder::Builder;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::opcodes::Flags;
use catalase_ir::{Type, Value};

use super::func::FnCtx;
use crate::rules::{self, Rule};
use crate::sink::IrSink;

/// Whether a call of `rule` with `nargs` arguments needs splitting: several outputs, or
/// operands packed into fewer arguments.
pub(crate) fn is_packed(rule: &Rule, nargs: usize) -> bool {
    rule.outputs.len() > 1 || nargs != rule.arity()
}

impl FnCtx<'_, '_> {
    /// Tangent lanes of the packed result `res` of a call of `rule` with `args`, whose primal
    /// result in the derivative is `r`.
    pub(super) fn packed_rule_lanes(
        &mut self,
        rule: &Rule,
        args: &[Value],
        res: Value,
        r: Value,
    ) -> Result<Vec<Value>, Diagnostic> {
        let res_ty = self.src.dfg.value_type(res).clone();
        let arg_tys: Vec<Type> = args.iter().map(|a| self.src.dfg.value_type(*a).clone()).collect();
        let Some(elem) = element_type(rule, &arg_tys, &res_ty) else {
            return Err(self.error(DiagKind::Unsupported, shape_message(rule), shape_help(rule)));
        };
        let pargs: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
        let tans: Vec<Vec<Option<Value>>> = args.iter().map(|a| self.tangent_opts(*a)).collect();
        let flags = self.cur.map_or(Flags::NONE, |i| self.src.dfg.insts[i].flags.fast_math());
        let width = self.width();
        let strong_zero = self.req.strong_zero;
        Ok(self.ins(|b| {
            let ops: Vec<Value> = pargs.iter().flat_map(|v| split(b, *v)).collect();
            let outs = split(b, r);
            let lanes: Vec<Vec<Option<Value>>> = (0..width)
                .map(|l| {
                    let mut lane = Vec::new();
                    for (t, ty) in tans.iter().zip(&arg_tys) {
                        match t[l] {
                            Some(v) => lane.extend(split(b, v).into_iter().map(Some)),
                            None => lane.extend(vec![None; parts(ty).len()]),
                        }
                    }
                    lane
                })
                .collect();
            let mut sink = IrSink { b: &mut *b, ty: elem.clone(), args: ops, results: outs, flags };
            let tangents = rules::tangent_lanes(rule, &mut sink, &lanes, strong_zero);
            tangents
                .into_iter()
                .map(|outputs| {
                    let values: Vec<Value> =
                        outputs.into_iter().map(|t| t.unwrap_or_else(|| b.zero(elem.clone()))).collect();
                    pack(b, &res_ty, &values)
                })
                .collect()
        }))
    }
}

/// The float type of the row's scalar operands and outputs when a call with arguments of
/// `arg_tys` and result `res_ty` splits into them; `None` when it does not (the call has a shape
/// the row does not describe).
pub(crate) fn element_type(rule: &Rule, arg_tys: &[Type], res_ty: &Type) -> Option<Type> {
    let elem = parts(res_ty)[0].clone();
    let operands: Vec<Type> = arg_tys.iter().flat_map(parts).collect();
    let fits = elem.is_float()
        && operands.len() == rule.arity()
        && parts(res_ty).len() == rule.outputs.len()
        && operands.iter().chain(parts(res_ty).iter()).all(|t| *t == elem);
    fits.then_some(elem)
}

/// Why a call does not fit its row (see [`element_type`]), and what to do ([`shape_help`]).
pub(crate) fn shape_message(rule: &Rule) -> String {
    let how = if rules::is_complex(rule) { ", as x86-64 passes a complex number by value" } else { ", as scalars" };
    format!(
        "this call to `{}` does not have the shape its rule expects ({} float operands, {} results{how})",
        rule.name,
        rule.arity(),
        rule.outputs.len()
    )
}

pub(crate) fn shape_help(rule: &Rule) -> &'static str {
    if rules::is_complex(rule) {
        "long double complex and complex numbers passed in memory are not supported yet; use double complex or float complex"
    } else {
        "vector calls of this intrinsic are not supported yet; build the loop around it without vectorization (-fno-vectorize) or call sin and cos"
    }
}

/// The scalar types a value of type `ty` splits into: the fields of a struct, the lanes of a
/// vector, or the value itself.
pub(crate) fn parts(ty: &Type) -> Vec<Type> {
    match ty {
        Type::Struct { fields, .. } => fields.clone(),
        Type::Vector(n, e) => vec![(**e).clone(); *n as usize],
        t => vec![t.clone()],
    }
}

pub(crate) fn split(b: &mut Builder, v: Value) -> Vec<Value> {
    match b.value_type(v) {
        Type::Struct { fields, .. } => (0..fields.len()).map(|i| b.extract_value(v, vec![i as u32])).collect(),
        Type::Vector(n, _) => (0..n)
            .map(|i| {
                let idx = b.iconst(Type::I32, i as i128);
                b.extract_element(v, idx)
            })
            .collect(),
        _ => vec![v],
    }
}

pub(crate) fn pack(b: &mut Builder, ty: &Type, values: &[Value]) -> Value {
    match ty {
        Type::Struct { .. } => {
            let mut acc = b.undef(ty.clone());
            for (i, v) in values.iter().enumerate() {
                acc = b.insert_value(acc, *v, vec![i as u32]);
            }
            acc
        }
        Type::Vector(..) => {
            let mut acc = b.undef(ty.clone());
            for (i, v) in values.iter().enumerate() {
                let idx = b.iconst(Type::I32, i as i128);
                acc = b.insert_element(acc, *v, idx);
            }
            acc
        }
        _ => values[0],
    }
}
