//! The masked memory intrinsics: `llvm.masked.load/store` (consecutive lanes),
//! `llvm.masked.expandload/compressstore` (the enabled lanes packed in memory) and
//! `llvm.masked.gather/scatter` (one pointer per lane). Masked-off lanes touch no memory and
//! take the pass-through's lane; a scatter writes its lanes in order, so the last enabled lane
//! wins at a repeated address, as in LLVM. An alignment operand (before LLVM 22) is skipped.

use catalase_ir::{Signature, Type};

use crate::error::{err, ErrorKind, Result};
use crate::memory::Memory;
use crate::value::{decode, encode, Val};

/// How the lanes map to addresses.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// Lane i at `ptr + i·size`.
    Consecutive,
    /// The k-th enabled lane at `ptr + k·size`.
    Packed,
    /// Lane i at `ptrs[i]`.
    PerLane,
}

const KINDS: [(&str, bool, Shape); 6] = [
    ("llvm.masked.load.", true, Shape::Consecutive),
    ("llvm.masked.expandload.", true, Shape::Packed),
    ("llvm.masked.gather.", true, Shape::PerLane),
    ("llvm.masked.store.", false, Shape::Consecutive),
    ("llvm.masked.compressstore.", false, Shape::Packed),
    ("llvm.masked.scatter.", false, Shape::PerLane),
];

/// Run `name` (`llvm.masked.gather.v4f64.v4p0`, ...) if it is a masked memory intrinsic.
pub fn call(mem: &mut Memory, name: &str, sig: &Signature, args: &[Val]) -> Result<Option<Val>> {
    let Some(&(base, load, shape)) = KINDS.iter().find(|(prefix, ..)| name.starts_with(prefix)) else {
        return Ok(None);
    };
    let base = base.trim_end_matches('.');
    let n = args.len();
    if n < 3 {
        return err(ErrorKind::BadArguments(format!("{base} takes at least 3 arguments, got {n}")));
    }
    let vty = if load { &sig.ret } else { sig.params.first().unwrap_or(&Type::Void) };
    let Type::Vector(lanes, elem) = vty else {
        return err(ErrorKind::TypeMismatch(format!("{base} on {vty}")));
    };
    let (ptr, mask) = if load { (&args[0], &args[n - 2]) } else { (&args[1], &args[n - 1]) };
    let mut addrs = Addresses { ptr, shape, size: elem.alloc_size(), enabled: 0 };
    let mut out = Vec::with_capacity(*lanes as usize);
    for i in 0..*lanes as usize {
        let on = match lane(mask, i) {
            Val::Int(b) => b != 0,
            _ => return err(ErrorKind::Poison("used as a mask lane")),
        };
        if load {
            out.push(match on {
                true => {
                    let (bytes, init) = mem.read(addrs.at(i)?, elem.store_size())?;
                    decode(elem, bytes, init)?
                }
                false => lane(&args[n - 1], i),
            });
        } else if on {
            let mut bytes = vec![0u8; elem.store_size() as usize];
            encode(elem, &lane(&args[0], i), &mut bytes)?;
            mem.write(addrs.at(i)?, &bytes)?;
        }
    }
    Ok(Some(if load { Val::Vec(out) } else { Val::Void }))
}

/// Lane `i` of a vector (a whole-vector poison has poison lanes).
fn lane(v: &Val, i: usize) -> Val {
    match v {
        Val::Vec(items) => items.get(i).cloned().unwrap_or(Val::Poison),
        _ => Val::Poison,
    }
}

struct Addresses<'a> {
    ptr: &'a Val,
    shape: Shape,
    size: u64,
    /// Enabled lanes so far (for packed lanes).
    enabled: u64,
}

impl Addresses<'_> {
    /// The address of enabled lane `i`.
    fn at(&mut self, i: usize) -> Result<u64> {
        let p = match self.shape {
            Shape::PerLane => lane(self.ptr, i),
            _ => self.ptr.clone(),
        };
        let Val::Ptr(p) = p else { return err(ErrorKind::Poison("used as an address")) };
        let k = match self.shape {
            Shape::Consecutive => i as u64,
            Shape::Packed => self.enabled,
            Shape::PerLane => 0,
        };
        self.enabled += 1;
        Ok(p.wrapping_add(k * self.size))
    }
}
