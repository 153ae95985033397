//! The control-flow graph of one function: successors and predecessors of each block (one entry
//! per edge, duplicates kept, plus deduplicated views), reverse post-order from the entry, the
//! reachable set and the exit blocks.
//!
//! Edges come from terminators only. A block whose last instruction is not a terminator has no
//! successors and is listed in [`Cfg::unterminated`]; analyses skip it rather than fail.
//! Predecessor lists include edges from unreachable blocks (as LLVM's do); analyses that only
//! care about executable paths filter with [`Cfg::is_reachable`].

use catalase_ir::entities::{EntityRef, SecondaryMap};
use catalase_ir::inst::InstData;
use catalase_ir::{Block, Function};

use crate::check;
use crate::AnalysisError;

/// How control leaves the function from an exit block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    Return,
    Unreachable,
    Resume,
}

/// Control-flow facts of one function.
#[derive(Clone, Debug)]
pub struct Cfg {
    entry: Block,
    blocks: Vec<Block>,
    succs: SecondaryMap<Block, Vec<Block>>,
    preds: SecondaryMap<Block, Vec<Block>>,
    rpo: Vec<Block>,
    rpo_index: SecondaryMap<Block, Option<u32>>,
    exits: Vec<(Block, ExitKind)>,
    unterminated: Vec<Block>,
}

/// Build the CFG of a function with a body.
pub fn analyse(func: &Function) -> Result<Cfg, AnalysisError> {
    check::well_formed(func)?;
    let entry = func.entry_block().ok_or_else(|| AnalysisError::NoBody { function: func.name.clone() })?;
    let mut cfg = Cfg {
        entry,
        blocks: func.layout.blocks().collect(),
        succs: SecondaryMap::default(),
        preds: SecondaryMap::default(),
        rpo: Vec::new(),
        rpo_index: SecondaryMap::with_default(None),
        exits: Vec::new(),
        unterminated: Vec::new(),
    };
    for b in func.layout.blocks() {
        let Some(term) = func.terminator(b) else {
            cfg.unterminated.push(b);
            continue;
        };
        match func.dfg.inst(term) {
            InstData::Ret { .. } => cfg.exits.push((b, ExitKind::Return)),
            InstData::Unreachable => cfg.exits.push((b, ExitKind::Unreachable)),
            InstData::Resume { .. } => cfg.exits.push((b, ExitKind::Resume)),
            _ => {}
        }
        let succs = func.successors(b);
        for &s in &succs {
            cfg.preds[s].push(b);
        }
        cfg.succs[b] = succs;
    }
    let adjacency: Vec<Vec<usize>> = (0..func.dfg.blocks.len())
        .map(|i| cfg.succs[Block::new(i)].iter().map(|s| s.index()).collect())
        .collect();
    cfg.rpo = reverse_post_order(entry.index(), &adjacency).into_iter().map(Block::new).collect();
    for (i, &b) in cfg.rpo.iter().enumerate() {
        cfg.rpo_index[b] = Some(i as u32);
    }
    let reachable: Vec<(Block, ExitKind)> = cfg.exits.iter().copied().filter(|(b, _)| cfg.is_reachable(*b)).collect();
    cfg.exits = reachable;
    Ok(cfg)
}

/// Reverse post-order of the nodes reachable from `start` in a graph given as adjacency lists
/// over `0..succs.len()`, by an iterative depth-first search that visits successors in order.
pub(crate) fn reverse_post_order(start: usize, succs: &[Vec<usize>]) -> Vec<usize> {
    let mut seen = vec![false; succs.len()];
    let mut post = Vec::new();
    if start >= succs.len() {
        return post;
    }
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    seen[start] = true;
    while let Some(top) = stack.last_mut() {
        let (node, next) = *top;
        if let Some(&s) = succs[node].get(next) {
            top.1 += 1;
            if !seen[s] {
                seen[s] = true;
                stack.push((s, 0));
            }
        } else {
            post.push(node);
            stack.pop();
        }
    }
    post.reverse();
    post
}

/// Sorted, deduplicated copy of a block list.
fn dedup(list: &[Block]) -> Vec<Block> {
    let mut v = list.to_vec();
    v.sort();
    v.dedup();
    v
}

impl Cfg {
    pub fn entry(&self) -> Block {
        self.entry
    }
    /// Blocks in layout order (reachable or not).
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }
    /// Successors in branch order, one per edge (a `condbr` to the same block twice lists it twice).
    pub fn successors(&self, b: Block) -> &[Block] {
        &self.succs[b]
    }
    /// Predecessors, one per edge, in layout order of the branching block.
    pub fn predecessors(&self, b: Block) -> &[Block] {
        &self.preds[b]
    }
    /// Distinct successors, sorted by block number.
    pub fn unique_successors(&self, b: Block) -> Vec<Block> {
        dedup(&self.succs[b])
    }
    /// Distinct predecessors, sorted by block number.
    pub fn unique_predecessors(&self, b: Block) -> Vec<Block> {
        dedup(&self.preds[b])
    }
    /// Reachable blocks in reverse post-order from the entry (the entry first).
    pub fn rpo(&self) -> &[Block] {
        &self.rpo
    }
    /// Position of a block in [`Cfg::rpo`]; `None` when unreachable.
    pub fn rpo_index(&self, b: Block) -> Option<usize> {
        self.rpo_index[b].map(|i| i as usize)
    }
    pub fn is_reachable(&self, b: Block) -> bool {
        self.rpo_index[b].is_some()
    }
    /// Reachable blocks ending in `ret`, `unreachable` or `resume`, in layout order.
    pub fn exits(&self) -> impl Iterator<Item = Block> + '_ {
        self.exits.iter().map(|(b, _)| *b)
    }
    /// How a block leaves the function, if it is a reachable exit block.
    pub fn exit_kind(&self, b: Block) -> Option<ExitKind> {
        self.exits.iter().find(|(x, _)| *x == b).map(|(_, k)| *k)
    }
    /// Blocks whose last instruction is not a terminator (malformed; treated as dead ends).
    pub fn unterminated(&self) -> &[Block] {
        &self.unterminated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use catalase_ir::inst::BlockCall;

    #[test]
    fn diamond_edges_and_rpo() {
        let (f, b) = diamond();
        let cfg = analyse(&f).unwrap();
        assert_eq!(cfg.successors(b[0]), &[b[1], b[2]]);
        assert_eq!(cfg.predecessors(b[3]), &[b[1], b[2]]);
        assert_eq!(cfg.rpo()[0], b[0]);
        assert_eq!(*cfg.rpo().last().unwrap(), b[3]);
        assert_eq!(cfg.exits().collect::<Vec<_>>(), vec![b[3]]);
        assert_eq!(cfg.exit_kind(b[3]), Some(ExitKind::Return));
    }

    #[test]
    fn duplicate_edges_are_kept_and_deduplicated_on_request() {
        let mut f = empty_fn();
        let e = f.entry_block().unwrap();
        let mut bld = catalase_ir::Builder::at_end(&mut f, e);
        let x = bld.create_block();
        let c = bld.iconst(catalase_ir::Type::I1, 1);
        bld.condbr(c, BlockCall::new(x, vec![]), BlockCall::new(x, vec![]));
        bld.switch_to(x);
        bld.ret(None);
        let cfg = analyse(&f).unwrap();
        assert_eq!(cfg.successors(e), &[x, x]);
        assert_eq!(cfg.unique_successors(e), vec![x]);
        assert_eq!(cfg.predecessors(x), &[e, e]);
        assert_eq!(cfg.unique_predecessors(x), vec![e]);
    }

    #[test]
    fn unreachable_and_unterminated_blocks_do_not_panic() {
        let mut f = empty_fn();
        let e = f.entry_block().unwrap();
        let mut bld = catalase_ir::Builder::at_end(&mut f, e);
        let dead = bld.create_block();
        let open = bld.create_block();
        bld.br(open, vec![]);
        bld.switch_to(dead);
        bld.ret(None);
        let cfg = analyse(&f).unwrap();
        assert!(!cfg.is_reachable(dead));
        assert!(cfg.is_reachable(open));
        assert_eq!(cfg.unterminated(), &[open]);
        assert_eq!(cfg.exits().count(), 0);
    }

    #[test]
    fn branch_outside_layout_is_an_error() {
        let mut f = empty_fn();
        let e = f.entry_block().unwrap();
        let ghost = f.dfg.make_block();
        catalase_ir::Builder::at_end(&mut f, e).br(ghost, vec![]);
        assert!(matches!(analyse(&f), Err(AnalysisError::UnknownBlock { .. })));
        let decl = Function::declaration("d", catalase_ir::Signature::default());
        assert!(matches!(analyse(&decl), Err(AnalysisError::NoBody { .. })));
    }
}
