//! Structural checks run before any analysis: every instruction in the layout exists, every
//! value it uses exists, every branch target is a block in the layout. After these pass, the
//! analyses may index the function's arenas without bounds worries. Blocks without terminators
//! are *not* rejected here: analyses treat them as blocks with no successors.

use catalase_ir::entities::EntityRef;
use catalase_ir::Function;

use crate::AnalysisError;

/// Check `func` is a definition whose layout, operands and branch targets are all in range.
pub fn well_formed(func: &Function) -> Result<(), AnalysisError> {
    let function = || func.name.clone();
    if func.is_declaration() {
        return Err(AnalysisError::NoBody { function: function() });
    }
    let in_layout = layout_blocks(func);
    for b in func.layout.blocks() {
        if b.index() >= func.dfg.blocks.len() {
            return Err(AnalysisError::UnknownBlock { function: function(), from: b, target: b });
        }
        for &p in func.dfg.block_params(b) {
            if func.dfg.values.get(p).is_none() {
                return Err(AnalysisError::BadRequest {
                    function: function(),
                    message: format!("{b} has parameter {p}, which does not exist"),
                });
            }
        }
        for i in func.layout.block_insts(b) {
            let Some(node) = func.dfg.insts.get(i) else {
                return Err(AnalysisError::UnknownInst { function: function(), inst: i });
            };
            for v in node.data.uses().into_iter().chain(node.result) {
                if func.dfg.values.get(v).is_none() {
                    return Err(AnalysisError::UnknownValue { function: function(), inst: i, value: v });
                }
            }
            for bc in node.data.successors() {
                if !in_layout.get(bc.block.index()).copied().unwrap_or(false) {
                    return Err(AnalysisError::UnknownBlock { function: function(), from: b, target: bc.block });
                }
            }
        }
    }
    Ok(())
}

/// One flag per block index: whether the block is placed in the layout.
fn layout_blocks(func: &Function) -> Vec<bool> {
    let mut v = vec![false; func.dfg.blocks.len()];
    for b in func.layout.blocks() {
        if let Some(slot) = v.get_mut(b.index()) {
            *slot = true;
        }
    }
    v
}
