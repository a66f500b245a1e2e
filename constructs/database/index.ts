// Public entry point `aec-platform-kit/database`.
export { PostgresDatabase, type DatabaseOrigin, type PostgresDatabaseProps } from "./postgres-database";
export { ReplicaLagAlarm, type ReplicaLagAlarmProps } from "./replica-lag-alarm";
export type { PostgresVersion } from "../../common/versions";
