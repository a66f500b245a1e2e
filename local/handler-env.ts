// The handlers' configuration pointed at services on this machine (plain TCP, secrets taken from the service
// URLs), shared by `npm run local` and the integration tests so both run the handlers the same way.
import { staticSecretSource, type SecretSource } from "../lambdas/shared/secrets";

export interface ServiceUrls {
  readonly postgres: URL;
  readonly redis: URL;
  readonly rabbitmq: URL;
}

/** What the handlers' own names should be for one run: schema, Redis key prefix, exchange, bucket. */
export interface HandlerNames {
  readonly schema: string;
  /** Including its separator, e.g. `aec-local:`. */
  readonly cachePrefix: string;
  readonly exchange: string;
  readonly bucket: string;
  /** @default unset: the handler's S3 client uses AWS */
  readonly s3Endpoint?: string;
}

/** The secret ARNs the handlers are given; `localSecrets` answers for them. */
export const LOCAL_SECRET_ARNS = {
  postgres: "arn:aws:secretsmanager:us-east-1:000000000000:secret:local-pg",
  rabbitmq: "arn:aws:secretsmanager:us-east-1:000000000000:secret:local-amqp",
  redis: "arn:aws:secretsmanager:us-east-1:000000000000:secret:local-redis",
} as const;

const decoded = (text: string) => decodeURIComponent(text);

/** Handler environment variables for the services at `urls` (a Redis password becomes an AUTH token secret). */
export function localHandlerEnv(urls: ServiceUrls, names: HandlerNames): Record<string, string> {
  const { postgres: pg, redis, rabbitmq: amqp } = urls;
  return {
    AWS_REGION: "us-east-1",
    LOG_LEVEL: "info",
    TLS_ENABLED: "false",
    PG_HOST: pg.hostname,
    PG_PORT: pg.port || "5432",
    PG_DATABASE: decoded(pg.pathname.slice(1)) || "postgres",
    PG_SECRET_ARN: LOCAL_SECRET_ARNS.postgres,
    PG_SCHEMA: names.schema,
    REDIS_HOST: redis.hostname,
    REDIS_PORT: redis.port || "6379",
    ...(redis.password ? { REDIS_AUTH_SECRET_ARN: LOCAL_SECRET_ARNS.redis } : {}),
    CACHE_KEY_PREFIX: names.cachePrefix,
    BROKER_KIND: "rabbitmq",
    AMQP_HOST: amqp.hostname,
    AMQP_PORT: amqp.port || "5672",
    AMQP_VHOST: decoded(amqp.pathname.slice(1)) || "/",
    AMQP_SECRET_ARN: LOCAL_SECRET_ARNS.rabbitmq,
    AMQP_EXCHANGE: names.exchange,
    DOCUMENTS_BUCKET: names.bucket,
    ...(names.s3Endpoint ? { S3_ENDPOINT: names.s3Endpoint } : {}),
  };
}

/** What the handlers would read from Secrets Manager, taken from the service URLs. */
export function localSecrets(urls: ServiceUrls): SecretSource {
  return staticSecretSource({
    [LOCAL_SECRET_ARNS.postgres]: JSON.stringify({ username: decoded(urls.postgres.username || "postgres"), password: decoded(urls.postgres.password) }),
    [LOCAL_SECRET_ARNS.rabbitmq]: JSON.stringify({
      username: decoded(urls.rabbitmq.username || "guest"),
      password: decoded(urls.rabbitmq.password || "guest"),
    }),
    [LOCAL_SECRET_ARNS.redis]: decoded(urls.redis.password),
  });
}
