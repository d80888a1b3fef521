import type { RedisClient } from '../store/redis-client.js';
import type { Config } from '../config/config.js';
import type { ThreadDigest } from '../core/digest.js';
import { createExtractiveSummarizer, type SummarizeInput } from '../core/summaries/extractive.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../store/keys.js';
import { createRedisCallBudget } from './call-budget.js';
import { createChatClient } from './chat-client.js';
import { createLlmSummarizer, type FallbackReason } from './llm-summarizer.js';

export interface SummarizerFromConfigDeps {
  config: Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS' | 'LLM_MAX_RETRIES' | 'LLM_MAX_CALLS_PER_HOUR' | 'LLM_MAX_INPUT_CHARS'>;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  onFallback?: (reason: FallbackReason) => void;
}

/** The LLM summarizer (extractive fallback) when LLM_BASE_URL is set, the extractive one otherwise. */
export function createSummarizerFromConfig(deps: SummarizerFromConfigDeps): {
  readonly generator: ThreadDigest['generator'];
  summarize(input: SummarizeInput): Promise<ThreadDigest>;
} {
  const extractive = createExtractiveSummarizer();
  const { config } = deps;
  if (config.LLM_BASE_URL === undefined) return extractive;
  const client = createChatClient({
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
    budget: createRedisCallBudget(deps.redis, deps.keys, config.LLM_MAX_CALLS_PER_HOUR),
  });
  return createLlmSummarizer({
    client,
    fallback: extractive,
    logger: deps.logger,
    maxInputChars: config.LLM_MAX_INPUT_CHARS,
    onFallback: deps.onFallback,
  });
}
