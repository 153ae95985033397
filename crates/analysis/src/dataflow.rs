//! The shared fixpoint engine, in the style of rustc's dataflow framework: an analysis names a
//! lattice for its facts, a direction, and a monotone transfer function per instruction; one
//! engine repeats passes over the instructions (in reverse post-order for forward problems,
//! its reverse for backward ones) until a pass changes nothing.
//!
//! Problems solved here are flow-insensitive (one fact table for the whole function, as
//! activity needs), so a pass is a sweep over instructions rather than a per-block worklist.
//! Termination follows from monotone transfer functions over finite-height lattices; the
//! engine still stops after a caller-given number of passes and reports `NoFixpoint`, so a
//! non-monotone bug is an error rather than a hang.

use catalase_ir::entities::{EntityRef, SecondaryMap};
use catalase_ir::{Function, Inst};

use crate::AnalysisError;

/// A join-semilattice: `join` moves `self` up to the least upper bound of both and says whether
/// `self` changed. `Default` is bottom.
pub trait Lattice: Clone + Default {
    fn join(&mut self, other: &Self) -> bool;
}

/// Booleans ordered `false < true` (a may-fact: "may be").
impl Lattice for bool {
    fn join(&mut self, other: &Self) -> bool {
        let changed = !*self && *other;
        *self |= *other;
        changed
    }
}

/// A set of small ids, kept sorted; ordered by inclusion, joined by union.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet(Vec<u32>);

impl IdSet {
    pub fn one(id: u32) -> IdSet {
        IdSet(vec![id])
    }
    pub fn insert(&mut self, id: u32) -> bool {
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(pos) => {
                self.0.insert(pos, id);
                true
            }
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().copied()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Lattice for IdSet {
    fn join(&mut self, other: &Self) -> bool {
        let mut changed = false;
        for &id in &other.0 {
            changed |= self.insert(id);
        }
        changed
    }
}

/// Facts keyed by an entity, each a lattice element (bottom until joined).
#[derive(Clone, Debug)]
pub struct Facts<K: EntityRef, L: Lattice> {
    map: SecondaryMap<K, L>,
}

impl<K: EntityRef, L: Lattice> Default for Facts<K, L> {
    fn default() -> Self {
        Facts { map: SecondaryMap::with_default(L::default()) }
    }
}

impl<K: EntityRef, L: Lattice> Facts<K, L> {
    pub fn get(&self, k: K) -> &L {
        self.map.get(k)
    }
    /// Replace the fact of `k` (only outside a fixpoint: it may lower the fact).
    pub fn set(&mut self, k: K, l: L) {
        *self.map.get_mut(k) = l;
    }
    /// Join `l` into the fact of `k`; whether it changed.
    pub fn join(&mut self, k: K, l: &L) -> bool {
        self.map.get_mut(k).join(l)
    }
}

impl<K: EntityRef> Facts<K, bool> {
    /// Raise the fact of `k` to `true` when `cond`; whether it changed.
    pub fn raise_if(&mut self, k: K, cond: bool) -> bool {
        cond && self.join(k, &true)
    }
}

/// Which way facts flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From definitions to uses: passes run in reverse post-order.
    Forward,
    /// From uses to definitions: passes run in post-order.
    Backward,
}

/// A flow-insensitive problem: one state for the function, one transfer per instruction.
pub trait Problem {
    type State;
    /// Names the analysis in errors.
    const NAME: &'static str;
    const DIRECTION: Direction;
    /// Apply `inst`'s effect to `state` (only by joins); whether anything changed.
    fn transfer(&self, state: &mut Self::State, inst: Inst) -> bool;
}

/// Run `problem` to a fixpoint over `order` (instructions in reverse post-order), at most
/// `max_passes` sweeps.
pub fn solve<P: Problem>(
    problem: &P,
    func: &Function,
    order: &[Inst],
    state: &mut P::State,
    max_passes: usize,
) -> Result<usize, AnalysisError> {
    for pass in 1..=max_passes.max(1) {
        let mut changed = false;
        match P::DIRECTION {
            Direction::Forward => order.iter().for_each(|&i| changed |= problem.transfer(state, i)),
            Direction::Backward => order.iter().rev().for_each(|&i| changed |= problem.transfer(state, i)),
        }
        if !changed {
            return Ok(pass);
        }
    }
    Err(AnalysisError::NoFixpoint { function: func.name.clone(), analysis: P::NAME })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lattices_join_upward_only() {
        let mut b = false;
        assert!(b.join(&true));
        assert!(!b.join(&false));
        assert!(b);
        let mut s = IdSet::one(3);
        assert!(s.join(&IdSet(vec![1, 3])));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![1, 3]);
        assert!(!s.join(&IdSet::one(1)));
    }
}
