//! The layout of a function: the order of its blocks and of the instructions in each block,
//! kept as doubly linked lists threaded through per-entity nodes (as Cranelift's `Layout`).
//!
//! Every edit is O(1): appending or inserting a block or an instruction (before or after
//! another one), removing one, asking which block holds an instruction or whether a block is
//! placed. Walking the blocks or the instructions of a block goes through the lists; the
//! iterators run both ways.

use crate::entities::{Block, Inst, SecondaryMap};

/// A node of one of the two lists: its neighbours (`None` at the ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Links<T> {
    prev: Option<T>,
    next: Option<T>,
}

impl<T> Default for Links<T> {
    fn default() -> Self {
        Links { prev: None, next: None }
    }
}

/// A block's place: its neighbours in the block order, its first and last instruction.
#[derive(Clone, Copy, Debug, Default)]
struct BlockNode {
    links: Links<Block>,
    first: Option<Inst>,
    last: Option<Inst>,
    inserted: bool,
}

/// An instruction's place: its block and its neighbours in that block.
#[derive(Clone, Copy, Debug, Default)]
struct InstNode {
    block: Option<Block>,
    links: Links<Inst>,
}

/// Block order and instruction order.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    blocks: SecondaryMap<Block, BlockNode>,
    insts: SecondaryMap<Inst, InstNode>,
    first_block: Option<Block>,
    last_block: Option<Block>,
}

impl Layout {
    // ----- blocks -----

    /// Place `b` last in the block order.
    pub fn append_block(&mut self, b: Block) {
        assert!(!self.is_block_inserted(b), "{b} is already in the layout");
        let node = &mut self.blocks[b];
        node.inserted = true;
        node.links = Links { prev: self.last_block, next: None };
        match self.last_block {
            Some(last) => self.blocks[last].links.next = Some(b),
            None => self.first_block = Some(b),
        }
        self.last_block = Some(b);
    }

    /// Place `b` right after `after`; last when `after` is not placed.
    pub fn insert_block_after(&mut self, b: Block, after: Block) {
        if !self.is_block_inserted(after) {
            return self.append_block(b);
        }
        assert!(!self.is_block_inserted(b), "{b} is already in the layout");
        let next = self.blocks[after].links.next;
        let node = &mut self.blocks[b];
        node.inserted = true;
        node.links = Links { prev: Some(after), next };
        self.blocks[after].links.next = Some(b);
        match next {
            Some(n) => self.blocks[n].links.prev = Some(b),
            None => self.last_block = Some(b),
        }
    }

    /// Take `b` out of the block order; its instructions leave the layout with it.
    pub fn remove_block(&mut self, b: Block) {
        if !self.is_block_inserted(b) {
            return;
        }
        let mut cursor = self.blocks[b].first;
        while let Some(i) = cursor {
            cursor = self.insts[i].links.next;
            self.insts[i] = InstNode::default();
        }
        let Links { prev, next } = self.blocks[b].links;
        match prev {
            Some(p) => self.blocks[p].links.next = next,
            None => self.first_block = next,
        }
        match next {
            Some(n) => self.blocks[n].links.prev = prev,
            None => self.last_block = prev,
        }
        self.blocks[b] = BlockNode::default();
    }

    /// The blocks in layout order.
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks { layout: self, head: self.first_block, tail: self.last_block }
    }
    pub fn entry_block(&self) -> Option<Block> {
        self.first_block
    }
    pub fn last_block(&self) -> Option<Block> {
        self.last_block
    }
    pub fn next_block(&self, b: Block) -> Option<Block> {
        self.blocks[b].links.next
    }
    pub fn prev_block(&self, b: Block) -> Option<Block> {
        self.blocks[b].links.prev
    }
    pub fn is_block_inserted(&self, b: Block) -> bool {
        self.blocks[b].inserted
    }
    /// True when no block is placed (a declaration).
    pub fn is_empty(&self) -> bool {
        self.first_block.is_none()
    }

    // ----- instructions -----

    /// The instructions of `b` in order (none when `b` is not placed).
    pub fn block_insts(&self, b: Block) -> Insts<'_> {
        let node = &self.blocks[b];
        Insts { layout: self, head: node.first, tail: node.last }
    }
    pub fn inst_block(&self, i: Inst) -> Option<Block> {
        self.insts[i].block
    }
    pub fn first_inst(&self, b: Block) -> Option<Inst> {
        self.blocks[b].first
    }
    /// The last instruction of a block (its terminator when the block is complete).
    pub fn last_inst(&self, b: Block) -> Option<Inst> {
        self.blocks[b].last
    }
    pub fn next_inst(&self, i: Inst) -> Option<Inst> {
        self.insts[i].links.next
    }
    pub fn prev_inst(&self, i: Inst) -> Option<Inst> {
        self.insts[i].links.prev
    }

    /// Place `i` last in block `b`. `b` need not be in the block order yet.
    pub fn append_inst(&mut self, i: Inst, b: Block) {
        assert!(self.insts[i].block.is_none(), "{i} is already in the layout");
        let last = self.blocks[b].last;
        self.insts[i] = InstNode { block: Some(b), links: Links { prev: last, next: None } };
        match last {
            Some(l) => self.insts[l].links.next = Some(i),
            None => self.blocks[b].first = Some(i),
        }
        self.blocks[b].last = Some(i);
    }

    /// Place `i` right before `before`, in `before`'s block.
    ///
    /// # Panics
    /// When `before` is not in the layout.
    pub fn insert_inst_before(&mut self, i: Inst, before: Inst) {
        assert!(self.insts[i].block.is_none(), "{i} is already in the layout");
        let b = self.insts[before].block.expect("inserting before an instruction that is not in the layout");
        let prev = self.insts[before].links.prev;
        self.insts[i] = InstNode { block: Some(b), links: Links { prev, next: Some(before) } };
        self.insts[before].links.prev = Some(i);
        match prev {
            Some(p) => self.insts[p].links.next = Some(i),
            None => self.blocks[b].first = Some(i),
        }
    }

    /// Take `i` out of its block (nothing happens when it is in none).
    pub fn remove_inst(&mut self, i: Inst) {
        let Some(b) = self.insts[i].block else { return };
        let Links { prev, next } = self.insts[i].links;
        match prev {
            Some(p) => self.insts[p].links.next = next,
            None => self.blocks[b].first = next,
        }
        match next {
            Some(n) => self.insts[n].links.prev = prev,
            None => self.blocks[b].last = prev,
        }
        self.insts[i] = InstNode::default();
    }
}

/// Steps through one of the layout's lists from both ends.
macro_rules! list_iter {
    ($(#[$doc:meta])* $name:ident, $entity:ty, $links:expr) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name<'a> {
            layout: &'a Layout,
            head: Option<$entity>,
            tail: Option<$entity>,
        }

        impl Iterator for $name<'_> {
            type Item = $entity;
            fn next(&mut self) -> Option<$entity> {
                let item = self.head?;
                if Some(item) == self.tail {
                    self.head = None;
                    self.tail = None;
                } else {
                    self.head = $links(self.layout, item).next;
                }
                Some(item)
            }
        }

        impl DoubleEndedIterator for $name<'_> {
            fn next_back(&mut self) -> Option<$entity> {
                let item = self.tail?;
                if Some(item) == self.head {
                    self.head = None;
                    self.tail = None;
                } else {
                    self.tail = $links(self.layout, item).prev;
                }
                Some(item)
            }
        }
    };
}

list_iter!(
    /// The blocks of a layout, in order.
    Blocks, Block, |l: &Layout, b: Block| l.blocks[b].links
);
list_iter!(
    /// The instructions of one block, in order.
    Insts, Inst, |l: &Layout, i: Inst| l.insts[i].links
);

#[cfg(test)]
mod tests {
    use super::*;

    fn insts(l: &Layout, b: Block) -> Vec<u32> {
        l.block_insts(b).map(|i| i.0).collect()
    }

    #[test]
    fn insert_before_and_remove_keep_the_order() {
        let mut l = Layout::default();
        let b = Block(0);
        l.append_block(b);
        l.append_inst(Inst(0), b);
        l.append_inst(Inst(1), b);
        l.insert_inst_before(Inst(2), Inst(0));
        l.insert_inst_before(Inst(3), Inst(1));
        assert_eq!(insts(&l, b), [2, 0, 3, 1]);
        assert_eq!(l.block_insts(b).rev().map(|i| i.0).collect::<Vec<_>>(), [1, 3, 0, 2]);
        l.remove_inst(Inst(2));
        l.remove_inst(Inst(1));
        assert_eq!(insts(&l, b), [0, 3]);
        assert_eq!((l.first_inst(b), l.last_inst(b)), (Some(Inst(0)), Some(Inst(3))));
        assert_eq!(l.inst_block(Inst(2)), None);
        assert_eq!(l.inst_block(Inst(3)), Some(b));
        // A removed instruction can be placed again.
        l.append_inst(Inst(2), b);
        assert_eq!(insts(&l, b), [0, 3, 2]);
    }

    #[test]
    fn blocks_insert_after_and_remove() {
        let mut l = Layout::default();
        l.append_block(Block(0));
        l.append_block(Block(1));
        l.insert_block_after(Block(2), Block(0));
        l.insert_block_after(Block(3), Block(1));
        let order = |l: &Layout| l.blocks().map(|b| b.0).collect::<Vec<_>>();
        assert_eq!(order(&l), [0, 2, 1, 3]);
        l.append_inst(Inst(0), Block(2));
        l.remove_block(Block(2));
        assert_eq!(order(&l), [0, 1, 3]);
        assert!(!l.is_block_inserted(Block(2)));
        assert_eq!(l.inst_block(Inst(0)), None);
        l.remove_block(Block(0));
        l.remove_block(Block(3));
        assert_eq!(order(&l), [1]);
        assert_eq!((l.entry_block(), l.last_block()), (Some(Block(1)), Some(Block(1))));
        assert_eq!(l.blocks().rev().count(), 1);
    }

    #[test]
    fn many_insertions_before_one_instruction() {
        let mut l = Layout::default();
        let b = Block(0);
        l.append_block(b);
        l.append_inst(Inst(0), b);
        for n in 1..200_000u32 {
            l.insert_inst_before(Inst(n), Inst(0));
        }
        assert_eq!(l.block_insts(b).count(), 200_000);
        assert_eq!(l.last_inst(b), Some(Inst(0)));
    }
}
