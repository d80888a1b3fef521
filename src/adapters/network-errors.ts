/**
 * Socket-level failures (`fetch failed` with an ECONNREFUSED cause, a reset, a DNS miss) as the
 * code that names them, found anywhere along the `cause` chain: the libraries wrap them one to
 * three times, and only the innermost says what happened.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'timed out';
  return undefined;
}

/** The error's own message, first line only (some libraries put the request body after it). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n', 1)[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
}
