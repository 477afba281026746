// Every call goes to the gateway's public API; nothing here knows where services live.
import { currentSession } from "./session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const session = currentSession();
  const auth: Record<string, string> = session ? { Authorization: `Bearer ${session.token}` } : {};
  return { ...auth, ...extra };
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.code ?? "", problem.detail ?? response.statusText);
  }
  return (await response.json()) as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: headers() }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  // A fresh key per command: a retried click never applies twice.
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }),
    body: JSON.stringify(body ?? {}),
  });
  return answer<T>(response);
}

export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw new ApiError(response.status, "", response.statusText);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
