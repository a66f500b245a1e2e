// Reading a Deployment's pod template from the synthesized JSON (kubernetes provider: blocks as objects or lists).
import type { Config } from "../../stack-index";
import { blocks, nested } from "../../values";

export function podSpec(config: Config): Config | undefined {
  return nested(config, "spec", "template", "spec");
}

/** Containers by name (init containers included: they run with the same privileges). */
export function containersOf(pod: Config): { name: string; config: Config }[] {
  return [...blocks(pod["container"]), ...blocks(pod["init_container"])].map((c, i) => ({ name: typeof c["name"] === "string" ? c["name"] : `#${i}`, config: c }));
}
