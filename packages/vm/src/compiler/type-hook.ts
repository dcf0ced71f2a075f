// The host function through which compiled code reaches the runtime type
// library (see type-values.ts for the calls it receives). It is a constant
// of the Protos that use type values, so it must not depend on any state:
// it looks the library up in the registry of the state it runs in.

import { HostFunction } from "../function.js";
import { LuaError } from "../lua-error.js";

/** Registry key of the runtime type library's entry point (a HostFunction). */
export const TYPES_REGISTRY_KEY = "wippy.types";

/** The constant compiled code calls for every type-value operation. */
export const TYPE_HOOK = new HostFunction("type", (L, base, nargs) => {
  const impl = L.G.registry.getStr(TYPES_REGISTRY_KEY);
  if (impl instanceof HostFunction) return impl.fn(L, base, nargs);
  // Without the library `string` is just the global it reads.
  if (nargs === 2 && L.stack[base] === "string") {
    L.stack[L.top++] = L.stack[base + 1];
    return 1;
  }
  throw new LuaError("type values need the types library, which is not open in this state", true);
});
