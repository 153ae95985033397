// The clang half of Catalase: what `clang-22 -fplugin=libcatalase_plugin.so` adds to the
// compiler's front end. It is built into its own shared object (build.rs) because it needs
// clang's symbols, which only a clang process has: `opt-22` loads the pass plugin too, and a
// library that named clang's symbols could not be loaded there. The pass plugin carries this
// object inside it and loads it only when clang loaded the pass plugin as a front-end plugin
// (`lib.rs`, `load_clang_frontend`).
//
// It does two things:
//  - it teaches clang Enzyme's source attributes, which clang would otherwise drop with an
//    "unknown attribute ignored" warning (so that a function marked inactive would silently
//    get a derivative): `enzyme_inactive` (functions and global variables),
//    `enzyme_inactive_noblock` (functions), `enzyme_function_like("name")`,
//    `enzyme_shadow(g_shadow)` (a global's shadow, `annotate("enzyme_shadow", &g_shadow)`), and the
//    optimisation hints `enzyme_no_escaping_allocation`, `enzyme_nofree`,
//    `enzyme_sparse_accumulate` and `enzyme_shouldrecompute`, each in the spellings
//    `__attribute__((enzyme_x))`, `[[enzyme_x]]` and `[[enzyme::x]]`. Each becomes an
//    `annotate` attribute ("enzyme_inactive", "enzyme_function_like=log1p", ...), which clang
//    lowers into `@llvm.global.annotations`, where the pass reads it
//    (`catalase_llvm::registry`). A user may write those annotations by hand as well.
//  - it adds Catalase's passes to the back end's pipeline, unless `-fpass-plugin=` names the
//    pass plugin already, so that `-fplugin=` alone differentiates, as Enzyme's `ClangEnzyme`
//    does.

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/OperationKinds.h"
#include "clang/Basic/ParsedAttrInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/Passes/PassBuilder.h"

#include <string>

using namespace clang;

namespace {

// The pass plugin's `catalase_register_callbacks(llvm::PassBuilder &)` and
// `catalase_register_secure_only`, handed over by the pass plugin right after it loads this
// object.
using Registration = void (*)(void *PassBuilder);
Registration RegisterPasses = nullptr;
Registration RegisterSecureOnly = nullptr;

// What an attribute applies to.
enum class Target { Functions, FunctionsAndGlobals, Globals };

// What an attribute takes: nothing, one string (`enzyme_function_like("log1p")`), or one global
// variable (`enzyme_shadow(g_shadow)`), whose address becomes the annotation's argument (so that
// the pass finds the very global, whatever its symbol, and the optimizer keeps it).
enum class Arg { None, String, Global };

// One Enzyme attribute, lowered to `annotate("<Annotation>")`, or, for an attribute that takes
// a string, `annotate("<Annotation>=<string>")`.
class EnzymeAttr : public ParsedAttrInfo {
public:
  EnzymeAttr(const char *Annotation, Target Applies, Arg Takes,
             ArrayRef<Spelling> Names)
      : Annotation(Annotation), Applies(Applies), Takes(Takes) {
    // Arguments are parsed as expressions; the count is checked in handleDeclAttribute, which
    // gives a message that names the attribute.
    OptArgs = 1;
    Spellings = Names;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D) && Applies != Target::Globals)
      return true;
    if (Applies != Target::Functions) {
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->hasGlobalStorage())
        return true;
    }
    unsigned ID = S.getDiagnostics().getCustomDiagID(
        DiagnosticsEngine::Warning,
        "'%0' attribute only applies to %1; ignored (Catalase)");
    S.Diag(Attr.getLoc(), ID)
        << Annotation
        << (Applies == Target::Functions  ? "functions"
            : Applies == Target::Globals ? "global variables"
                                         : "functions and global variables");
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &Attr) const override {
    if (Takes == Arg::Global)
      return handleGlobalArg(S, D, Attr);
    std::string Text = Annotation;
    if (Takes == Arg::String) {
      const StringLiteral *Name =
          Attr.getNumArgs() == 1 && Attr.isArgExpr(0)
              ? dyn_cast<StringLiteral>(Attr.getArgAsExpr(0)->IgnoreParenCasts())
              : nullptr;
      if (!Name || Name->getLength() == 0) {
        unsigned ID = S.getDiagnostics().getCustomDiagID(
            DiagnosticsEngine::Error,
            "'%0' takes one string: the library function this one behaves "
            "like, as in %0(\"log1p\")");
        S.Diag(Attr.getLoc(), ID) << Annotation;
        return AttributeNotApplied;
      }
      Text += "=";
      Text += Name->getString().str();
    } else if (Attr.getNumArgs() != 0) {
      unsigned ID = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error, "'%0' takes no arguments");
      S.Diag(Attr.getLoc(), ID) << Annotation;
      return AttributeNotApplied;
    }
    D->addAttr(AnnotateAttr::Create(S.Context, Text, nullptr, 0, Attr.getRange()));
    return AttributeApplied;
  }

private:
  // `enzyme_shadow(g_shadow)`: annotate("enzyme_shadow", &g_shadow).
  AttrHandling handleGlobalArg(Sema &S, Decl *D, const ParsedAttr &Attr) const {
    Expr *E = nullptr;
    if (Attr.getNumArgs() == 1 && Attr.isArgExpr(0)) {
      E = Attr.getArgAsExpr(0)->IgnoreParenImpCasts();
    } else if (Attr.getNumArgs() == 1 && Attr.isArgIdent(0)) {
      // A bare name is parsed as an identifier, not an expression: look it up here.
      IdentifierLoc *Id = Attr.getArgAsIdent(0);
      NamedDecl *Found = S.LookupSingleName(S.getCurScope(), Id->getIdentifierInfo(),
                                            Id->getLoc(), Sema::LookupOrdinaryName);
      if (auto *Var = dyn_cast_or_null<VarDecl>(Found))
        E = S.BuildDeclRefExpr(Var, Var->getType().getNonReferenceType(), VK_LValue, Id->getLoc());
    }
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    Expr *Address = nullptr;
    if (V && V->hasGlobalStorage() && V != D && !E->isValueDependent()) {
      ExprResult R = S.CreateBuiltinUnaryOp(Attr.getLoc(), UO_AddrOf, E);
      Address = R.isUsable() ? R.get() : nullptr;
    }
    if (!Address || !S.ConstantFoldAttrArgs(Attr, MutableArrayRef<Expr *>(&Address, 1))) {
      unsigned ID = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error,
          "'%0' takes one global variable of the same type, the shadow of "
          "this one: %0(name_shadow)");
      S.Diag(Attr.getLoc(), ID) << Annotation;
      return AttributeNotApplied;
    }
    D->addAttr(AnnotateAttr::Create(S.Context, Annotation, &Address, 1, Attr.getRange()));
    return AttributeApplied;
  }

  const char *Annotation;
  Target Applies;
  Arg Takes;
};

#define CATALASE_SPELLINGS(name)                                               \
  static constexpr ParsedAttrInfo::Spelling S[] = {                           \
      {AttributeCommonInfo::AS_GNU, "enzyme_" name},                           \
      {AttributeCommonInfo::AS_C23, "enzyme_" name},                           \
      {AttributeCommonInfo::AS_CXX11, "enzyme_" name},                         \
      {AttributeCommonInfo::AS_CXX11, "enzyme::" name},                       \
      {AttributeCommonInfo::AS_C23, "enzyme::" name}};

struct InactiveAttr : EnzymeAttr {
  CATALASE_SPELLINGS("inactive")
  InactiveAttr() : EnzymeAttr("enzyme_inactive", Target::FunctionsAndGlobals, Arg::None, S) {}
};
// A function that is inactive and (to Enzyme) also does not block other code's activity; to
// Catalase the same as an inactive function.
struct InactiveNoBlockAttr : EnzymeAttr {
  CATALASE_SPELLINGS("inactive_noblock")
  InactiveNoBlockAttr()
      : EnzymeAttr("enzyme_inactivenoblockfn", Target::Functions, Arg::None, S) {}
};
// Clang's parser asks whether a plugin knows a `[[scope::name(...)]]` attribute by its unscoped
// name before it parses the arguments (and skips them if not), while the attribute itself is
// then found by its scoped name; so `[[enzyme::function_like("log1p")]]` keeps its string only
// if the unscoped `function_like` is a spelling too.
struct FunctionLikeAttr : EnzymeAttr {
  static constexpr ParsedAttrInfo::Spelling S[] = {
      {AttributeCommonInfo::AS_GNU, "enzyme_function_like"},
      {AttributeCommonInfo::AS_C23, "enzyme_function_like"},
      {AttributeCommonInfo::AS_CXX11, "enzyme_function_like"},
      {AttributeCommonInfo::AS_CXX11, "enzyme::function_like"},
      {AttributeCommonInfo::AS_C23, "enzyme::function_like"},
      {AttributeCommonInfo::AS_CXX11, "function_like"},
      {AttributeCommonInfo::AS_C23, "function_like"}};
  FunctionLikeAttr() : EnzymeAttr("enzyme_function_like", Target::Functions, Arg::String, S) {}
};
// The shadow of an active global that the program provides: the pass makes derivatives use it
// (adjoints add into it, tangents are read from it) in place of a shadow of its own.
struct ShadowAttr : EnzymeAttr {
  static constexpr ParsedAttrInfo::Spelling S[] = {
      {AttributeCommonInfo::AS_GNU, "enzyme_shadow"},
      {AttributeCommonInfo::AS_C23, "enzyme_shadow"},
      {AttributeCommonInfo::AS_CXX11, "enzyme_shadow"},
      {AttributeCommonInfo::AS_CXX11, "enzyme::shadow"},
      {AttributeCommonInfo::AS_C23, "enzyme::shadow"},
      {AttributeCommonInfo::AS_CXX11, "shadow"},
      {AttributeCommonInfo::AS_C23, "shadow"}};
  ShadowAttr() : EnzymeAttr("enzyme_shadow", Target::Globals, Arg::Global, S) {}
};
struct NoFreeAttr : EnzymeAttr {
  CATALASE_SPELLINGS("nofree")
  NoFreeAttr() : EnzymeAttr("enzyme_nofree", Target::FunctionsAndGlobals, Arg::None, S) {}
};
struct SparseAccumulateAttr : EnzymeAttr {
  CATALASE_SPELLINGS("sparse_accumulate")
  SparseAccumulateAttr()
      : EnzymeAttr("enzyme_sparse_accumulate", Target::Functions, Arg::None, S) {}
};
struct ShouldRecomputeAttr : EnzymeAttr {
  CATALASE_SPELLINGS("shouldrecompute")
  ShouldRecomputeAttr()
      : EnzymeAttr("enzyme_shouldrecompute", Target::Functions, Arg::None, S) {}
};

// Enzyme's promise that a function lets no allocation escape (which lets Enzyme cache less);
// accepted, and unused by Catalase, so that clang neither warns nor drops it unseen.
struct NoEscapingAllocationAttr : EnzymeAttr {
  CATALASE_SPELLINGS("no_escaping_allocation")
  NoEscapingAllocationAttr()
      : EnzymeAttr("enzyme_no_escaping_allocation", Target::Functions, Arg::None, S) {}
};

#undef CATALASE_SPELLINGS

ParsedAttrInfoRegistry::Add<InactiveAttr> RegInactive("enzyme_inactive", "");
ParsedAttrInfoRegistry::Add<InactiveNoBlockAttr> RegInactiveNoBlock("enzyme_inactive_noblock", "");
ParsedAttrInfoRegistry::Add<FunctionLikeAttr> RegFunctionLike("enzyme_function_like", "");
ParsedAttrInfoRegistry::Add<ShadowAttr> RegShadow("enzyme_shadow", "");
ParsedAttrInfoRegistry::Add<NoFreeAttr> RegNoFree("enzyme_nofree", "");
ParsedAttrInfoRegistry::Add<SparseAccumulateAttr>
    RegSparseAccumulate("enzyme_sparse_accumulate", "");
ParsedAttrInfoRegistry::Add<ShouldRecomputeAttr>
    RegShouldRecompute("enzyme_shouldrecompute", "");
ParsedAttrInfoRegistry::Add<NoEscapingAllocationAttr>
    RegNoEscapingAllocation("enzyme_no_escaping_allocation", "");

// Runs before the main action (code generation) and only adds Catalase's passes to the
// back end's pipeline. Clang loads the `-fpass-plugin=` libraries before any front-end action
// runs, so the pass plugin cannot be added to that list here; its registration function is
// added as a pass-builder callback instead (which is what loading it would do).
//
// `-fplugin-arg-catalase-attributes-only` differentiates nothing, for the CLI route
// (`clang -fplugin=... -fplugin-arg-catalase-attributes-only -S -emit-llvm`, then
// `catalase opt`): the attributes become annotations, and only `catalase-secure` is added, so
// that the functions they name survive the optimizer un-inlined until `catalase opt` runs.
class AddPassPlugin : public PluginASTAction {
  bool AttributesOnly = false;

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CodeGenOptions &Opts = CI.getCodeGenOpts();
    bool Named = false;
    for (const std::string &P : Opts.PassPlugins)
      Named |= P.find("catalase_plugin") != std::string::npos;
    Registration Register = AttributesOnly ? RegisterSecureOnly : RegisterPasses;
    if (!Named && Register) {
      Opts.PassBuilderCallbacks.push_back(
          [Register](llvm::PassBuilder &PB) { Register(&PB); });
    }
    return std::make_unique<ASTConsumer>();
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (const std::string &Arg : Args) {
      if (Arg == "attributes-only") {
        AttributesOnly = true;
        continue;
      }
      DiagnosticsEngine &D = CI.getDiagnostics();
      unsigned ID = D.getCustomDiagID(
          DiagnosticsEngine::Error,
          "unknown Catalase plugin argument '%0' (-fplugin-arg-catalase-%0); "
          "the one argument is attributes-only");
      D.Report(ID) << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};

FrontendPluginRegistry::Add<AddPassPlugin> RegAction("catalase", "Catalase automatic differentiation");

} // namespace

// Called by the pass plugin once it has loaded this object.
extern "C" __attribute__((visibility("default"))) void
catalase_clang_set_pass_registration(Registration All, Registration SecureOnly) {
  RegisterPasses = All;
  RegisterSecureOnly = SecureOnly;
}
