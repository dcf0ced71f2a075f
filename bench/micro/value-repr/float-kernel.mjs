// Float kernel shaped like n-body's advance(), written the way a register VM
// executes it: every operand is read from and every result written to a
// value store (registers and table slots in one generic array, or typed
// arrays for (e)). The same three-address code is generated for each
// representation so only the value handling differs.
import { compare } from "./harness.mjs";

class LuaFloat { constructor(n) { this.n = n; } }
const BODIES = 5;
const FIELDS = 7; // x y z vx vy vz mass
const REG = BODIES * FIELDS; // temporaries start here
const DT = REG; // register holding dt
const [DX, DY, DZ, D2, T1, T2, MAG, MI, MJ] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => REG + k);

// Three-address code for one advance() step: [op, dst, a, b].
function program() {
  const code = [];
  for (let i = 0; i < BODIES; i++) {
    for (let j = i + 1; j < BODIES; j++) {
      const bi = i * FIELDS, bj = j * FIELDS;
      code.push(["-", DX, bi, bj], ["-", DY, bi + 1, bj + 1], ["-", DZ, bi + 2, bj + 2]);
      code.push(["*", D2, DX, DX], ["*", T1, DY, DY], ["+", D2, D2, T1], ["*", T1, DZ, DZ], ["+", D2, D2, T1]);
      code.push(["sqrt", T1, D2, D2], ["*", T1, D2, T1], ["/", MAG, DT, T1]);
      code.push(["*", MJ, bj + 6, MAG], ["*", MI, bi + 6, MAG]);
      for (let c = 0; c < 3; c++) {
        code.push(["*", T2, DX + c, MJ], ["-", bi + 3 + c, bi + 3 + c, T2]);
        code.push(["*", T2, DX + c, MI], ["+", bj + 3 + c, bj + 3 + c, T2]);
      }
    }
  }
  for (let k = 0; k < BODIES; k++) {
    for (let c = 0; c < 3; c++) code.push(["*", T2, DT, k * FIELDS + 3 + c], ["+", k * FIELDS + c, k * FIELDS + c, T2]);
  }
  return code;
}

function initialValues() {
  const v = [];
  for (let k = 0; k < BODIES; k++) {
    v.push(0.1 * k + 0.01, 0.2 * k - 0.03, -0.1 * k + 0.07, 0.01 * k + 0.001, -0.02 * k + 0.002, 0.003 * k - 0.0001, 0.5 + 0.1 * k);
  }
  v.push(0.01);
  while (v.length < REG + 10) v.push(0.5);
  return v;
}

// Builds `function(n)` running n steps; `emit(op, d, a, b)` gives one statement.
function build(emit, setup, result) {
  const body = program().map(([op, d, a, b]) => emit(op, d, a, b)).join("\n");
  return new Function("LuaFloat", `${setup}\nreturn function run(n) {\n init();\n for (let s = 0; s < n; s++) {\n${body}\n }\n return ${result};\n};`)(LuaFloat);
}

const JS_OP = { "+": "+", "-": "-", "*": "*", "/": "/" };

// (b) canonical: generic array of values; plain-number fast path, integral results boxed.
const runB = build(
  (op, d, a, b) => op === "sqrt"
    ? `{ const x = R[${a}]; const r = Math.sqrt(typeof x === "number" ? x : x.n); R[${d}] = Number.isInteger(r) ? new LuaFloat(r) : r; }`
    : `{ const x = R[${a}], y = R[${b}]; let r; if (typeof x === "number" && typeof y === "number") r = x ${JS_OP[op]} y; else r = (typeof x === "number" ? x : x.n) ${JS_OP[op]} (typeof y === "number" ? y : y.n); R[${d}] = Number.isInteger(r) ? new LuaFloat(r) : r; }`,
  `const init0 = ${JSON.stringify(initialValues())}; let R; function init() { R = init0.slice(); R.push("not a number"); }`,
  "R[0] * 1e6",
);

// (a) generic array of doubles + side tag array (1 = float); tags checked and written.
const runA = build(
  (op, d, a, b) => op === "sqrt"
    ? `R[${d}] = Math.sqrt(R[${a}]); T[${d}] = 1;`
    : `if ((T[${a}] & T[${b}]) === 1) { R[${d}] = R[${a}] ${JS_OP[op]} R[${b}]; T[${d}] = 1; } else throw new Error("int path");`,
  `const init0 = ${JSON.stringify(initialValues())}; let R, T; function init() { R = init0.slice(); R.push("not a number"); T = new Uint8Array(R.length).fill(1); }`,
  "R[0] * 1e6",
);

// (c) floats are numbers, integers bigints: a typeof check per operand.
const runC = build(
  (op, d, a, b) => op === "sqrt"
    ? `R[${d}] = Math.sqrt(R[${a}]);`
    : `{ const x = R[${a}], y = R[${b}]; if (typeof x === "number" && typeof y === "number") R[${d}] = x ${JS_OP[op]} y; else throw new Error("int path"); }`,
  `const init0 = ${JSON.stringify(initialValues())}; let R; function init() { R = init0.slice(); R.push("not a number"); }`,
  "R[0] * 1e6",
);

// (d) every value an object {t, n}; a new object per result.
const runD = build(
  (op, d, a, b) => op === "sqrt"
    ? `R[${d}] = { t: 1, n: Math.sqrt(R[${a}].n) };`
    : `{ const x = R[${a}], y = R[${b}]; if (x.t === 1 && y.t === 1) R[${d}] = { t: 1, n: x.n ${JS_OP[op]} y.n }; else throw new Error("int path"); }`,
  `const init0 = ${JSON.stringify(initialValues())}; let R; function init() { R = init0.map((n) => ({ t: 1, n })); }`,
  "R[0].n * 1e6",
);

// (e) Uint8Array tags + Float64Array values.
const runE = build(
  (op, d, a, b) => op === "sqrt"
    ? `V[${d}] = Math.sqrt(V[${a}]); T[${d}] = 1;`
    : `if ((T[${a}] & T[${b}]) === 1) { V[${d}] = V[${a}] ${JS_OP[op]} V[${b}]; T[${d}] = 1; } else throw new Error("int path");`,
  `const init0 = ${JSON.stringify(initialValues())}; let V, T; function init() { V = Float64Array.from(init0); T = new Uint8Array(V.length).fill(1); }`,
  "V[0] * 1e6",
);

compare("float kernel: n-body advance() steps, register-VM style", [
  ["(b) canonical number/bigint/LuaFloat", runB],
  ["(a) doubles + side tag array", runA],
  ["(c) all integers BigInt (floats plain)", runC],
  ["(d) tagged object per value", runD],
  ["(e) Uint8Array tags + Float64Array", runE],
], 200_000);
