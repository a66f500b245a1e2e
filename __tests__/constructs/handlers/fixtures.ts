import { Testing, type App } from "cdktf";
import { platform } from "../../../config/environments";
import type { EnvironmentConfig, ProjectConfig } from "../../../config/types";
import { PlatformHandlers } from "../../../constructs/handlers/platform-handlers";
import { buildPlatform } from "../../../stacks/app";
import type { PlatformStack } from "../../../stacks/platform-stack";
import { synthJson, type SynthJson } from "../../helpers";

export interface HandlersFixture {
  readonly app: App;
  readonly stack: PlatformStack;
  readonly handlers: PlatformHandlers;
  /** Testing.synth output: resources keyed by logical id (construct path + hash). */
  readonly json: SynthJson;
}

/** The handlers PlatformStack wires into a running environment. */
export function handlersOf(stack: PlatformStack): PlatformHandlers {
  if (!stack.handlers) throw new Error(`${stack.node.id} runs no handlers (a recovery environment in standby)`);
  return stack.handlers;
}

export function handlersIn(environment: string, options: { app?: App; project?: ProjectConfig } = {}): HandlersFixture {
  const app = options.app ?? Testing.app();
  const stack = buildPlatform(app, options.project ?? platform, { only: environment })[environment].platform;
  return { app, stack, handlers: handlersOf(stack), json: synthJson(stack) };
}

/** A shipped environment by name. */
export function environmentNamed(name: string): EnvironmentConfig {
  const found = platform.environments.find((e) => e.name === name);
  if (!found) throw new Error(`no environment ${name} in config/environments/`);
  return found;
}

/** The project with one environment's broker switched to MSK (Kafka, IAM auth). */
export function withKafka(environment: string): ProjectConfig {
  const swap = (e: EnvironmentConfig): EnvironmentConfig =>
    e.name === environment ? { ...e, data: { ...e.data, broker: { kind: "kafka" } } } : e;
  return { ...platform, environments: platform.environments.map(swap) };
}

/** The one resource of `type` whose logical id starts with the construct path `path` (ids joined by "_"). */
export function at(json: SynthJson, type: string, path: string): Record<string, unknown> {
  const prefix = `${path.replace(/\//g, "_")}_`;
  const matches = Object.entries(json.resource?.[type] ?? {}).filter(([name]) => name.startsWith(prefix) && /^[0-9A-F]{8}$/.test(name.slice(prefix.length)));
  if (matches.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${matches.length}`);
  return matches[0]![1];
}

/** Every resource of `type` below the construct path `path`. */
export function under(json: SynthJson, type: string, path: string): Record<string, unknown>[] {
  const prefix = `${path.replace(/\//g, "_")}_`;
  return Object.entries(json.resource?.[type] ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .map(([, r]) => r);
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(resource: Record<string, unknown>, attribute = "policy"): Statement[] {
  return (JSON.parse(resource[attribute] as string) as { Statement: Statement[] }).Statement;
}

export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
