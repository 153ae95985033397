//! The `.cir` text format: printing. Every fixture, `--print` option and bug report uses it.
//!
//! ```text
//! global @table : [4 x f64] constant
//! declare @sin(f64) -> f64
//! func @f(f64, ptr) -> f64 {
//!     v9 = const f64 0x3FF0000000000000
//! block0(v0: f64, v1: ptr):
//!     v2: f64 = load v1 align 8
//!     v3: f64 = fmul fast v0, v2 !dbg "f.c":3:10
//!     br block1(v3)
//! block1(v4: f64):
//!     ret v4
//! }
//! ```
//! Every instruction result carries its type (`v2: f64`); constants are listed before the
//! first block; attributes print as `attrs{fn(nounwind) ret(noundef) p0(sret({f64, f64}))}`.

use std::fmt::{self, Write};

use crate::constant::Const;
use crate::entities::Value;
use crate::function::{Function, Linkage, Module, ValueDef};
use crate::inst::{Attr, AttrList, AttrValue, BlockCall, Callee, InstData, Signature};
use crate::opcodes::{Flag, Flags};
use crate::types::Type;

/// Print a whole module.
pub fn print_module(m: &Module) -> String {
    let mut s = String::new();
    for g in m.globals() {
        let _ = write!(s, "global @{} : {}", quote_name(&g.name), g.ty);
        if g.constant {
            s.push_str(" constant");
        }
        if g.inactive {
            s.push_str(" inactive");
        }
        s.push('\n');
    }
    for f in m.functions().values() {
        s.push_str(&print_function(f));
    }
    s
}

/// Print one function (a definition or a declaration).
pub fn print_function(f: &Function) -> String {
    let mut s = String::new();
    let _ = write_function(&mut s, f);
    s
}

fn write_function(s: &mut String, f: &Function) -> fmt::Result {
    let kw = if f.is_declaration() { "declare" } else { "func" };
    write!(s, "{kw} @{}", quote_name(&f.name))?;
    write_sig_params(s, &f.sig)?;
    if !f.sig.ret.is_void() {
        write!(s, " -> {}", f.sig.ret)?;
    }
    if f.linkage != Linkage::External {
        write!(s, " linkage {}", linkage_name(f.linkage))?;
    }
    write_attrs(s, &f.attrs)?;
    if f.is_declaration() {
        s.push('\n');
        return Ok(());
    }
    s.push_str(" {\n");
    // Constants used by the body, in value order.
    for (v, data) in f.dfg.values.iter() {
        if let ValueDef::Const(c) = &data.def {
            writeln!(s, "    {v} = const {} {}", data.ty, ConstDisplay(c, &data.ty))?;
        }
    }
    for b in f.layout.blocks() {
        write!(s, "{b}(")?;
        for (i, p) in f.dfg.block_params(b).iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            write!(s, "{p}: {}", f.dfg.value_type(*p))?;
        }
        s.push_str("):\n");
        for inst in f.layout.block_insts(b) {
            s.push_str("    ");
            write_inst(s, f, inst)?;
            s.push('\n');
        }
    }
    s.push_str("}\n");
    Ok(())
}

/// Print one instruction on one line (no indentation), e.g. for diagnostics.
pub fn print_inst(f: &Function, inst: crate::entities::Inst) -> String {
    let mut s = String::new();
    let _ = write_inst(&mut s, f, inst);
    s
}

fn write_inst(s: &mut String, f: &Function, inst: crate::entities::Inst) -> fmt::Result {
    let node = &f.dfg.insts[inst];
    if let Some(r) = node.result {
        write!(s, "{r}: {} = ", f.dfg.value_type(r))?;
    }
    s.push_str(node.data.opcode_name());
    write_flags(s, node.flags)?;
    match &node.data {
        InstData::Binary { args, .. }
        | InstData::Icmp { args, .. }
        | InstData::Fcmp { args, .. }
        | InstData::ExtractElement { args }
        | InstData::PtrAdd { args } => {
            if let InstData::Icmp { cond, .. } = &node.data {
                write!(s, " {cond}")?;
            }
            if let InstData::Fcmp { cond, .. } = &node.data {
                write!(s, " {cond}")?;
            }
            write!(s, " {}, {}", args[0], args[1])?;
        }
        InstData::Unary { arg, .. } | InstData::Cast { arg, .. } | InstData::Resume { arg } => write!(s, " {arg}")?,
        InstData::Select { args } | InstData::InsertElement { args } => {
            write!(s, " {}, {}, {}", args[0], args[1], args[2])?
        }
        InstData::Shuffle { args, mask } => write!(s, " {}, {}, {:?}", args[0], args[1], mask)?,
        InstData::ExtractValue { arg, indices } => write!(s, " {arg}, {indices:?}")?,
        InstData::InsertValue { args, indices } => write!(s, " {}, {}, {indices:?}", args[0], args[1])?,
        InstData::Alloca { ty, count, align } => write!(s, " {ty}, {count}, align {align}")?,
        InstData::Load { ptr, mem } => {
            write!(s, " {ptr} align {}", mem.align)?;
            write_mem(s, mem)?;
        }
        InstData::Store { args, mem } => {
            write!(s, " {}, {} align {}", args[0], args[1], mem.align)?;
            write_mem(s, mem)?;
        }
        InstData::Call { callee, args, sig, attrs } => write_call(s, callee, args, sig, attrs)?,
        InstData::Invoke { callee, args, sig, attrs, normal, unwind } => {
            write_call(s, callee, args, sig, attrs)?;
            s.push_str(" to ");
            write_block_call(s, normal)?;
            s.push_str(" unwind ");
            write_block_call(s, unwind)?;
        }
        InstData::Fence { ordering } => write!(s, " {ordering}")?,
        InstData::AtomicRmw { op, args, ordering } => write!(s, " {op} {}, {} {ordering}", args[0], args[1])?,
        InstData::CmpXchg { args, success, failure } => {
            write!(s, " {}, {}, {} {success} {failure}", args[0], args[1], args[2])?
        }
        InstData::LandingPad { cleanup, clauses } => {
            if *cleanup {
                s.push_str(" cleanup");
            }
            write!(s, " [{}]", join_values(clauses))?;
        }
        InstData::Br { dest } => {
            s.push(' ');
            write_block_call(s, dest)?;
        }
        InstData::CondBr { cond, then_dest, else_dest } => {
            write!(s, " {cond}, ")?;
            write_block_call(s, then_dest)?;
            s.push_str(", ");
            write_block_call(s, else_dest)?;
        }
        InstData::Switch { arg, default, cases } => {
            write!(s, " {arg}, ")?;
            write_block_call(s, default)?;
            s.push_str(", [");
            for (i, (val, bc)) in cases.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write!(s, "{val}: ")?;
                write_block_call(s, bc)?;
            }
            s.push(']');
        }
        InstData::Ret { arg } => {
            if let Some(a) = arg {
                write!(s, " {a}")?;
            }
        }
        InstData::Unreachable => {}
    }
    if !node.loop_hints.is_empty() {
        s.push_str(" !loop(");
        for (k, h) in node.loop_hints.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            write!(s, "{sep}\"{}\"", escape(&h.name))?;
            if let Some((bits, v)) = h.value {
                write!(s, " i{bits} {v}")?;
            }
        }
        s.push(')');
    }
    if let Some(loc) = &node.loc {
        write!(s, " !dbg \"{}\":{}:{}", escape(&loc.file), loc.line, loc.col)?;
    }
    Ok(())
}

fn write_flags(s: &mut String, flags: Flags) -> fmt::Result {
    let all_fast = [Flag::Nnan, Flag::Ninf, Flag::Nsz, Flag::Arcp, Flag::Contract, Flag::Afn, Flag::Reassoc];
    let fast = all_fast.iter().all(|f| flags.has(*f));
    for fl in flags.iter() {
        if fast && all_fast.contains(&fl) {
            continue;
        }
        write!(s, " {fl}")?;
    }
    if fast {
        s.push_str(" fast");
    }
    Ok(())
}

fn write_mem(s: &mut String, mem: &crate::inst::MemFlags) -> fmt::Result {
    if mem.volatile {
        s.push_str(" volatile");
    }
    if mem.ordering != crate::opcodes::Ordering::NotAtomic {
        write!(s, " {}", mem.ordering)?;
    }
    Ok(())
}

fn write_call(s: &mut String, callee: &Callee, args: &[Value], sig: &Signature, attrs: &AttrList) -> fmt::Result {
    match callee {
        Callee::Direct(name) => write!(s, " @{}", quote_name(name))?,
        Callee::Indirect(v) => write!(s, " {v}")?,
    }
    write!(s, "({}) : fn", join_values(args))?;
    write_sig_params(s, sig)?;
    write!(s, " -> {}", sig.ret)?;
    write_attrs(s, attrs)
}

fn write_sig_params(s: &mut String, sig: &Signature) -> fmt::Result {
    s.push('(');
    for (i, t) in sig.params.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write!(s, "{t}")?;
    }
    if sig.variadic {
        if !sig.params.is_empty() {
            s.push_str(", ");
        }
        s.push_str("...");
    }
    s.push(')');
    Ok(())
}

fn write_block_call(s: &mut String, bc: &BlockCall) -> fmt::Result {
    write!(s, "{}({})", bc.block, join_values(&bc.args))
}

fn join_values(vs: &[Value]) -> String {
    vs.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

fn write_attrs(s: &mut String, a: &AttrList) -> fmt::Result {
    let any_param = a.params.iter().any(|p| !p.is_empty());
    if a.func.is_empty() && a.ret.is_empty() && !any_param {
        return Ok(());
    }
    s.push_str(" attrs{");
    let mut first = true;
    let mut group = |s: &mut String, label: String, attrs: &[Attr]| -> fmt::Result {
        if attrs.is_empty() {
            return Ok(());
        }
        if !first {
            s.push(' ');
        }
        first = false;
        write!(s, "{label}(")?;
        for (i, at) in attrs.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            write_attr(s, at)?;
        }
        s.push(')');
        Ok(())
    };
    group(s, "fn".into(), &a.func)?;
    group(s, "ret".into(), &a.ret)?;
    for (i, p) in a.params.iter().enumerate() {
        group(s, format!("p{i}"), p)?;
    }
    s.push('}');
    Ok(())
}

fn write_attr(s: &mut String, a: &Attr) -> fmt::Result {
    let name = if !a.name.is_empty() && a.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
        a.name.clone()
    } else {
        format!("\"{}\"", escape(&a.name))
    };
    match &a.value {
        AttrValue::None => write!(s, "{name}"),
        AttrValue::Int(n) => write!(s, "{name}={n}"),
        AttrValue::Type(t) => write!(s, "{name}({t})"),
        AttrValue::Str(v) => write!(s, "{name}=\"{}\"", escape(v)),
    }
}

fn linkage_name(l: Linkage) -> &'static str {
    match l {
        Linkage::External => "external",
        Linkage::Internal => "internal",
        Linkage::Private => "private",
        Linkage::WeakOdr => "weak_odr",
        Linkage::LinkOnceOdr => "linkonce_odr",
        Linkage::Other => "other",
    }
}

/// Symbol names print bare when they are simple, quoted otherwise.
fn quote_name(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$') {
        name.to_string()
    } else {
        format!("\"{}\"", escape(name))
    }
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A constant printed against its type.
struct ConstDisplay<'a>(&'a Const, &'a Type);

impl fmt::Display for ConstDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Const::Int(bits) => write!(f, "{bits}"),
            Const::Float(bits) => write!(f, "0x{bits:X}"),
            Const::Null => write!(f, "null"),
            Const::Undef => write!(f, "undef"),
            Const::Poison => write!(f, "poison"),
            Const::Zero => write!(f, "zeroinitializer"),
            Const::Global(name) => write!(f, "@{}", quote_name(name)),
            Const::Aggregate(items) => {
                write!(f, "[")?;
                for (i, c) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    let member = self.1.member(i as u32).cloned().unwrap_or(Type::Void);
                    write!(f, "{}", ConstDisplay(c, &member))?;
                }
                write!(f, "]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::Builder;

    #[test]
    fn prints_a_small_function() {
        let mut f = Function::with_entry("sq", Signature::new(vec![Type::F64], Type::F64));
        let entry = f.entry_block().unwrap();
        let x = f.params()[0];
        let mut b = Builder::at_end(&mut f, entry);
        let one = b.fconst(&Type::F64, 1.0);
        let y = b.fmul(x, x);
        let z = b.fadd(y, one);
        b.ret(Some(z));
        let text = print_function(&f);
        assert!(text.contains("func @sq(f64) -> f64 {"), "{text}");
        assert!(text.contains("v1 = const f64 0x3FF0000000000000"), "{text}");
        assert!(text.contains("v2: f64 = fmul v0, v0"), "{text}");
        assert!(text.contains("ret v3"), "{text}");
    }
}
