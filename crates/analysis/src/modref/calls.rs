//! What a call may write and read, summarised per callee: a [`CallSummary`] says through which
//! arguments a function writes or reads, and whether it touches other memory (globals, memory
//! reached through loaded pointers).
//!
//! Sources, first match wins: functions known by name ([`crate::known`]: libm reads and writes
//! nothing but its output pointers and the library globals it sets (`signgam`, see `modref`), allocators touch no existing memory, `memcpy` writes its
//! destination and reads its source, `free` and `realloc` write what they free); defined
//! functions (their bodies, summarised to a fixpoint over the call graph, recursion included);
//! attributes of declarations and call sites (`readnone`, `readonly`, LLVM's `memory(...)`
//! encoding, per-parameter `readonly`/`readnone`); otherwise an unknown function, which may read
//! and write everything reachable.

use catalase_ir::inst::{AttrList, AttrValue, Callee};
use catalase_ir::{FuncId, Module};

use crate::known::{self, Known};

/// What a callee may touch, from its caller's point of view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallSummary {
    /// Per argument: the callee may write the memory it points to (at any offset).
    pub writes_arg: Vec<bool>,
    /// Per argument: the callee may read the memory it points to.
    pub reads_arg: Vec<bool>,
    /// The callee may write memory other than its arguments' (globals, memory reached through
    /// pointers it loads, escaped allocations).
    pub writes_other: bool,
    /// The callee may read such memory.
    pub reads_other: bool,
}

impl CallSummary {
    /// Touches nothing.
    pub fn none(nargs: usize) -> CallSummary {
        CallSummary { writes_arg: vec![false; nargs], reads_arg: vec![false; nargs], ..CallSummary::default() }
    }
    /// May read and write everything reachable.
    pub fn everything(nargs: usize) -> CallSummary {
        CallSummary { writes_arg: vec![true; nargs], reads_arg: vec![true; nargs], writes_other: true, reads_other: true }
    }
    /// Join `other` in; whether anything changed.
    pub fn join(&mut self, other: &CallSummary) -> bool {
        let before = self.clone();
        let n = self.writes_arg.len().max(other.writes_arg.len());
        self.writes_arg.resize(n, false);
        self.reads_arg.resize(n, false);
        for (a, b) in self.writes_arg.iter_mut().zip(&other.writes_arg) {
            *a |= *b;
        }
        for (a, b) in self.reads_arg.iter_mut().zip(&other.reads_arg) {
            *a |= *b;
        }
        self.writes_other |= other.writes_other;
        self.reads_other |= other.reads_other;
        *self != before
    }
}

/// How a call is summarised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallKind {
    Known(Known),
    /// A function defined in the module (its summary comes from its body).
    Defined(FuncId),
    /// Anything else, with what its attributes promise.
    Other(CallSummary),
}

/// Classify a call of `callee` with `nargs` arguments and call-site attributes `attrs`.
pub fn classify(module: &Module, callee: &Callee, attrs: &AttrList, nargs: usize) -> CallKind {
    let decl = match callee {
        Callee::Direct(name) => module.find_function(name),
        Callee::Indirect(_) => None,
    };
    if let Some(id) = decl.filter(|id| !module.function(*id).is_declaration()) {
        return CallKind::Defined(id);
    }
    if let Callee::Direct(name) = callee {
        if let Some(k) = known::lookup(name) {
            return CallKind::Known(k);
        }
    }
    let decl_attrs = decl.map(|id| &module.function(id).attrs);
    CallKind::Other(from_attributes(attrs, decl_attrs, nargs))
}

/// The attributes of the declaration (or definition) a direct call names.
pub fn declaration_attrs<'m>(module: &'m Module, callee: &Callee) -> Option<&'m AttrList> {
    match callee {
        Callee::Direct(name) => module.find_function(name).map(|id| &module.function(id).attrs),
        Callee::Indirect(_) => None,
    }
}

/// What the attributes of a call site and its declaration promise.
fn from_attributes(site: &AttrList, decl: Option<&AttrList>, nargs: usize) -> CallSummary {
    let has = |a: &str| site.func_has(a) || decl.is_some_and(|d| d.func_has(a));
    let param_has = |i: usize, a: &str| site.param_has(i, a) || decl.is_some_and(|d| d.param_has(i, a));
    let mut s = if has("readnone") {
        CallSummary::none(nargs)
    } else if has("readonly") {
        CallSummary { writes_arg: vec![false; nargs], reads_arg: vec![true; nargs], writes_other: false, reads_other: true }
    } else {
        CallSummary::everything(nargs)
    };
    if let Some(bits) = memory_attr(site).or_else(|| decl.and_then(memory_attr)) {
        let (arg, other) = (bits & 0b11, (bits >> 6) & 0b11);
        s.writes_other &= other & 0b10 != 0;
        s.reads_other &= other & 0b01 != 0;
        s.writes_arg.iter_mut().for_each(|w| *w &= arg & 0b10 != 0);
        s.reads_arg.iter_mut().for_each(|r| *r &= arg & 0b01 != 0);
    }
    for i in 0..nargs {
        if param_has(i, "readonly") || param_has(i, "readnone") {
            s.writes_arg[i] = false;
        }
        if param_has(i, "readnone") || param_has(i, "writeonly") {
            s.reads_arg[i] = false;
        }
    }
    s
}

/// LLVM's `memory(...)` encoding: two bits (ref = 1, mod = 2) per location, argument memory
/// in bits 0–1 and other memory in bits 6–7 (inaccessible, errno and target memory, which a
/// program's loads cannot see, in between and above).
fn memory_attr(attrs: &AttrList) -> Option<u64> {
    attrs.func.iter().find(|a| a.name == "memory").and_then(|a| match a.value {
        AttrValue::Int(bits) => Some(bits),
        _ => None,
    })
}

/// The summary a known function has (`nargs` arguments).
pub fn known_summary(k: Known, nargs: usize) -> CallSummary {
    let mut s = CallSummary::none(nargs);
    let set = |v: &mut Vec<bool>, i: usize| {
        if let Some(x) = v.get_mut(i) {
            *x = true;
        }
    };
    match k {
        Known::Alloc { .. } | Known::Inert => {}
        Known::Math { out, .. } => out.iter().for_each(|&(i, _)| set(&mut s.writes_arg, i)),
        Known::Free | Known::Realloc | Known::Set => set(&mut s.writes_arg, 0),
        Known::Copy => {
            set(&mut s.writes_arg, 0);
            set(&mut s.reads_arg, 1);
        }
    }
    if k == Known::Realloc {
        set(&mut s.reads_arg, 0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::inst::Attr;

    #[test]
    fn attributes_limit_what_an_external_touches() {
        let none = AttrList::default();
        assert_eq!(from_attributes(&none, None, 2), CallSummary::everything(2));
        let mut ro = AttrList::default();
        ro.func.push(Attr::flag("readonly"));
        let s = from_attributes(&ro, None, 1);
        assert!(!s.writes_arg[0] && s.reads_arg[0] && !s.writes_other);
        // memory(argmem: readwrite) = 0b11: arguments only.
        let mut argmem = AttrList::default();
        argmem.func.push(Attr { name: "memory".into(), value: AttrValue::Int(0b11) });
        argmem.params = vec![vec![], vec![Attr::flag("readonly")]];
        let s = from_attributes(&argmem, None, 2);
        assert_eq!(s.writes_arg, vec![true, false]);
        assert!(!s.writes_other && !s.reads_other);
        // memory(none) with errno writes (bits 4-5) still touches no program memory.
        let mut errno = AttrList::default();
        errno.func.push(Attr { name: "memory".into(), value: AttrValue::Int(0b10_0000) });
        assert_eq!(from_attributes(&errno, None, 1), CallSummary::none(1));
    }
}
