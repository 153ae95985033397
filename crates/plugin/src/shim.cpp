// The C++ half of the Catalase pass plugin: registers the module pass `catalase` (and
// `catalase<options>`) with LLVM's new pass manager, runs it at the PipelineStart and
// FullLTOEarly extension points, and reports diagnostics through the LLVMContext. All the work
// happens in Rust (`catalase_run_module`); the plugin entry point is defined in Rust (lib.rs).

#include "llvm-c/Types.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

#include <string>

using namespace llvm;

// Rust: differentiate the module; returns 1 when it may have changed it, 0 when not.
extern "C" int catalase_run_module(LLVMModuleRef module, const char *params);

// Report one diagnostic through the module's context (clang prints it, opt too; an error fails
// the compilation). Called from Rust.
extern "C" void catalase_shim_diagnose(LLVMModuleRef module, int is_error, const char *message) {
  Module *M = unwrap(module);
  M->getContext().diagnose(DiagnosticInfoGeneric(Twine(message), is_error ? DS_Error : DS_Warning));
}

namespace {

struct CatalasePass : PassInfoMixin<CatalasePass> {
  std::string Params;

  explicit CatalasePass(std::string P) : Params(std::move(P)) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    bool Changed = catalase_run_module(wrap(&M), Params.c_str()) != 0;
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }

  // Run even on `optnone` functions and at -O0.
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
        std::string Params;
        if (!paramsOf(Name, Params))
          return false;
        MPM.addPass(CatalasePass(Params));
        return true;
      });
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(CatalasePass("")); });
  PB.registerFullLinkTimeOptimizationEarlyEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(CatalasePass("")); });
}
