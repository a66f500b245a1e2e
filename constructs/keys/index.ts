// Public entry point `aec-platform-kit/keys`.
export { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
export { DATA_CLASSES, PlatformKeys, type DataClass, type PlatformKeysProps } from "./platform-keys";
