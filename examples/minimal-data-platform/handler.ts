// A handler of your own (not one of the kit's): lists a project's documents. Bundled with esbuild at synth; the AWS
// SDK v3 comes from the Lambda runtime. The stack also hands it the database's and the cache's endpoints, for the
// clients a real handler would open.
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";

const bucket = process.env.DOCUMENTS_BUCKET;
if (!bucket) throw new Error("DOCUMENTS_BUCKET is not set");
const s3 = new S3Client({});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const project = event.pathParameters?.projectId;
  if (!project || !/^[\w-]{1,64}$/.test(project)) return { statusCode: 400, body: "bad projectId" };
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `projects/${project}/`, MaxKeys: 100 }));
  return { statusCode: 200, body: JSON.stringify((listed.Contents ?? []).map((o) => o.Key)) };
}
