// The C++ half of the Catalase pass plugin: registers the module passes `catalase` (and
// `catalase<options>`) and `catalase-secure` with LLVM's new pass manager, places them in the
// default pipelines (secure at PipelineStart; differentiate at OptimizerLast, then sort the
// use-lists as a parser would and run the module simplification and optimization pipelines again,
// as the CLI route's clang -O3 does; at -O0 at OptimizerEarly; differentiate at FullLTOEarly),
// and reports diagnostics through the LLVMContext.
// All the work happens in Rust (`catalase_run_module`, `catalase_secure_module`); the plugin
// entry point is defined in Rust (lib.rs).

#include "llvm-c/Types.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

#include <optional>
#include <string>
#include <tuple>

using namespace llvm;

// Rust: differentiate the module; returns 0 when it did not change it, 1 when it rewrote marker
// calls, 2 when it reported errors.
extern "C" int catalase_run_module(LLVMModuleRef module, const char *params);
// Rust: secure what differentiating after optimization needs; 1 when it changed the module.
extern "C" int catalase_secure_module(LLVMModuleRef module);

// Report one diagnostic through the module's context (clang prints it, opt too; an error fails
// the compilation). Called from Rust.
extern "C" void catalase_shim_diagnose(LLVMModuleRef module, int is_error, const char *message) {
  Module *M = unwrap(module);
  M->getContext().diagnose(DiagnosticInfoGeneric(Twine(message), is_error ? DS_Error : DS_Warning));
}

namespace {

constexpr int Rewritten = 1;

// Sort the use-lists of F's arguments, blocks and instructions into the order LLVM's IR parser
// gives them when it reads F's text: the last use in the text first, except that uses before the
// definition (phis reaching back) follow, in text order; uses from outside F keep their order, at
// the end. Some passes choose by use-list order (loop strength reduction, for one, picks the
// induction variables by it), and the order in memory records how the code was built: Catalase's
// derivatives and the optimizer's edits before them. The CLI route prints the module and clang
// parses it again, so sorting gives the plugin the CLI route's machine code: on every benchmark
// kernel, and on 232 of the corpus's 260 C programs at -O3 (208 unsorted). Unsorted, bundle
// adjustment's 100,000-observation gradient got other induction variables and registers than
// through the CLI, and ran about 10% slower.
void sortUseLists(Function &F) {
  DenseMap<const Instruction *, unsigned> Pos;
  unsigned N = 0;
  for (Instruction &I : instructions(F))
    Pos[&I] = N++;
  auto Sort = [&](Value &V, std::optional<unsigned> Def) {
    if (!V.hasNUsesOrMore(2))
      return;
    auto Key = [&](const Use &U) -> std::tuple<int, unsigned, unsigned> {
      auto *I = dyn_cast<Instruction>(U.getUser());
      auto It = I ? Pos.find(I) : Pos.end();
      if (It == Pos.end())
        return {2, 0, 0};
      unsigned At = It->second, Operand = U.getOperandNo();
      if (Def && At <= *Def)
        return {1, At, Operand};
      return {0, ~At, ~Operand};
    };
    V.sortUseList([&](const Use &L, const Use &R) { return Key(L) < Key(R); });
  };
  for (Argument &A : F.args())
    Sort(A, std::nullopt);
  for (BasicBlock &BB : F)
    Sort(BB, std::nullopt);
  for (Instruction &I : instructions(F))
    Sort(I, Pos[&I]);
}

// Set while the OptimizerLast callback builds the pipeline that runs again after differentiating
// (building it invokes the callback again).
bool BuildingAgain = false;

// Differentiate; when marker calls were rewritten and `Simplify` is set, run it over the module
// (the derivatives are new code that the pipeline has not seen).
struct CatalasePass : PassInfoMixin<CatalasePass> {
  std::string Params;
  std::optional<ModulePassManager> Simplify;

  explicit CatalasePass(std::string P) : Params(std::move(P)) {}
  CatalasePass(std::string P, ModulePassManager S) : Params(std::move(P)), Simplify(std::move(S)) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    int Result = catalase_run_module(wrap(&M), Params.c_str());
    if (Result == 0)
      return PreservedAnalyses::all();
    if (Result == Rewritten && Simplify) {
      for (Function &F : M)
        sortUseLists(F);
      MAM.invalidate(M, PreservedAnalyses::none());
      Simplify->run(M, MAM);
    }
    return PreservedAnalyses::none();
  }

  // Run even on `optnone` functions and at -O0.
  static bool isRequired() { return true; }
};

struct CatalaseSecurePass : PassInfoMixin<CatalaseSecurePass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    bool Changed = catalase_secure_module(wrap(&M)) != 0;
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }

  static bool isRequired() { return true; }
};

// `catalase` gives "", `catalase<loose-types;print>` gives "loose-types;print"; other names no.
bool paramsOf(StringRef Name, std::string &Params) {
  if (Name == "catalase") {
    Params.clear();
    return true;
  }
  if (Name.consume_front("catalase<") && Name.consume_back(">")) {
    Params = Name.str();
    return true;
  }
  return false;
}

} // namespace

extern "C" void catalase_register_callbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "catalase-secure") {
          MPM.addPass(CatalaseSecurePass());
          return true;
        }
        std::string Params;
        if (!paramsOf(Name, Params))
          return false;
        MPM.addPass(CatalasePass(Params));
        return true;
      });
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(CatalaseSecurePass()); });
  PB.registerOptimizerEarlyEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level, ThinOrFullLTOPhase Phase) {
        if (Level == OptimizationLevel::O0)
          MPM.addPass(CatalasePass(""));
      });
  PB.registerOptimizerLastEPCallback(
      [&PB](ModulePassManager &MPM, OptimizationLevel Level, ThinOrFullLTOPhase Phase) {
        if (Level == OptimizationLevel::O0 || BuildingAgain)
          return;
        BuildingAgain = true;
        ModulePassManager Again = PB.buildModuleSimplificationPipeline(Level, Phase);
        Again.addPass(PB.buildModuleOptimizationPipeline(Level, Phase));
        BuildingAgain = false;
        MPM.addPass(CatalasePass("", std::move(Again)));
      });
  PB.registerFullLinkTimeOptimizationEarlyEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(CatalasePass("")); });
}

// Only `catalase-secure`, at PipelineStart: for a compilation that differentiates nothing but
// whose output `catalase opt` differentiates later (the clang half's `attributes-only`), so that
// the functions the attributes name are not inlined before then.
extern "C" void catalase_register_secure_only(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(CatalaseSecurePass()); });
}
