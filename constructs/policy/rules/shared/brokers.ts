import type { Config } from "../../stack-index";
import { text } from "../../values";

/** Amazon MQ engine_type, lower-cased ("rabbitmq" or "activemq"). */
export function mqEngine(config: Config): string {
  return (text(config["engine_type"]) ?? "").toLowerCase();
}
