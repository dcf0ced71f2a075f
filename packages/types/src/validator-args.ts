// What the static checker and the runtime type builder both know about
// validators: their names, argument kinds and targets, and how a literal
// argument reads (types.md §6).

import type { Expression } from "@wippy-lua/parser";

export const VALIDATORS: Record<string, { arg: "number" | "string"; applies: "number" | "length" | "string" }> = {
  min: { arg: "number", applies: "number" },
  max: { arg: "number", applies: "number" },
  min_len: { arg: "number", applies: "length" },
  max_len: { arg: "number", applies: "length" },
  pattern: { arg: "string", applies: "string" },
};

/** The value of a literal validator argument (a negated numeral too); undefined when it is not a literal. */
export function literalArg(e: Expression): string | number | boolean | null | undefined {
  switch (e.kind) {
    case "Nil":
      return null;
    case "True":
      return true;
    case "False":
      return false;
    case "String":
      return e.value;
    case "Integer":
    case "Float":
      return Number(e.value);
    case "Unary":
      if (e.operator === "-" && (e.operand.kind === "Integer" || e.operand.kind === "Float")) return -Number(e.operand.value);
      return undefined;
    default:
      return undefined;
  }
}
