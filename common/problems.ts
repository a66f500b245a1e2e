// One shape for every validation failure in the kit: which field, what it held, what was expected, how to fix it.
// Validators collect problems instead of throwing at the first, so one synth reports everything wrong at once.

export interface Problem {
  /** Dotted path of the offending field, e.g. `prod.network.subnets.private.us-west-2a`. */
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  readonly fix: string;
}

export class ConfigError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly Problem[],
  ) {
    super(formatProblems(subject, problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(subject: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map(
    (p, i) => `  ${i + 1}. ${p.field}: got ${show(p.value)}; expected ${p.expected}. Fix: ${p.fix}`,
  );
  return [`Invalid ${subject} (${count}):`, ...lines].join("\n");
}

export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ConfigError(subject, problems);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
