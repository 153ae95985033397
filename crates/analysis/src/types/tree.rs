//! The facts of type analysis: a [`Kind`] per byte offset, in [`Layer`]s nested through
//! pointers (a value's own bytes, the memory it points to, the memory that memory points to...).
//!
//! **Kind lattice.** A `Kind` is the set of scalar kinds seen at one offset: `{}` (Unknown, bottom)
//! ⊑ singletons `{int}`, `{ptr}`, `{f16}`, `{bf16}`, `{f32}`, `{f64}` ⊑ larger sets; join is set
//! union, with one normalisation: `int ∪ ptr = ptr` (an integer that also holds an address is
//! a pointer: code at -O2 moves pointers as `i64`, and `ptrtoint` values meet integer
//! comparisons). Any other set of two or more kinds is a *conflict* (a union read both as int
//! and as double, an `f32` read of an `f64`): it reads as `Anything`, and the set says which kinds
//! met, so a diagnostic can name them.
//!
//! **Layers.** A layer maps byte offsets (relative to where the pointer points, negative
//! allowed) to a [`Cell`]: a kind and, for pointers, the layer of the memory pointed to. The kind
//! is recorded at the *first* byte of each scalar (an `f64` at offset 8 is `8:f64`; bytes 9–15
//! carry nothing). Besides explicit offsets a layer may hold one repeating [`Pattern`]: "for
//! offsets `o ≥ from` with `o ≡ r (mod stride)`, kind K" (an array of doubles indexed by a
//! variable is `0+8k:f64`; an array of `{double, int}` is `0+16k:f64,8+16k:int`).
//!
//! **Limits** (like Enzyme's `max-type-depth`/`max-type-offset`): layers nest at most
//! [`MAX_DEPTH`] pointers deep and explicit offsets stay within ±[`MAX_OFFSET`] bytes; facts
//! beyond are dropped (they read as Unknown). `MAX_OFFSET` is 512 rather than Enzyme's 100 so
//! that fully unrolled loops over arrays of up to 64 doubles keep their types. Patterns whose
//! strides disagree are merged at the least common multiple when it is at most `MAX_OFFSET`,
//! otherwise folded to the greatest common divisor (coarser: residues merge, may conflict).
//! Together these bound the lattice's height, so every fixpoint terminates.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use catalase_ir::Type;

/// Deepest pointer nesting tracked (a pointer to a pointer to ... six levels).
pub const MAX_DEPTH: usize = 6;

thread_local! {
    /// The nesting depth the joins of this thread keep: [`MAX_DEPTH`], or less while an
    /// analysis runs under [`with_depth`].
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_DEPTH) };
}

/// The nesting depth joins keep now (see [`with_depth`]).
pub fn depth_limit() -> usize {
    DEPTH.with(|d| d.get())
}

/// Run `f` with joins keeping layers nested at most `depth` pointers deep (at most
/// [`MAX_DEPTH`]): a coarser lattice of the same shape, for analyses whose facts grow too large
/// at the full depth (recursive structures: every pointer field of a tree node holds a whole
/// node again, so the facts grow as the number of fields to the power of the depth).
pub fn with_depth<T>(depth: usize, f: impl FnOnce() -> T) -> T {
    let old = DEPTH.with(|d| d.replace(depth.min(MAX_DEPTH)));
    let out = f();
    DEPTH.with(|d| d.set(old));
    out
}
/// Largest byte offset (in absolute value) tracked explicitly, and the largest pattern stride.
pub const MAX_OFFSET: i64 = 512;
/// Explicit cells a layer holds before [`Layer::widen`] tries to make them a pattern.
pub const WIDEN_AT: usize = 32;

/// The set of scalar kinds seen at one offset (see the module doc for the order).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Kind(u8);

impl Kind {
    pub const UNKNOWN: Kind = Kind(0);
    pub const INT: Kind = Kind(1);
    pub const PTR: Kind = Kind(2);
    pub const F16: Kind = Kind(4);
    pub const BF16: Kind = Kind(8);
    pub const F32: Kind = Kind(16);
    pub const F64: Kind = Kind(32);

    /// What a declared scalar type says by itself: floats and pointers are what they say;
    /// integers say nothing (an `i64` may move a double).
    pub fn of_declared(ty: &Type) -> Kind {
        match ty {
            Type::Half => Kind::F16,
            Type::BFloat => Kind::BF16,
            Type::F32 => Kind::F32,
            Type::F64 => Kind::F64,
            Type::Ptr(_) => Kind::PTR,
            Type::Int(1) => Kind::INT,
            _ => Kind::UNKNOWN,
        }
    }
    pub fn is_unknown(self) -> bool {
        self.0 == 0
    }
    /// More than one kind met here.
    pub fn is_conflict(self) -> bool {
        self.0.count_ones() > 1
    }
    pub fn contains(self, k: Kind) -> bool {
        self.0 & k.0 == k.0 && k.0 != 0
    }
    /// Join `other` into `self`; whether `self` changed.
    pub fn join(&mut self, other: Kind) -> bool {
        let mut bits = self.0 | other.0;
        if bits & Kind::PTR.0 != 0 {
            bits &= !Kind::INT.0;
        }
        let changed = bits != self.0;
        self.0 = bits;
        changed
    }
    /// The single kinds in the set, by name (`int`, `ptr`, `f64`, ...).
    pub fn names(self) -> Vec<&'static str> {
        const NAMES: [(Kind, &str); 6] = [
            (Kind::INT, "int"),
            (Kind::PTR, "ptr"),
            (Kind::F16, "f16"),
            (Kind::BF16, "bf16"),
            (Kind::F32, "f32"),
            (Kind::F64, "f64"),
        ];
        NAMES.iter().filter(|(k, _)| self.contains(*k)).map(|(_, n)| *n).collect()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.names().as_slice() {
            [] => f.write_str("unknown"),
            [one] => f.write_str(one),
            _ => f.write_str("any"),
        }
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.names().join(","))
    }
}

/// The facts at one offset: the kind there and, if it holds an address, what that points to.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Cell {
    pub kind: Kind,
    /// Shared: copying a layer copies its top level only, and a join copies a pointee that
    /// other layers share only when it changes it (`Rc::make_mut`).
    pub pointee: Option<Rc<Layer>>,
}

impl Cell {
    pub fn of(kind: Kind) -> Cell {
        Cell { kind, pointee: None }
    }
    /// Join `other` into `self`; whether `self` changed.
    pub fn merge(&mut self, other: &Cell) -> bool {
        self.join(other, 0)
    }
    /// Whether `self` says nothing `other` does not.
    pub fn covered_by(&self, other: &Cell) -> bool {
        covered(self.kind, self.pointee.as_deref(), other, 0)
    }
    /// Join `other` into `self` at nesting `depth`; whether `self` changed.
    fn join(&mut self, other: &Cell, depth: usize) -> bool {
        let mut changed = self.kind.join(other.kind);
        if let Some(p) = &other.pointee {
            if depth < depth_limit() && !p.is_empty() {
                match &mut self.pointee {
                    // Shared and left as it is: no copy.
                    Some(q) if Rc::ptr_eq(q, p) || (Rc::strong_count(q) > 1 && q.covers_at(p, depth + 1)) => {}
                    Some(q) => changed |= Rc::make_mut(q).join_at(p, depth + 1),
                    None => {
                        let mut q = Layer::default();
                        changed |= q.join_at(p, depth + 1);
                        self.pointee = Some(Rc::new(q));
                    }
                }
            }
        }
        changed
    }
}

/// Whether joining the cell (`kind`, `pointee`) into `other` at nesting `depth` would leave
/// `other` as it is (`Cell::join` without the copy it would take to try).
fn covered(kind: Kind, pointee: Option<&Layer>, other: &Cell, depth: usize) -> bool {
    let mut k = other.kind;
    if k.join(kind) {
        return false;
    }
    match pointee {
        Some(p) if depth < depth_limit() && !p.is_empty() => match &other.pointee {
            Some(q) => std::ptr::eq(&**q, p) || q.covers_at(p, depth + 1),
            None => Layer::default().covers_at(p, depth + 1),
        },
        _ => true,
    }
}

/// "For offsets `o ≥ from` with `o mod stride = r`: `cells[r]`" (residues are absolute).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Pattern {
    pub from: i64,
    pub stride: i64,
    pub cells: BTreeMap<i64, Cell>,
    /// Once strides were folded to a common divisor (their multiple was too large), joins only
    /// fold further: expanding again would undo the fold and the fixpoint would not settle
    /// (80 and 1520 fold to 80, a later 160 would expand it to 160, 1520 fold it again...).
    pub folded: bool,
}

impl Pattern {
    /// The same facts over `stride` (a multiple of the current one: expanded; otherwise folded
    /// to the common divisor first, then expanded).
    fn restrided(&self, stride: i64) -> Pattern {
        let mut from = Pattern { from: self.from, stride: gcd(self.stride, stride), cells: BTreeMap::new(), folded: self.folded };
        for (r, c) in &self.cells {
            from.cells.entry(r.rem_euclid(from.stride)).or_default().join(c, 0);
        }
        let mut out = Pattern { from: self.from, stride, cells: BTreeMap::new(), folded: self.folded };
        for (r, c) in &from.cells {
            for rr in (*r..stride).step_by(from.stride as usize) {
                out.cells.entry(rr).or_default().join(c, 0);
            }
        }
        out
    }
    fn join(&mut self, other: &Pattern, depth: usize) -> bool {
        let mut changed = false;
        if other.stride != self.stride {
            let l = lcm(self.stride, other.stride);
            let folded = self.folded || other.folded || l > MAX_OFFSET;
            let s = if folded { gcd(self.stride, other.stride) } else { l };
            if s != self.stride || folded != self.folded {
                *self = self.restrided(s);
                self.folded = folded;
                changed = true;
            }
        } else if other.folded && !self.folded {
            self.folded = true;
            changed = true;
        }
        let other = if other.stride == self.stride { Cow::Borrowed(other) } else { Cow::Owned(other.restrided(self.stride)) };
        if other.from < self.from {
            self.from = snap(other.from);
            changed = true;
        }
        for (r, c) in &other.cells {
            changed |= self.cells.entry(*r).or_default().join(c, depth);
        }
        changed
    }
    /// Whether `self.join(other, depth)` would leave `self` as it is.
    fn covers(&self, other: &Pattern, depth: usize) -> bool {
        if other.stride != self.stride {
            let l = lcm(self.stride, other.stride);
            let folded = self.folded || other.folded || l > MAX_OFFSET;
            let s = if folded { gcd(self.stride, other.stride) } else { l };
            if s != self.stride || folded != self.folded {
                return false;
            }
        } else if other.folded && !self.folded {
            return false;
        }
        let other = if other.stride == self.stride { Cow::Borrowed(other) } else { Cow::Owned(other.restrided(self.stride)) };
        other.from >= self.from
            && other.cells.iter().all(|(r, c)| self.cells.get(r).is_some_and(|mine| covered(c.kind, c.pointee.as_deref(), mine, depth)))
    }
    fn cell_at(&self, o: i64) -> Option<&Cell> {
        (o >= self.from).then(|| self.cells.get(&o.rem_euclid(self.stride))).flatten()
    }
}

/// The kinds of a run of bytes, by offset (see the module doc).
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Layer {
    pub at: BTreeMap<i64, Cell>,
    pub every: Option<Pattern>,
}

impl Layer {
    /// One cell at offset 0.
    pub fn scalar(kind: Kind) -> Layer {
        Layer::default().with(0, Cell::of(kind))
    }
    /// A pointer (offset 0) to memory `pointee`.
    pub fn pointer_to(pointee: Layer) -> Layer {
        Layer::default().with(0, Cell { kind: Kind::PTR, pointee: Some(Rc::new(pointee)) })
    }
    pub fn with(mut self, offset: i64, cell: Cell) -> Layer {
        self.put(offset, &cell);
        self
    }
    pub fn is_empty(&self) -> bool {
        self.at.is_empty() && self.every.is_none()
    }
    /// Join `cell` at `offset` (dropped beyond ±MAX_OFFSET); whether anything changed.
    pub fn put(&mut self, offset: i64, cell: &Cell) -> bool {
        if offset.abs() > MAX_OFFSET || (cell.kind.is_unknown() && cell.pointee.is_none()) {
            return false;
        }
        if !self.at.contains_key(&offset) && self.pattern_says(offset, cell) {
            return false;
        }
        self.at.entry(offset).or_default().join(cell, 0) | self.absorb_pattern_at(offset, 0)
    }
    /// Whether the pattern alone already says all `cell` says at `o`.
    fn pattern_says(&self, o: i64, cell: &Cell) -> bool {
        self.every.as_ref().and_then(|p| p.cell_at(o)).is_some_and(|pc| cell.covered_by(pc))
    }
    /// Join `other` into `self`; whether `self` changed.
    pub fn join(&mut self, other: &Layer) -> bool {
        self.join_at(other, 0)
    }
    /// Whether `self.join(other)` would leave `self` as it is: `join` without the copy it
    /// would take to try.
    pub fn covers(&self, other: &Layer) -> bool {
        self.covers_at(other, 0)
    }
    /// Whether `self.join(&Layer::pointer_to(pointee))` would leave `self` as it is.
    pub fn covers_pointer_to(&self, pointee: &Layer) -> bool {
        self.covers_cell(0, Kind::PTR, Some(pointee), 0)
    }
    fn covers_at(&self, other: &Layer, depth: usize) -> bool {
        match (&self.every, &other.every) {
            (Some(p), Some(q)) if !p.covers(q, depth) => return false,
            (None, Some(_)) => return false,
            _ => {}
        }
        other.at.iter().all(|(o, c)| self.covers_cell(*o, c.kind, c.pointee.as_deref(), depth))
    }
    /// Whether joining the cell (`kind`, `pointee`) at offset `o` (as `join_at` does each
    /// cell) would leave `self` as it is.
    fn covers_cell(&self, o: i64, kind: Kind, pointee: Option<&Layer>, depth: usize) -> bool {
        if o.abs() > MAX_OFFSET {
            return true;
        }
        match self.at.get(&o) {
            Some(mine) => covered(kind, pointee, mine, depth),
            // Implied by the pattern; otherwise `join_at` would make the cell.
            None => self.every.as_ref().and_then(|p| p.cell_at(o)).is_some_and(|pc| covered(kind, pointee, pc, 0)),
        }
    }
    fn join_at(&mut self, other: &Layer, depth: usize) -> bool {
        let mut changed = false;
        let pattern_changed = match (&mut self.every, &other.every) {
            (Some(p), Some(q)) => p.join(q, depth),
            (None, Some(q)) => {
                let mut p = Pattern { from: q.from, stride: q.stride, cells: BTreeMap::new(), folded: q.folded };
                p.join(q, depth);
                self.every = Some(p);
                true
            }
            _ => false,
        };
        for (o, c) in &other.at {
            let implied = !self.at.contains_key(o) && self.pattern_says(*o, c);
            if o.abs() <= MAX_OFFSET && !implied {
                changed |= self.at.entry(*o).or_default().join(c, depth);
                if !pattern_changed {
                    changed |= self.absorb_pattern_at(*o, depth);
                }
            }
        }
        if pattern_changed {
            changed |= self.absorb_pattern(depth);
        }
        if self.at.len() > WIDEN_AT {
            self.widen();
        }
        changed | pattern_changed
    }
    /// An explicit pointer cell under a pattern of records made only of pointers (a stride of
    /// two pointers or more, every field a pointer) holds the pattern's pointee too: it is an
    /// element of the array like the others. The row pointers of a `std::vector<std::vector<double>>` read at a constant index
    /// (`m[2]`, whose row `erase` moves with a `memmove`) point to doubles as those read at a
    /// variable index do, even where nothing at that index reads them; before, the explicit
    /// cell hid the pattern and the `memmove`'s bytes had no kind. Cells of other kinds still
    /// override the pattern (an array's pattern spilling onto the field after it: `b.m[i]` in
    /// `struct { double m[5]; int n; }`), and so do pointers under other patterns: a plain
    /// array of pointers or a mixed one (a red-black tree node's child picked as `16 + 8·dir`,
    /// read as a pattern from 16 that spills onto the `std::string` key after the children, or
    /// a string's characters indexed from its data pointer) would take that pointee into cells
    /// that hold something else and make conflicts where there are none
    /// (`tests/programs/r_stl_string_maps.cpp`).
    /// Only ever joining keeps the analysis monotone.
    fn absorb_pattern_at(&mut self, o: i64, depth: usize) -> bool {
        let (Some(p), Some(c)) = (&self.every, self.at.get_mut(&o)) else { return false };
        match p.cell_at(o) {
            Some(pc)
                if p.stride > 8
                    && p.stride % 8 == 0
                    && p.cells.iter().all(|(r, c)| r % 8 == 0 && c.kind == Kind::PTR)
                    && (c.kind == Kind::PTR || c.kind.is_unknown())
                    && !covered(pc.kind, pc.pointee.as_deref(), c, depth) =>
            {
                c.join(pc, depth)
            }
            _ => false,
        }
    }
    /// [`Layer::absorb_pattern_at`] at every explicit offset.
    fn absorb_pattern(&mut self, depth: usize) -> bool {
        let offsets: Vec<i64> = self.at.keys().copied().collect();
        let mut changed = false;
        for o in offsets {
            changed |= self.absorb_pattern_at(o, depth);
        }
        changed
    }
    /// Widening: many explicit cells at offsets a common stride apart, each residue class of one
    /// kind (a pointer stepped by a constant round a cycle the analysis did not recognise),
    /// become one pattern from the lowest offset. Cells whose classes would conflict stay.
    fn widen(&mut self) {
        let lo = *self.at.keys().next().expect("non-empty");
        let stride = self.at.keys().fold(0, |g, o| gcd(g, o - lo));
        if stride > MAX_OFFSET {
            return;
        }
        let mut p = Pattern { from: lo, stride, cells: BTreeMap::new(), folded: false };
        for (o, c) in &self.at {
            p.cells.entry(o.rem_euclid(stride)).or_default().join(c, 0);
        }
        let new_conflict = |r: &i64, c: &Cell| {
            c.kind.is_conflict() && !self.at.iter().any(|(o, oc)| o.rem_euclid(stride) == *r && oc.kind == c.kind)
        };
        if p.cells.iter().any(|(r, c)| new_conflict(r, c)) {
            return;
        }
        match &mut self.every {
            Some(q) => {
                q.join(&p, 0);
            }
            None => self.every = Some(p),
        }
        self.absorb_pattern(0);
        self.prune();
    }
    /// Drop explicit cells that say what the pattern says (no reading changes). Explicit cells
    /// are added only where they say more than the pattern and dropped only here, so the
    /// readings of [`Layer::cell_at`] change finitely often and fixpoints terminate.
    fn prune(&mut self) {
        if let Some(p) = &self.every {
            self.at.retain(|o, c| p.cell_at(*o) != Some(&*c));
        }
    }
    /// The facts at offset `o`: the explicit cell if there is one, else the pattern's. An
    /// explicit cell comes from an access at a known offset and overrides the pattern, which
    /// comes from variable indices and may spill past the end of an array (`b.m[i]` in
    /// `struct { double m[5]; int n; }` says nothing about `n`).
    pub fn cell_at(&self, o: i64) -> Cell {
        self.cell_ref(o).cloned().unwrap_or_default()
    }
    /// `cell_at` without the copy: `None` where it would be the empty cell.
    pub fn cell_ref(&self, o: i64) -> Option<&Cell> {
        self.at.get(&o).or_else(|| self.every.as_ref().and_then(|p| p.cell_at(o)))
    }
    /// The kinds of the scalars that start in `[lo, hi)`, joined.
    pub fn kind_in(&self, lo: i64, hi: i64) -> Kind {
        let mut k = Kind::UNKNOWN;
        for o in lo..hi.min(lo + MAX_OFFSET) {
            if let Some(c) = self.cell_ref(o) {
                k.join(c.kind);
            }
        }
        k
    }
    /// Whether a float kind is met at any offset of this layer (not through its pointers).
    pub fn holds_float(&self) -> bool {
        let float = |k: Kind| [Kind::F16, Kind::BF16, Kind::F32, Kind::F64].iter().any(|f| k.contains(*f));
        self.at.values().any(|c| float(c.kind)) || self.every.as_ref().is_some_and(|p| p.cells.values().any(|c| float(c.kind)))
    }
    /// Whether a pointer is met at any offset of this layer (not through its pointers).
    pub fn holds_pointer(&self) -> bool {
        let ptr = |c: &Cell| c.kind.contains(Kind::PTR);
        self.at.values().any(ptr) || self.every.as_ref().is_some_and(|p| p.cells.values().any(ptr))
    }
    /// Whether a float kind is met in this layer or in the pointees of its cells, `depth`
    /// pointers deep at most.
    pub fn reaches_float(&self, depth: usize) -> bool {
        if self.holds_float() {
            return true;
        }
        let pointee = |c: &Cell| depth > 0 && c.pointee.as_deref().is_some_and(|l| l.reaches_float(depth - 1));
        self.at.values().any(pointee) || self.every.as_ref().is_some_and(|p| p.cells.values().any(pointee))
    }
    /// How many cells `self` holds, pointees included (what a clone or a join walks).
    pub fn cells(&self) -> usize {
        let cell = |c: &Cell| 1 + c.pointee.as_deref().map_or(0, Layer::cells);
        self.at.values().map(cell).sum::<usize>() + self.every.as_ref().map_or(0, |p| p.cells.values().map(cell).sum())
    }
    /// `self` without what it says about memory before the addresses it holds (negative
    /// offsets in every pointee, patterns started at 0). What a call site knows about the
    /// memory before a pointer argument comes from its own context: `this` of a
    /// `std::vector<double>` method is the member of one struct at one call and an element of
    /// an array of vectors at the next. Joined into the callee's summary these contexts would
    /// meet, and reach every other caller.
    pub fn without_before(&self) -> Layer {
        fn strip(l: &Layer, depth: usize) -> Layer {
            let cell = |c: &Cell| Cell { kind: c.kind, pointee: c.pointee.as_deref().map(|p| Rc::new(strip(p, depth + 1))) };
            let at = l.at.iter().filter(|(o, _)| depth == 0 || **o >= 0).map(|(o, c)| (*o, cell(c))).collect();
            let every = l.every.as_ref().map(|p| Pattern {
                from: if depth == 0 { p.from } else { p.from.max(0) },
                stride: p.stride,
                cells: p.cells.iter().map(|(r, c)| (*r, cell(c))).collect(),
                folded: p.folded,
            });
            Layer { at, every }
        }
        strip(self, 0)
    }
    /// The layer seen from `d` bytes further: `result[o] = self[o + d]`.
    pub fn shifted(&self, d: i64) -> Layer {
        let at = self.at.iter().map(|(o, c)| (o - d, c.clone())).filter(|(o, _)| o.abs() <= MAX_OFFSET).collect();
        let every = self.every.as_ref().map(|p| Pattern {
            from: (p.from - d).max(-MAX_OFFSET),
            stride: p.stride,
            cells: p.cells.iter().map(|(r, c)| ((r - d).rem_euclid(p.stride), c.clone())).collect(),
            folded: p.folded,
        });
        Layer { at, every }
    }
    /// The bytes `[lo, hi)` only, the pattern written out as explicit cells (a load, a store
    /// or a `memcpy` of known length). Lengths beyond MAX_OFFSET keep the pattern as is.
    pub fn window(&self, lo: i64, hi: i64) -> Layer {
        if hi.saturating_sub(lo) > MAX_OFFSET {
            let mut l = self.clone();
            l.at.retain(|o, _| *o >= lo && *o < hi);
            return l;
        }
        let mut l = Layer::default();
        for (o, c) in self.at.range(lo..hi) {
            l.put(*o, c);
        }
        if let Some(p) = &self.every {
            for o in lo.max(p.from)..hi {
                if let (false, Some(c)) = (self.at.contains_key(&o), p.cell_at(o)) {
                    l.put(o, c);
                }
            }
        }
        l
    }
    /// The memory seen through `self + d + k·stride` for an unknown `k ≥ 0`: a repeating
    /// pattern made of the first element (the explicit cells of `[d, d + stride)`) and the
    /// pattern `self` already has. Only the first element is read because what follows an
    /// array in a struct is not part of it, and array elements all have one type.
    pub fn folded(&self, d: i64, stride: i64) -> Layer {
        let base = self.shifted(d);
        let mut p = Pattern { from: 0, stride, cells: BTreeMap::new(), folded: false };
        for (o, c) in base.at.range(0..stride) {
            p.cells.entry(o.rem_euclid(stride)).or_default().join(c, 0);
        }
        if let Some(q) = &base.every {
            p.join(&Pattern { from: 0, ..q.restrided(stride) }, 0);
        }
        Layer { at: BTreeMap::new(), every: (!p.cells.is_empty()).then_some(p) }
    }
    /// The inverse of [`Layer::folded`]: what `self` (the memory at `base + d + k·stride`) says
    /// about the memory at `base`: a pattern from `d` on.
    ///
    /// With a stride of 1 (an offset nothing is known of) every byte is one residue, so every
    /// explicit cell of `self` folds into it, not only the first element's: a tag byte at
    /// `buf + off` and a double read at `buf + off + 1` make the buffer's bytes both an
    /// integer and a double (a conflict), where keeping only offset 0 made them integers and
    /// the double's copies integers too, a silent zero gradient.
    pub fn unfolded(&self, d: i64, stride: i64) -> Layer {
        let mut folded = self.folded(0, stride);
        if stride == 1 {
            let mut every = folded.every.take().unwrap_or(Pattern { from: 0, stride: 1, cells: BTreeMap::new(), folded: false });
            for c in self.at.values() {
                every.cells.entry(0).or_default().join(c, 0);
            }
            folded.every = (!every.cells.is_empty()).then_some(every);
        }
        if let Some(p) = &mut folded.every {
            p.cells = p.cells.iter().map(|(r, c)| ((r + d).rem_euclid(stride), c.clone())).collect();
            p.from = d.clamp(-MAX_OFFSET, MAX_OFFSET);
        }
        folded
    }
}

impl fmt::Display for Layer {
    /// `0:ptr,8:f64,16+8k:f64` (explicit offsets, then the pattern's residue classes from its
    /// start); `-` when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pc = |o: &i64| self.every.as_ref().and_then(|p| p.cell_at(*o));
        let shown = self.at.iter().filter(|(o, c)| pc(o) != Some(*c));
        let mut parts: Vec<String> = shown.map(|(o, c)| format!("{o}:{}", c.kind)).collect();
        if let Some(p) = &self.every {
            for (r, c) in &p.cells {
                let start = p.from + (r - p.from).rem_euclid(p.stride);
                parts.push(format!("{start}+{}k:{}", p.stride, c.kind));
            }
        }
        if f.alternate() {
            // `{:#}`: the pointees too, as `8->[...]` (explicit offset 8) and `k0->[...]` (the
            // pattern's residue 0), for debugging.
            for (o, c) in &self.at {
                if let Some(p) = &c.pointee {
                    parts.push(format!("{o}->[{p:#}]"));
                }
            }
            if let Some(p) = &self.every {
                for (r, c) in &p.cells {
                    if let Some(q) = &c.pointee {
                        parts.push(format!("k{r}->[{q:#}]"));
                    }
                }
            }
        }
        if parts.is_empty() {
            f.write_str("-")
        } else {
            f.write_str(&parts.join(","))
        }
    }
}

/// Widening of a pattern's start: negative starts (a pointer into the middle of an array, seen
/// from further on) move down in steps of 128 bytes, so a start that creeps down by one element
/// per round of a cycle reaches the offset limit in a few rounds.
fn snap(from: i64) -> i64 {
    if from >= 0 {
        from
    } else {
        (from.div_euclid(128) * 128).max(-MAX_OFFSET)
    }
}

pub fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

pub fn lcm(a: i64, b: i64) -> i64 {
    (a / gcd(a, b)).saturating_mul(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_and_ptr_make_ptr_but_int_and_float_conflict() {
        let mut k = Kind::INT;
        assert!(k.join(Kind::PTR));
        assert_eq!(k, Kind::PTR);
        let mut k = Kind::INT;
        k.join(Kind::F64);
        assert!(k.is_conflict());
        assert_eq!(k.to_string(), "any");
        assert_eq!(k.names(), vec!["int", "f64"]);
    }

    #[test]
    fn explicit_pointer_cells_hold_the_pointer_patterns_pointee() {
        let f64_array = Layer { at: BTreeMap::new(), every: Some(Pattern { from: 0, stride: 8, cells: [(0, Cell::of(Kind::F64))].into(), folded: false }) };
        let row = Cell { kind: Kind::PTR, pointee: Some(Rc::new(f64_array)) };
        // Rows at stride 24 (begin, end, capacity), then a bare pointer read at row 2's begin.
        let rows = Pattern { from: 0, stride: 24, cells: [(0, row.clone()), (8, row.clone()), (16, row.clone())].into(), folded: false };
        let mut outer = Layer { at: BTreeMap::new(), every: Some(rows) };
        let before_row = Layer::default().with(-8, Cell::of(Kind::F64));
        outer.put(48, &Cell { kind: Kind::PTR, pointee: Some(Rc::new(before_row)) });
        let read = outer.cell_at(48).pointee.expect("a pointee");
        assert_eq!((read.cell_at(-8).kind, read.cell_at(8).kind), (Kind::F64, Kind::F64));
        // Joined the other way round (the bare cell first, the pattern after).
        let mut late = Layer::default().with(48, Cell::of(Kind::PTR));
        late.join(&outer);
        assert_eq!(late.cell_at(48).pointee.as_deref().map(|p| p.cell_at(16).kind), Some(Kind::F64));
        // A float cell keeps overriding the pattern; so does a pointer under a plain array of
        // pointers (stride 8) and under a byte pattern.
        outer.put(72, &Cell::of(Kind::F64));
        assert_eq!(outer.cell_at(72).kind, Kind::F64);
        for stride in [8, 1] {
            let spill = Pattern { from: 0, stride, cells: [(0, row.clone())].into(), folded: false };
            let mut node = Layer { at: BTreeMap::new(), every: Some(spill) };
            node.put(32, &Cell { kind: Kind::PTR, pointee: Some(Rc::new(Layer::scalar(Kind::INT))) });
            assert_eq!(node.cell_at(32).pointee.as_deref().map(|p| p.cell_at(8).kind), Some(Kind::UNKNOWN));
        }
    }

    #[test]
    fn folding_and_unfolding_arrays() {
        let mut elem = Layer::scalar(Kind::F64);
        elem.put(8, &Cell::of(Kind::INT));
        let base = elem.unfolded(0, 16);
        assert_eq!(base.to_string(), "0+16k:f64,8+16k:int");
        assert_eq!(base.cell_at(48).kind, Kind::F64);
        assert_eq!(base.cell_at(40).kind, Kind::INT);
        let elem2 = base.folded(16, 16);
        assert_eq!(elem2.window(0, 16).to_string(), "0:f64,8:int");
        // A struct header before the array is not folded into the array's elements.
        let mut s = Layer::scalar(Kind::INT);
        s.join(&Layer::scalar(Kind::F64).unfolded(8, 8));
        assert_eq!(s.folded(8, 8).to_string(), "0+8k:f64");
        // At an offset nothing is known of (stride 1), every byte the pointer reads counts: a
        // tag byte at `buf + off` and a double at `buf + off + 1` conflict in the buffer.
        let mut rec = Layer::scalar(Kind::INT);
        rec.put(1, &Cell::of(Kind::F64));
        let buf = rec.unfolded(0, 1);
        assert!(buf.cell_at(5).kind.is_conflict(), "{buf}");
        // A known stride keeps the first element only.
        assert_eq!(rec.unfolded(0, 9).to_string(), "0+9k:int,1+9k:f64");
    }

    #[test]
    fn folded_strides_stay_folded() {
        // GMM at d=20, K=50: rows of 160 and 1520 bytes fold to 80; a later 160 must not
        // expand the pattern again, or the fixpoint flips between 80 and 160 for ever.
        let mut a = Layer::scalar(Kind::F64).unfolded(0, 160);
        assert!(a.join(&Layer::scalar(Kind::F64).unfolded(0, 1520)));
        assert_eq!(a.every.as_ref().unwrap().stride, 80);
        let row = Layer::scalar(Kind::F64).unfolded(0, 160);
        a.join(&row);
        assert_eq!(a.every.as_ref().unwrap().stride, 80);
        assert!(!a.join(&row), "a second join of the same facts changes nothing");
        assert!(!a.join(&Layer::scalar(Kind::F64).unfolded(0, 1520)));
    }

    #[test]
    fn patterns_of_different_strides_meet_at_the_lcm() {
        let mut a = Layer::scalar(Kind::F64).unfolded(0, 8);
        a.join(&Layer::scalar(Kind::F64).unfolded(0, 24));
        assert_eq!(a.every.as_ref().unwrap().stride, 24);
        assert_eq!(a.cell_at(16).kind, Kind::F64);
        let mut deep = Layer::scalar(Kind::F64);
        for _ in 0..10 {
            deep = Layer::pointer_to(deep);
        }
        let mut kept = Layer::default();
        kept.join(&deep);
        let mut depth = 0;
        let mut at = Some(&kept);
        while let Some(l) = at {
            depth += 1;
            at = l.at.get(&0).and_then(|c| c.pointee.as_deref());
        }
        assert_eq!(depth, MAX_DEPTH + 1);
    }

    #[test]
    fn a_shallower_depth_keeps_fewer_levels_and_restores_the_full_one() {
        let mut deep = Layer::scalar(Kind::F64);
        for _ in 0..10 {
            deep = Layer::pointer_to(deep);
        }
        let levels = |l: &Layer| {
            let (mut n, mut at) = (0, Some(l));
            while let Some(l) = at {
                n += 1;
                at = l.at.get(&0).and_then(|c| c.pointee.as_deref());
            }
            n
        };
        let mut kept = Layer::default();
        with_depth(3, || kept.join(&deep));
        assert_eq!(levels(&kept), 4);
        assert_eq!(depth_limit(), MAX_DEPTH);
        let mut full = Layer::default();
        full.join(&deep);
        assert_eq!(levels(&full), MAX_DEPTH + 1);
    }
}
