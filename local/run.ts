// `npm run local`: the ingestion handler and the query API as local processes against the developer's
// PostgreSQL, Redis and RabbitMQ, with an S3-compatible server of its own. Ctrl-C stops everything.
import { localOptionsFromEnv } from "./options";
import { startLocalPlatform } from "./platform";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = localOptionsFromEnv(process.env);
  const local = await startLocalPlatform(options, log);
  const upload = `${local.s3Endpoint}/${local.bucket}/${local.uploadsPrefix}demo/report.pdf`;
  log(
    [
      "",
      `ready: query API ${local.apiUrl}, S3 ${local.s3Endpoint} (bucket ${local.bucket}), schema ${options.schema}`,
      `  upload:  curl -T report.pdf ${upload}`,
      `  query:   curl -H "Authorization: Bearer $TOKEN" ${local.apiUrl}/projects/demo/files`,
      `  token:   TOKEN=${local.token}   (grants project demo)`,
      `  another: curl -X POST -d '{"sub":"alice","projects":["p1"]}' ${local.apiUrl}/local/token   (development only; tokens end with this process)`,
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    local.close().then(
      () => {
        log("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        log(`stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
