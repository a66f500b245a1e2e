import type { UsernamePassword } from "../shared/secrets";
import type { ManagementApi, Permissions } from "./core";

export interface ManagementApiOptions {
  /** Per request. @default 5000 */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * RabbitMQ's management HTTP API (on Amazon MQ: the broker's console URL, HTTPS on 443), signed in as the admin.
 * Path segments are URL-encoded: the default vhost `/` is `%2F`.
 */
export function managementApi(baseUrl: string, admin: UsernamePassword, options: ManagementApiOptions = {}): ManagementApi {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const authorization = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString("base64")}`;
  const base = baseUrl.replace(/\/+$/, "");

  async function put(path: string, body: Record<string, string>, what: string): Promise<number> {
    let response: Response;
    try {
      response = await fetchFn(`${base}${path}`, {
        method: "PUT",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new Error(`RabbitMQ management API: ${what} (PUT ${path}) failed: ${(err as Error).message}`, { cause: err });
    }
    if (response.status === 201 || response.status === 204) return response.status;
    // The body is RabbitMQ's JSON error ({error, reason}); it never echoes the request's password.
    const detail = (await response.text().catch(() => "")).slice(0, 300);
    const hint = response.status === 401 ? " (the admin secret does not match the broker's admin password)" : "";
    throw new Error(`RabbitMQ management API: ${what} (PUT ${path}) answered HTTP ${response.status}${hint}: ${detail}`);
  }

  return {
    async putUser(username, password) {
      // No tags: the application users may not sign in to the management UI or API.
      const status = await put(`/api/users/${encodeURIComponent(username)}`, { password, tags: "" }, `set up user ${username}`);
      return status === 201 ? "created" : "updated";
    },
    async putPermissions(vhost, username, permissions: Permissions) {
      await put(
        `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(username)}`,
        { configure: permissions.configure, write: permissions.write, read: permissions.read },
        `set permissions of ${username} on vhost ${vhost}`,
      );
    },
  };
}
