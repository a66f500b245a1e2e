// The worker's adapter as the container runs it, with the local services' secrets and s3rver's credentials in place
// of what AWS provides; started as a child process by the SIGTERM test.
import { localSecrets } from "../../../local/handler-env";
import { main, runWorker } from "../../../workers/processing/main";
import { S3_CREDENTIALS } from "../../lambdas/support/s3";
import { SERVICES } from "../../lambdas/support/services";

main(() => runWorker(process.env, { secrets: localSecrets(SERVICES), s3Credentials: S3_CREDENTIALS }));
