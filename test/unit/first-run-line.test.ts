import { describe, expect, it } from 'vitest';
import { watchFirstPolls } from '../../src/cli/first-run.js';
import { noFeedAnsweredLine, type FeedHealthLike } from '../../src/core/feed-status.js';

const offline: FeedHealthLike = { lastSuccessAt: null, consecutiveFailures: 1, lastError: 'host not found (ENOTFOUND)' };

describe('the first-run line', () => {
  it('stays silent until a feed has been tried, and for good once any feed has answered', () => {
    expect(noFeedAnsweredLine([])).toBeNull();
    expect(noFeedAnsweredLine([{ lastSuccessAt: null, consecutiveFailures: 0 }])).toBeNull();
    // A feed that worked once and fails now is an outage of that feed, not a first run.
    expect(noFeedAnsweredLine([offline, { lastSuccessAt: 1, consecutiveFailures: 4, lastError: 'HTTP 503' }])).toBeNull();
  });

  it('counts the configured sources not tried yet, and names the error most of them share', () => {
    const refused = { ...offline, lastError: 'connection refused (ECONNREFUSED)' };
    expect(noFeedAnsweredLine([offline, offline, refused], { configured: 48 })).toBe(
      "No news feed has answered yet: 3 of 48 failing, 45 not answered yet, most often: host not found (ENOTFOUND). Check this machine's network connection, or try the demo: `npm run demo`, then `npm run -s cli -- console --demo`.",
    );
  });

  it('counts a source disabled after repeated failures as failing', () => {
    expect(noFeedAnsweredLine([{ consecutiveFailures: 10, disabled: true, disabledReason: 'disabled after 10 failed polls' }], { nextStep: 'do X' })).toBe(
      "No news feed has answered yet: the only source failing: disabled after 10 failed polls. Check this machine's network connection, or do X.",
    );
  });
});

describe('watchFirstPolls', () => {
  it('waits until every configured source has been tried before it speaks', async () => {
    const rounds: FeedHealthLike[][] = [[], [offline], [offline, offline]];
    let calls = 0;
    const watch = watchFirstPolls({ listHealth: async () => rounds[Math.min(calls++, rounds.length - 1)]!, configured: 2, giveUpMs: 60_000, intervalMs: 1 });
    expect(await watch.line).toMatch(/^No news feed has answered yet: all 2 failing: host not found/);
    expect(calls).toBe(3);
  });

  it('says nothing once one feed answers, and keeps asking when Redis does not answer', async () => {
    let calls = 0;
    const watch = watchFirstPolls({
      listHealth: async () => {
        calls += 1;
        if (calls === 1) throw new Error('Redis is away');
        return calls === 2 ? [offline] : [offline, { lastSuccessAt: 5, consecutiveFailures: 0 }];
      },
      configured: 2,
      giveUpMs: 60_000,
      intervalMs: 1,
    });
    expect(await watch.line).toBeNull();
    expect(calls).toBe(3);
  });
});
