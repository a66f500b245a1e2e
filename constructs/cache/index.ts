// Public entry point `aec-platform-kit/cache`.
export { ValkeyCache, type ValkeyCacheProps } from "./valkey-cache";
export type { CacheClusterMode } from "../../common/data-sizing";
export type { ValkeyVersion } from "../../common/versions";
