//! Dominators and post-dominators by the Cooper–Harvey–Kennedy iteration over reverse
//! post-order ("A Simple, Fast Dominance Algorithm"), with dominance frontiers, and O(1)
//! `dominates` queries by pre/post numbering of the tree.
//!
//! Only reachable blocks are in the dominator tree: for an unreachable block `idom` is `None`
//! and `dominates` answers `false` (except `dominates(b, b)`). Irreducible control flow needs no
//! special case. Post-dominators run the same iteration over the reversed CFG from a virtual
//! exit that every exit block (and every block without a terminator) flows to; a reachable block
//! from which no exit can be reached (an infinite loop) is not in the post-dominator tree.

use catalase_ir::entities::{EntityRef, SecondaryMap};
use catalase_ir::function::ValueDef;
use catalase_ir::{Block, Function, Inst, Value};

use crate::cfg::{reverse_post_order, Cfg};
use crate::AnalysisError;

/// A tree over node indices `0..n` numbered in reverse post-order (0 is the root).
#[derive(Clone, Debug, Default)]
struct IndexTree {
    idom: Vec<usize>,
    children: Vec<Vec<usize>>,
    frontier: Vec<Vec<usize>>,
    pre: Vec<u32>,
    post: Vec<u32>,
}

impl IndexTree {
    /// Solve from predecessor lists over RPO indices (each non-root node has a predecessor
    /// earlier in the order, which RPO guarantees).
    fn solve(preds: &[Vec<usize>]) -> IndexTree {
        let n = preds.len();
        let undefined = usize::MAX;
        let mut idom = vec![undefined; n];
        if n == 0 {
            return IndexTree::default();
        }
        idom[0] = 0;
        let mut changed = true;
        while changed {
            changed = false;
            for i in 1..n {
                let mut new = undefined;
                for &p in &preds[i] {
                    if idom[p] == undefined {
                        continue;
                    }
                    new = if new == undefined { p } else { intersect(&idom, p, new) };
                }
                if new != undefined && idom[i] != new {
                    idom[i] = new;
                    changed = true;
                }
            }
        }
        let mut tree = IndexTree { idom, ..IndexTree::default() };
        tree.number();
        tree.frontiers(preds);
        tree
    }

    /// Children lists and pre/post numbers of a depth-first walk of the tree.
    fn number(&mut self) {
        let n = self.idom.len();
        self.children = vec![Vec::new(); n];
        for i in 1..n {
            let d = self.idom[i];
            if d < n {
                self.children[d].push(i);
            }
        }
        self.pre = vec![0; n];
        self.post = vec![0; n];
        let (mut pre, mut post) = (0u32, 0u32);
        let mut stack = vec![(0usize, 0usize)];
        self.pre[0] = pre;
        pre += 1;
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&c) = self.children[node].get(next) {
                top.1 += 1;
                self.pre[c] = pre;
                pre += 1;
                stack.push((c, 0));
            } else {
                self.post[node] = post;
                post += 1;
                stack.pop();
            }
        }
    }

    fn frontiers(&mut self, preds: &[Vec<usize>]) {
        let n = self.idom.len();
        self.frontier = vec![Vec::new(); n];
        for (b, ps) in preds.iter().enumerate() {
            if ps.len() < 2 {
                continue;
            }
            for &p in ps {
                let mut runner = p;
                while runner != self.idom[b] && runner < n {
                    if !self.frontier[runner].contains(&b) {
                        self.frontier[runner].push(b);
                    }
                    if runner == 0 {
                        break;
                    }
                    runner = self.idom[runner];
                }
            }
        }
    }

    fn dominates(&self, a: usize, b: usize) -> bool {
        self.pre[a] <= self.pre[b] && self.post[a] >= self.post[b]
    }
}

fn intersect(idom: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while a > b {
            a = idom[a];
        }
        while b > a {
            b = idom[b];
        }
    }
    a
}

/// The dominator tree of the reachable blocks, with instruction positions for
/// instruction-level queries.
#[derive(Clone, Debug)]
pub struct DomTree {
    nodes: Vec<Block>,
    index: SecondaryMap<Block, Option<u32>>,
    tree: IndexTree,
    inst_block: SecondaryMap<Inst, Option<Block>>,
    inst_pos: SecondaryMap<Inst, u32>,
}

/// Dominators of `func`, whose CFG is `cfg`.
pub fn analyse(func: &Function, cfg: &Cfg) -> Result<DomTree, AnalysisError> {
    let nodes = cfg.rpo().to_vec();
    let mut index = SecondaryMap::with_default(None);
    for (i, &b) in nodes.iter().enumerate() {
        index[b] = Some(i as u32);
    }
    let preds: Vec<Vec<usize>> = nodes
        .iter()
        .map(|&b| cfg.unique_predecessors(b).into_iter().filter_map(|p| index[p].map(|i| i as usize)).collect())
        .collect();
    let mut inst_block = SecondaryMap::with_default(None);
    let mut inst_pos = SecondaryMap::default();
    for b in func.layout.blocks() {
        for (pos, i) in func.layout.block_insts(b).enumerate() {
            inst_block[i] = Some(b);
            inst_pos[i] = pos as u32;
        }
    }
    Ok(DomTree { tree: IndexTree::solve(&preds), nodes, index, inst_block, inst_pos })
}

impl DomTree {
    fn idx(&self, b: Block) -> Option<usize> {
        self.index[b].map(|i| i as usize)
    }
    /// The immediate dominator; `None` for the entry and for unreachable blocks.
    pub fn idom(&self, b: Block) -> Option<Block> {
        let i = self.idx(b)?;
        (i != 0).then(|| self.nodes[self.tree.idom[i]])
    }
    /// Whether `a` dominates `b` (every block dominates itself).
    pub fn dominates(&self, a: Block, b: Block) -> bool {
        if a == b {
            return true;
        }
        match (self.idx(a), self.idx(b)) {
            (Some(x), Some(y)) => self.tree.dominates(x, y),
            _ => false,
        }
    }
    pub fn strictly_dominates(&self, a: Block, b: Block) -> bool {
        a != b && self.dominates(a, b)
    }
    /// Children in the dominator tree, in reverse post-order.
    pub fn children(&self, b: Block) -> Vec<Block> {
        match self.idx(b) {
            Some(i) => self.tree.children[i].iter().map(|&c| self.nodes[c]).collect(),
            None => Vec::new(),
        }
    }
    /// The dominance frontier: blocks where `b`'s dominance ends.
    pub fn frontier(&self, b: Block) -> Vec<Block> {
        match self.idx(b) {
            Some(i) => self.tree.frontier[i].iter().map(|&c| self.nodes[c]).collect(),
            None => Vec::new(),
        }
    }
    pub fn is_reachable(&self, b: Block) -> bool {
        self.idx(b).is_some()
    }
    /// Whether instruction `a` dominates instruction `b`: in one block, `a` is not after `b`;
    /// otherwise `a`'s block dominates `b`'s. False for instructions outside the layout.
    pub fn inst_dominates(&self, a: Inst, b: Inst) -> bool {
        match (self.inst_block[a], self.inst_block[b]) {
            (Some(x), Some(y)) if x == y => self.inst_pos[a] <= self.inst_pos[b],
            (Some(x), Some(y)) => self.strictly_dominates(x, y),
            _ => false,
        }
    }
    /// Whether value `v` is available at instruction `at` (its definition strictly precedes
    /// `at` on every path): constants always; block parameters where their block dominates;
    /// results where the defining instruction strictly dominates.
    pub fn value_dominates(&self, func: &Function, v: Value, at: Inst) -> bool {
        let Some(data) = func.dfg.values.get(v) else { return false };
        match data.def {
            ValueDef::Const(_) => true,
            ValueDef::Param(b, _) => self.inst_block[at].is_some_and(|ab| self.dominates(b, ab)),
            ValueDef::Result(d) => d != at && self.inst_dominates(d, at),
        }
    }
}

/// The post-dominator tree over the reversed CFG with a virtual exit.
#[derive(Clone, Debug)]
pub struct PostDomTree {
    /// Node 0 is the virtual exit (`None`).
    nodes: Vec<Option<Block>>,
    index: SecondaryMap<Block, Option<u32>>,
    tree: IndexTree,
}

/// Post-dominators of the reachable blocks of `func`.
pub fn post_dominators(func: &Function, cfg: &Cfg) -> Result<PostDomTree, AnalysisError> {
    let n = func.dfg.blocks.len();
    let exit = n;
    // Reversed graph over block indices plus the virtual exit.
    let mut reversed: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for &b in cfg.rpo() {
        for p in cfg.unique_predecessors(b) {
            if cfg.is_reachable(p) {
                reversed[b.index()].push(p.index());
            }
        }
    }
    let sinks = cfg.exits().chain(cfg.unterminated().iter().copied().filter(|b| cfg.is_reachable(*b)));
    reversed[exit] = sinks.map(|b| b.index()).collect();
    let order = reverse_post_order(exit, &reversed);
    let mut index = SecondaryMap::with_default(None);
    let mut pos = vec![usize::MAX; n + 1];
    for (i, &node) in order.iter().enumerate() {
        pos[node] = i;
        if node != exit {
            index[Block::new(node)] = Some(i as u32);
        }
    }
    // Predecessors in the reversed graph: original successors, and the exit for sinks.
    let preds: Vec<Vec<usize>> = order
        .iter()
        .map(|&node| {
            if node == exit {
                return Vec::new();
            }
            let b = Block::new(node);
            let mut ps: Vec<usize> =
                cfg.unique_successors(b).iter().map(|s| pos[s.index()]).filter(|&p| p != usize::MAX).collect();
            if reversed[exit].contains(&node) {
                ps.push(0);
            }
            ps
        })
        .collect();
    let nodes = order.iter().map(|&node| (node != exit).then(|| Block::new(node))).collect();
    Ok(PostDomTree { nodes, index, tree: IndexTree::solve(&preds) })
}

impl PostDomTree {
    fn idx(&self, b: Block) -> Option<usize> {
        self.index[b].map(|i| i as usize)
    }
    /// Whether some exit is reachable from `b` (only such blocks are in the tree).
    pub fn reaches_exit(&self, b: Block) -> bool {
        self.idx(b).is_some()
    }
    /// The immediate post-dominator; `None` when it is the virtual exit or `b` is not in the tree
    /// (tell the two apart with [`PostDomTree::reaches_exit`]).
    pub fn ipdom(&self, b: Block) -> Option<Block> {
        let i = self.idx(b)?;
        self.nodes[self.tree.idom[i]]
    }
    /// Whether `a` post-dominates `b` (every block post-dominates itself).
    pub fn post_dominates(&self, a: Block, b: Block) -> bool {
        if a == b {
            return true;
        }
        match (self.idx(a), self.idx(b)) {
            (Some(x), Some(y)) => self.tree.dominates(x, y),
            _ => false,
        }
    }
    /// The post-dominance frontier (the blocks whose branches decide whether `b` runs).
    pub fn frontier(&self, b: Block) -> Vec<Block> {
        match self.idx(b) {
            Some(i) => self.tree.frontier[i].iter().filter_map(|&c| self.nodes[c]).collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use catalase_ir::inst::BlockCall;
    use catalase_ir::{Builder, Type};

    #[test]
    fn diamond_dominators_and_frontiers() {
        let (f, b) = diamond();
        let cfg = crate::cfg::analyse(&f).unwrap();
        let dom = analyse(&f, &cfg).unwrap();
        assert_eq!(dom.idom(b[0]), None);
        assert_eq!(dom.idom(b[3]), Some(b[0]));
        assert!(dom.dominates(b[0], b[3]));
        assert!(!dom.dominates(b[1], b[3]));
        assert_eq!(dom.frontier(b[1]), vec![b[3]]);
        assert_eq!(dom.frontier(b[0]), vec![]);
        let pdom = post_dominators(&f, &cfg).unwrap();
        assert_eq!(pdom.ipdom(b[0]), Some(b[3]));
        assert_eq!(pdom.ipdom(b[3]), None);
        assert!(pdom.reaches_exit(b[3]));
        assert!(pdom.post_dominates(b[3], b[1]));
        assert_eq!(pdom.frontier(b[1]), vec![b[0]]);
    }

    #[test]
    fn loop_header_dominates_body_and_frontier_is_itself() {
        let (f, b) = counted_loop();
        let cfg = crate::cfg::analyse(&f).unwrap();
        let dom = analyse(&f, &cfg).unwrap();
        assert_eq!(dom.idom(b[2]), Some(b[1]));
        assert_eq!(dom.frontier(b[2]), vec![b[1]]);
        assert_eq!(dom.frontier(b[1]), vec![b[1]]);
        let body: Vec<_> = f.layout.block_insts(b[2]).collect();
        assert!(dom.inst_dominates(body[0], body[1]));
        assert!(!dom.inst_dominates(body[1], body[0]));
        let header_cmp = f.layout.first_inst(b[1]).unwrap();
        assert!(dom.inst_dominates(header_cmp, body[0]));
        let i = f.dfg.block_params(b[1])[0];
        assert!(dom.value_dominates(&f, i, body[0]));
        assert!(!dom.value_dominates(&f, i, f.layout.first_inst(b[0]).unwrap()));
    }

    #[test]
    fn irreducible_and_infinite_loops() {
        // entry -> a | b ; a <-> b ; b -> a ; no exit at all (infinite).
        let mut f = Function::with_entry("irr", catalase_ir::Signature::new(vec![Type::I1], Type::Void));
        let e = f.entry_block().unwrap();
        let c = f.params()[0];
        let mut bld = Builder::at_end(&mut f, e);
        let (a, b, x) = (bld.create_block(), bld.create_block(), bld.create_block());
        bld.condbr(c, BlockCall::new(a, vec![]), BlockCall::new(b, vec![]));
        bld.switch_to(a);
        bld.condbr(c, BlockCall::new(b, vec![]), BlockCall::new(x, vec![]));
        bld.switch_to(b);
        bld.br(a, vec![]);
        bld.switch_to(x);
        bld.ret(None);
        let cfg = crate::cfg::analyse(&f).unwrap();
        let dom = analyse(&f, &cfg).unwrap();
        assert_eq!(dom.idom(a), Some(e));
        assert_eq!(dom.idom(b), Some(e));
        assert_eq!(dom.idom(x), Some(a));
        let pdom = post_dominators(&f, &cfg).unwrap();
        assert_eq!(pdom.ipdom(b), Some(a));
        assert_eq!(pdom.ipdom(e), Some(a));
        // An infinite loop: not in the post-dominator tree.
        let mut g = empty_fn();
        let ge = g.entry_block().unwrap();
        let mut bld = Builder::at_end(&mut g, ge);
        let spin = bld.create_block();
        bld.br(spin, vec![]);
        bld.switch_to(spin);
        bld.br(spin, vec![]);
        let cfg = crate::cfg::analyse(&g).unwrap();
        let pdom = post_dominators(&g, &cfg).unwrap();
        assert!(!pdom.reaches_exit(spin));
        assert_eq!(pdom.ipdom(spin), None);
    }
}
