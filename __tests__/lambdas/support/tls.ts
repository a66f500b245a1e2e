// Throw-away certificates and TLS listeners for running the handlers over TLS the way production connects:
// certificates verified against a CA the process trusts through NODE_EXTRA_CA_CERTS, host names checked.
// - PostgreSQL: a terminator in front of the machine's server that answers the protocol's SSLRequest with 'S'
//   and then speaks TLS (PostgreSQL negotiates TLS inside its own protocol, so a plain TLS relay would not do);
// - RabbitMQ: an AMQPS listener in front of the machine's server (plain TLS, like Amazon MQ's port 5671);
// - Redis: a second redis-server started with only a tls-port (the machine's server stays as it is).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TLSSocket } from "node:tls";

export interface TestPki {
  readonly dir: string;
  /** The CA to trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** Server certificate for localhost and 127.0.0.1, signed by the CA. */
  readonly certFile: string;
  readonly keyFile: string;
  /** A CA nobody trusts, with a server certificate of its own, for the verification-is-on test. */
  readonly rogueCertFile: string;
  readonly rogueKeyFile: string;
  dispose(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: "pipe" });
  } catch (err) {
    const detail = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`the TLS tests need the openssl command (Debian package openssl): openssl ${args.join(" ")} failed: ${detail}`);
  }
}

function issue(dir: string, name: string, caName: string): void {
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${caName}`, "-keyout", `${name}-ca.key`, "-out", `${name}-ca.pem`], dir);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", `${name}.key`, "-out", `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", `${name}-ca.pem`, "-CAkey", `${name}-ca.key`, "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`],
    dir,
  );
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "kit-pki-"));
  issue(dir, "server", "kit test CA");
  issue(dir, "rogue", "untrusted CA");
  return {
    dir,
    caFile: join(dir, "server-ca.pem"),
    certFile: join(dir, "server.pem"),
    keyFile: join(dir, "server.key"),
    rogueCertFile: join(dir, "rogue.pem"),
    rogueKeyFile: join(dir, "rogue.key"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** A TLS listener on 127.0.0.1 relaying plaintext to `target`; `postgres` answers the SSLRequest first. */
export class TlsTerminator {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly identity: { certFile: string; keyFile: string },
    private readonly protocol: "postgres" | "plain",
  ) {}

  async start(): Promise<number> {
    const cert = readFileSync(this.identity.certFile);
    const key = readFileSync(this.identity.keyFile);
    this.server = createServer((raw) => {
      this.sockets.add(raw);
      raw.on("error", () => undefined);
      raw.on("close", () => this.sockets.delete(raw));
      const secure = () => {
        const tls = new TLSSocket(raw, { isServer: true, cert, key });
        tls.on("error", () => raw.destroy());
        const upstream = connect(this.target.port, this.target.host);
        this.sockets.add(upstream);
        upstream.on("error", () => tls.destroy());
        upstream.on("close", () => {
          this.sockets.delete(upstream);
          tls.destroy();
        });
        tls.on("close", () => upstream.destroy());
        tls.pipe(upstream);
        upstream.pipe(tls);
      };
      if (this.protocol === "plain") return secure();
      raw.once("data", (first: Buffer) => {
        if (!first.subarray(0, 8).equals(SSL_REQUEST)) {
          raw.destroy(); // TLS only, like a server whose pg_hba allows hostssl alone
          return;
        }
        // The client waits for the 'S' before its TLS ClientHello, so nothing else has been read yet.
        raw.write("S");
        secure();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A second redis-server that listens with TLS only, on a free port; stopped by `stop()`. */
export async function startTlsRedis(identity: { certFile: string; keyFile: string; caFile: string }, port: number): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    "redis-server",
    [
      "--port", "0",
      "--tls-port", String(port),
      "--bind", "127.0.0.1",
      "--tls-cert-file", identity.certFile,
      "--tls-key-file", identity.keyFile,
      "--tls-ca-cert-file", identity.caFile,
      "--tls-auth-clients", "no",
      "--save", "",
      "--appendonly", "no",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`redis-server with TLS did not start (is it built with TLS support?):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
