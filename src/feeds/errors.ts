import { PermanentFeedError } from '../core/errors.js';

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

/**
 * HTTP 410: the publisher says the feed is gone for good, so polling it again can never help. A 404
 * or an HTML page is permanent for the poll too, but sites break feeds for a day during redesigns or
 * show a bot-check page, so those sources rest under backoff until SOURCE_MAX_FAILURES instead.
 */
export class FeedGoneError extends PermanentFeedError {}

/**
 * The feed URL or a redirect leads to an address polls must not reach (loopback, private, link-local,
 * cloud metadata; see address-policy.ts). Permanent for the poll: retrying reaches the same address.
 */
export class FeedAddressRefusedError extends PermanentFeedError {}
