//! Bit operations on a float's bits taken as an integer (`(v2i)x & mask`, a union, SSE's
//! `_mm_and_pd`, Eigen's `pfrexp`).
//!
//! Forward mode moves a tangent's bits the way the primal's bits move (`or` of packed fields,
//! shifts, `and` that keeps whole fields): right for data that is only moved. An operation that
//! cuts into a float (clearing its exponent, setting bits of it) makes a new number whose
//! tangent is not the same operation on the old tangent's bits; it is refused. Reverse mode
//! refuses integer operations on values with adjoints in any case (`augmented::check`).

use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{BinaryOp, CastOp};
use catalase_ir::{Const, Function, Type, Value};

/// The width of the floats whose bits `v` holds, when it is made from a float by a bitcast,
/// through other bit operations (at most a few steps back).
fn float_source_width(f: &Function, v: Value, depth: u32) -> Option<u32> {
    let ValueDef::Result(inst) = f.dfg.values[v].def else { return None };
    match f.dfg.inst(inst) {
        InstData::Cast { op: CastOp::Bitcast, arg } => match f.dfg.value_type(*arg) {
            Type::F64 => Some(64),
            Type::F32 => Some(32),
            Type::Vector(_, lane) if **lane == Type::F64 => Some(64),
            Type::Vector(_, lane) if **lane == Type::F32 => Some(32),
            _ => None,
        },
        InstData::Binary { op: BinaryOp::And | BinaryOp::Or | BinaryOp::Xor, args } if depth > 0 => {
            args.iter().find_map(|a| float_source_width(f, *a, depth - 1))
        }
        _ => None,
    }
}

/// The lanes of an integer constant (scalar or vector), as raw bits.
fn int_lanes(f: &Function, v: Value) -> Option<Vec<u128>> {
    match &f.dfg.values[v].def {
        ValueDef::Const(Const::Int(bits)) => Some(vec![*bits]),
        ValueDef::Const(Const::Zero) => Some(vec![0]),
        ValueDef::Const(Const::Aggregate(lanes)) => lanes
            .iter()
            .map(|c| match c {
                Const::Int(b) => Some(*b),
                Const::Zero => Some(0),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Why `data`, an `and`/`or`/`xor` on a float's bits, is not a pure move of them (`None` when it
/// is: `and` keeping or clearing whole floats, `or`/`xor` with zero, `xor` with sign bits).
pub fn cuts_float_bits(f: &Function, data: &InstData) -> Option<String> {
    let InstData::Binary { op: op @ (BinaryOp::And | BinaryOp::Or | BinaryOp::Xor), args } = data else { return None };
    let (bits_arg, other) = if let Some(w) = float_source_width(f, args[0], 4) {
        ((args[0], w), args[1])
    } else if let Some(w) = float_source_width(f, args[1], 4) {
        ((args[1], w), args[0])
    } else {
        return None;
    };
    let (_, fw) = bits_arg;
    let lane_width = match f.dfg.value_type(args[0]) {
        Type::Int(w) => *w,
        Type::Vector(_, lane) => match **lane {
            Type::Int(w) => w,
            _ => return None,
        },
        _ => return None,
    };
    let what = format!("`{}` on the bits of a {}-bit float", op.name(), fw);
    // Two float-carrying operands: packing (`or`) moves fields; anything else mixes them.
    let Some(lanes) = int_lanes(f, other) else {
        return (*op != BinaryOp::Or).then(|| format!("{what} with another value"));
    };
    let ones = if lane_width >= 128 { u128::MAX } else { (1u128 << lane_width) - 1 };
    let sign = 1u128 << (lane_width - 1);
    let ok = lanes.iter().all(|&c| {
        let c = c & ones;
        match op {
            BinaryOp::And => c == 0 || c == ones,
            BinaryOp::Or => c == 0,
            _ => c == 0 || (lane_width == fw && c == sign),
        }
    });
    (!ok).then(|| format!("{what} with a mask that cuts into the float (its exponent or mantissa)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::parser::parse_module;

    fn check(src: &str) -> Vec<Option<String>> {
        let m = parse_module(src).expect("parses");
        let f = &m.functions()[m.find_function("m").unwrap()];
        f.layout.blocks().flat_map(|b| f.layout.block_insts(b)).map(|i| cuts_float_bits(f, f.dfg.inst(i))).collect()
    }

    #[test]
    fn masks_that_cut_into_a_float_are_named() {
        let r = check(
            "func @m(f64) -> f64 {\n    v8 = const i64 9227875636482146303\n    v9 = const i64 4602678819172646912\nblock0(v0: f64):\n    v1: i64 = bitcast v0\n    v2: i64 = and v1, v8\n    v3: i64 = or v2, v9\n    v4: f64 = bitcast v3\n    ret v4\n}\n",
        );
        assert!(r[1].as_deref().is_some_and(|m| m.contains("`and`")), "{r:?}");
        assert!(r[2].as_deref().is_some_and(|m| m.contains("`or`")), "{r:?}");
    }

    #[test]
    fn whole_fields_and_sign_flips_move_bits() {
        let r = check(
            "func @m(f64) -> f64 {\n    v8 = const i64 18446744073709551615\n    v9 = const i64 9223372036854775808\nblock0(v0: f64):\n    v1: i64 = bitcast v0\n    v2: i64 = and v1, v8\n    v3: i64 = xor v2, v9\n    v4: f64 = bitcast v3\n    ret v4\n}\n",
        );
        assert!(r.iter().all(Option::is_none), "{r:?}");
    }
}
