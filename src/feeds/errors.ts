/**
 * A feed failure worth retrying later (timeout, 5xx, connection reset, oversize body, malformed XML).
 * Permanent failures are `PermanentFeedError`, rate limits `RateLimitedError` (both in core/errors).
 */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
  constructor(
    message: string,
    /** HTTP status when the server answered, undefined for network and parse failures. */
    readonly status?: number,
  ) {
    super(message);
  }
}
