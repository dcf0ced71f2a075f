// Preloaded (node --import) into Node-based engines when /usr/bin/time is
// absent: writes the process's peak resident set size, in kB, to the file
// named by BENCH_RSS_FILE when the process exits.
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
