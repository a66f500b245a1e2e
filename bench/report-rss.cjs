// Preloaded into benchmarked processes: reports their own peak resident set size when they exit.
process.on("exit", () => process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`));
