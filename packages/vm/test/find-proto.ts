// Test helper: the function prototype defined at a given line of a chunk.

import type { Proto } from "../src/proto.js";

/** The Proto in p's tree (p included) whose definition starts at `line`, or null. */
export function findProto(p: Proto, line: number): Proto | null {
  if (p.lineDefined === line) return p;
  for (const q of p.protos) {
    const r = findProto(q, line);
    if (r !== null) return r;
  }
  return null;
}
