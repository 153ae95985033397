//! The interpreter's memory: byte-addressed allocations (stack slots, heap blocks, globals) at
//! distinct addresses with gaps between them, so that an access past an allocation's end, into
//! freed memory or through null is detected. Addresses are never reused; a byte remembers
//! whether it was ever written, so reading uninitialized memory gives poison.

use std::collections::BTreeMap;

use crate::error::{err, ErrorKind, Result};

/// Who owns an allocation (and so who may free it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// An `alloca`: freed when its function returns.
    Stack,
    /// `malloc`, `new` and friends: freed by `free`/`delete`.
    Heap,
    /// A global variable: lives as long as the interpreter.
    Global,
}

struct Allocation {
    bytes: Vec<u8>,
    init: Vec<bool>,
    region: Region,
    live: bool,
}

/// All memory of one interpreter.
pub struct Memory {
    allocs: BTreeMap<u64, Allocation>,
    next: u64,
}

/// Space left between allocations: an overrun lands in no allocation.
const GAP: u64 = 64;
/// The first address handed out; everything below (null included) is invalid.
const FIRST: u64 = 0x1_0000;

impl Default for Memory {
    fn default() -> Self {
        Memory { allocs: BTreeMap::new(), next: FIRST }
    }
}

impl Memory {
    /// A new allocation of `size` bytes, aligned to `align` (at least 16); `zeroed` marks the
    /// bytes as written zeros (calloc, globals), otherwise they are uninitialized.
    pub fn allocate(&mut self, size: u64, align: u64, region: Region, zeroed: bool) -> Result<u64> {
        if size > 1 << 32 {
            return err(ErrorKind::Unsupported(format!("allocation of {size} bytes")));
        }
        let align = align.max(16);
        let base = self.next.div_ceil(align) * align;
        self.next = base + size.max(1) + GAP;
        let n = size as usize;
        self.allocs.insert(base, Allocation { bytes: vec![0; n], init: vec![zeroed; n], region, live: true });
        Ok(base)
    }

    /// Free the allocation starting at `addr` (which must be live and of `region`).
    pub fn free(&mut self, addr: u64, region: Region) -> Result<()> {
        match self.allocs.get_mut(&addr) {
            Some(a) if a.live && a.region == region => {
                a.live = false;
                a.bytes = Vec::new();
                a.init = Vec::new();
                Ok(())
            }
            _ => err(ErrorKind::InvalidFree { addr }),
        }
    }

    /// The size of the live allocation that starts at `addr`.
    pub fn size_at(&self, addr: u64) -> Option<u64> {
        self.allocs.get(&addr).filter(|a| a.live).map(|a| a.bytes.len() as u64)
    }

    /// The allocation holding `[addr, addr + size)` and the offset of `addr` in it.
    fn locate(&self, addr: u64, size: u64) -> Result<(u64, usize)> {
        let Some((&base, a)) = self.allocs.range(..=addr).next_back() else {
            return err(ErrorKind::OutOfBounds { addr, size });
        };
        if !a.live && addr < base + GAP {
            return err(ErrorKind::UseAfterFree { addr });
        }
        let end = addr.checked_add(size);
        if end.is_none_or(|e| e > base + a.bytes.len() as u64) {
            return err(ErrorKind::OutOfBounds { addr, size });
        }
        Ok((base, (addr - base) as usize))
    }

    /// Bytes and their written-ness at `[addr, addr + size)`.
    pub fn read(&self, addr: u64, size: u64) -> Result<(&[u8], &[bool])> {
        let (base, off) = self.locate(addr, size)?;
        let a = &self.allocs[&base];
        let end = off + size as usize;
        Ok((&a.bytes[off..end], &a.init[off..end]))
    }

    /// Write `bytes` at `addr`.
    pub fn write(&mut self, addr: u64, bytes: &[u8]) -> Result<()> {
        let (base, off) = self.locate(addr, bytes.len() as u64)?;
        let a = self.allocs.get_mut(&base).expect("located allocation exists");
        a.bytes[off..off + bytes.len()].copy_from_slice(bytes);
        a.init[off..off + bytes.len()].iter_mut().for_each(|b| *b = true);
        Ok(())
    }

    /// `memmove(dst, src, n)`: copies bytes and their written-ness; overlap is allowed.
    pub fn copy(&mut self, dst: u64, src: u64, n: u64) -> Result<()> {
        if n == 0 {
            return Ok(());
        }
        let (bytes, init) = self.read(src, n)?;
        let (bytes, init) = (bytes.to_vec(), init.to_vec());
        let (base, off) = self.locate(dst, n)?;
        let a = self.allocs.get_mut(&base).expect("located allocation exists");
        a.bytes[off..off + n as usize].copy_from_slice(&bytes);
        a.init[off..off + n as usize].copy_from_slice(&init);
        Ok(())
    }

    /// `memset(dst, byte, n)`.
    pub fn fill(&mut self, dst: u64, byte: u8, n: u64) -> Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(dst, &vec![byte; n as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_lifetime_are_checked() {
        let mut m = Memory::default();
        let p = m.allocate(16, 8, Region::Heap, false).unwrap();
        m.write(p + 8, &[1; 8]).unwrap();
        let (bytes, init) = m.read(p + 4, 8).unwrap();
        assert_eq!(bytes, &[0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(init, &[false, false, false, false, true, true, true, true]);
        assert!(matches!(m.read(p + 12, 8).unwrap_err().kind, ErrorKind::OutOfBounds { .. }));
        assert!(matches!(m.read(0, 8).unwrap_err().kind, ErrorKind::OutOfBounds { .. }));
        assert!(matches!(m.free(p + 8, Region::Heap).unwrap_err().kind, ErrorKind::InvalidFree { .. }));
        m.free(p, Region::Heap).unwrap();
        assert!(matches!(m.read(p, 8).unwrap_err().kind, ErrorKind::UseAfterFree { .. }));
        assert!(matches!(m.free(p, Region::Heap).unwrap_err().kind, ErrorKind::InvalidFree { .. }));
    }

    #[test]
    fn overlapping_copy_is_a_move() {
        let mut m = Memory::default();
        let p = m.allocate(8, 1, Region::Heap, false).unwrap();
        m.write(p, &[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        m.copy(p + 2, p, 4).unwrap();
        assert_eq!(m.read(p, 8).unwrap().0, &[1, 2, 1, 2, 3, 4, 7, 8]);
    }
}
