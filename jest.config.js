/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // examples/ import the kit by its package name (package.json "exports"); this condition points those imports at
  // the sources rather than at dist/, which only `npm run build:lib` writes.
  testEnvironmentOptions: { customExportConditions: ["node", "node-addons", "aec-platform-kit-source"] },
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
    // Graphviz's WebAssembly build ships as an ES module only; jest runs CommonJS (scripts/report.js bundles it).
    "@hpcc-js/wasm-graphviz/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!@hpcc-js/wasm-graphviz/)"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  maxWorkers: 2,
  testTimeout: 30000,
};
