// The Admin API as the pages use it: JSON in and out, the operator's bearer token when one is set, no cookies.
// Reports each answer to the live indicator so the banner says when the controller or its database is unreachable.
const tokenKey = 'amp-admin-token';
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function token() { return sessionStorage.getItem(tokenKey); }
export function setToken(value) { value ? sessionStorage.setItem(tokenKey, value) : sessionStorage.removeItem(tokenKey); }

/** Registers fn(state) for every request outcome: {ok:true} | {ok:false, kind:'unreachable'|'database', message}. */
export function onHealth(fn) { listeners.add(fn); }
function report(state) { for (const fn of listeners) fn(state); }

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    report({ ok: false, kind: 'unreachable', message: 'the controller does not answer (' + e.message + ')' });
    throw new ApiError(0, 'UNREACHABLE', 'the controller does not answer; is ampd running?');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (response.status === 503 && json && json.error_code === 'METADATA_DB_UNAVAILABLE') {
    report({ ok: false, kind: 'database', message: json.error_message });
  } else if (response.status >= 500 && !(json && json.error_code)) {
    report({ ok: false, kind: 'unreachable', message: 'the controller answered HTTP ' + response.status });
  } else {
    report({ ok: true });
  }
  if (!response.ok) {
    throw new ApiError(response.status, json && json.error_code || 'HTTP_' + response.status,
      json && json.error_message || 'HTTP ' + response.status);
  }
  return json;
}
