import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * A RabbitMQ node of the test's own, with the management plugin, in a temporary directory on free ports: the
 * machine's broker has no management plugin and must stay as it is. Starts in ~7 s on an idle machine; the
 * deadline leaves room for a loaded one. `stop()` ends it and removes its directory.
 */
export interface TestRabbitNode {
  readonly amqpUrl: URL;
  readonly managementUrl: string;
  /** The node's default administrator (guest, allowed from 127.0.0.1 only by this node's configuration). */
  readonly admin: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
}

const SERVER = process.env.TEST_RABBITMQ_SERVER ?? "rabbitmq-server";
const START_DEADLINE_MS = 45_000;

export async function startTestRabbitNode(): Promise<TestRabbitNode> {
  if (spawnSync("sh", ["-c", `command -v ${SERVER}`]).status !== 0) {
    throw new Error(
      `${SERVER} is not installed: the broker setup tests start a RabbitMQ node of their own with the management plugin ` +
        "(install rabbitmq-server, or point TEST_RABBITMQ_SERVER at its start script)",
    );
  }
  const [amqpPort, managementPort, distPort] = await freePorts(3);
  const dir = mkdtempSync(join(tmpdir(), "aec-rabbit-"));
  // rabbitmq-server started as root drops to the rabbitmq user, which must be able to write here.
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, "enabled_plugins"), "[rabbitmq_management].\n");
  writeFileSync(
    join(dir, "rabbitmq.conf"),
    [`listeners.tcp.default = ${amqpPort}`, `management.tcp.port = ${managementPort}`, "management.tcp.ip = 127.0.0.1", ""].join("\n"),
  );
  const node = `aec-test-${randomBytes(4).toString("hex")}@localhost`;
  const pidFile = join(dir, "node.pid");
  const child: ChildProcess = spawn(SERVER, [], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "ignore", "ignore"],
    env: {
      ...process.env,
      HOME: dir,
      RABBITMQ_NODENAME: node,
      RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
      RABBITMQ_LOG_BASE: join(dir, "log"),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
      RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq"),
      RABBITMQ_PID_FILE: pidFile,
      RABBITMQ_PLUGINS_EXPAND_DIR: join(dir, "plugins-expand"),
      RABBITMQ_FEATURE_FLAGS_FILE: join(dir, "feature_flags"),
    },
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const admin = { username: "guest", password: "guest" };
  const stop = async () => {
    await stopNode(pidFile, child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (await managementAnswers(managementUrl, admin)) break;
    if (exited || Date.now() > deadline) {
      const log = tail(join(dir, "log"), node);
      await stop();
      throw new Error(`the test's RabbitMQ node did not start within ${START_DEADLINE_MS / 1000} s${exited ? " (it exited)" : ""}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { amqpUrl: new URL(`amqp://guest:guest@127.0.0.1:${amqpPort}`), managementUrl, admin, stop };
}

async function managementAnswers(url: string, admin: { username: string; password: string }): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/overview`, {
      headers: { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString("base64")}` },
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** SIGTERM to the Erlang VM (its pid file), then to the start script's process group; SIGKILL if either lingers. */
async function stopNode(pidFile: string, child: ChildProcess): Promise<void> {
  const vm = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : undefined;
  const targets = [vm, child.pid === undefined ? undefined : -child.pid].filter((pid): pid is number => Number.isInteger(pid) && pid !== 0);
  for (const pid of targets) signal(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (targets.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const pid of targets.filter(alive)) signal(pid, "SIGKILL");
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(logDir: string, node: string): string {
  try {
    return readFileSync(join(logDir, `${node}.log`), "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log written)";
  }
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
