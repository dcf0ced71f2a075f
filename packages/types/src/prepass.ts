// One walk over a chunk before checking: which names and fields the chunk
// assigns anywhere (global reads are reported only for names never
// assigned, §3.3), and whether the chunk carries any annotation at all (an
// unannotated chunk is plain Lua: only undefined globals are reported).

import type { Block, Expression, FunctionExpression, Statement } from "@wippy-lua/parser";

export interface PrepassResult {
  assignedNames: Set<string>;
  assignedMembers: Set<string>;
  annotated: boolean;
}

export function prepass(block: Block): PrepassResult {
  const r: PrepassResult = { assignedNames: new Set(), assignedMembers: new Set(), annotated: false };
  walkBlock(block, r);
  return r;
}

/** `_G.x = v`, `_ENV["x"] = v` and `function _G.x() end` assign the global x. */
function isGlobalTable(name: string): boolean {
  return name === "_G" || name === "_ENV";
}

function walkBlock(b: Block, r: PrepassResult): void {
  for (const s of b.body) walkStatement(s, r);
}

function walkFunction(f: FunctionExpression, r: PrepassResult): void {
  if (f.returnTypes !== undefined || f.typeParams !== undefined || f.varargType !== undefined || f.params.some((p) => p.type !== undefined)) {
    r.annotated = true;
  }
  walkBlock(f.body, r);
}

function walkStatement(s: Statement, r: PrepassResult): void {
  switch (s.kind) {
    case "Local":
      if (s.names.some((n) => n.type !== undefined)) r.annotated = true;
      walkExprs(s.exprs, r);
      return;
    case "LocalFunction":
      walkFunction(s.func, r);
      return;
    case "Function":
      if (s.path.length === 0 && s.method === undefined) r.assignedNames.add(s.base.name);
      else r.assignedMembers.add(s.method ?? s.path[s.path.length - 1]);
      if (isGlobalTable(s.base.name) && s.path.length === 1 && s.method === undefined) r.assignedNames.add(s.path[0]);
      walkFunction(s.func, r);
      return;
    case "Assign":
      for (const t of s.targets) {
        if (t.kind === "Name") r.assignedNames.add(t.name);
        else {
          const field = t.kind === "Member" ? t.name : t.key.kind === "String" ? t.key.value : undefined;
          if (field !== undefined) {
            r.assignedMembers.add(field);
            if (t.object.kind === "Name" && isGlobalTable(t.object.name)) r.assignedNames.add(field);
          }
          walkExpr(t, r);
        }
      }
      walkExprs(s.exprs, r);
      return;
    case "CallStatement":
      walkExpr(s.call, r);
      return;
    case "Do":
      walkBlock(s.body, r);
      return;
    case "While":
    case "Repeat":
      walkExpr(s.condition, r);
      walkBlock(s.body, r);
      return;
    case "If":
      for (const c of s.clauses) {
        walkExpr(c.condition, r);
        walkBlock(c.body, r);
      }
      if (s.orelse) walkBlock(s.orelse, r);
      return;
    case "NumericFor":
      if (s.variable.type) r.annotated = true;
      walkExpr(s.init, r);
      walkExpr(s.limit, r);
      if (s.step) walkExpr(s.step, r);
      walkBlock(s.body, r);
      return;
    case "GenericFor":
      if (s.names.some((n) => n.type !== undefined)) r.annotated = true;
      walkExprs(s.exprs, r);
      walkBlock(s.body, r);
      return;
    case "Return":
      walkExprs(s.exprs, r);
      return;
    case "TypeAlias":
      r.annotated = true;
      return;
    default:
      return;
  }
}

function walkExprs(es: Expression[], r: PrepassResult): void {
  for (const e of es) walkExpr(e, r);
}

function walkExpr(e: Expression, r: PrepassResult): void {
  switch (e.kind) {
    case "FunctionExpr":
      walkFunction(e, r);
      return;
    case "Table":
      for (const f of e.fields) {
        if (f.kind === "KeyedField") walkExpr(f.key, r);
        walkExpr(f.value, r);
      }
      return;
    case "Binary":
      walkExpr(e.left, r);
      walkExpr(e.right, r);
      return;
    case "Unary":
      walkExpr(e.operand, r);
      return;
    case "Index":
      walkExpr(e.object, r);
      walkExpr(e.key, r);
      return;
    case "Member":
      walkExpr(e.object, r);
      return;
    case "Call":
      walkExpr(e.callee, r);
      walkExprs(e.args, r);
      return;
    case "MethodCall":
      walkExpr(e.object, r);
      walkExprs(e.args, r);
      return;
    case "Paren":
      walkExpr(e.expr, r);
      return;
    case "Cast":
    case "NonNil":
      r.annotated = true;
      walkExpr(e.expr, r);
      return;
    default:
      return;
  }
}
