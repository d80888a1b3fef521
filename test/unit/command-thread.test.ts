import { describe, expect, it } from 'vitest';
import { buildThreadReply, threadCommand } from '../../commands/thread.js';
import type { ThreadDigest } from '../../src/core/digest.js';
import { UserError } from '../../src/core/errors.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { addThread, fakeDeps, invocation, makeArticle, makeStats, makeThread, referenceWorld, T0 } from '../helpers/command-fakes.js';

function blocksOf<T extends Block['type']>(reply: Reply, type: T): Extract<Block, { type: T }>[] {
  return reply.blocks.filter((block): block is Extract<Block, { type: T }> => block.type === type);
}

function digestFor(threadId: string, overrides: Partial<ThreadDigest> = {}): ThreadDigest {
  return {
    threadId,
    version: 1,
    generatedAt: T0,
    generator: 'extractive',
    summary: { text: 'Trump and Putin spoke by phone for two hours.', sources: ['Reuters', 'Fox News'] },
    perspectives: {
      left: { text: 'Left outlets stress the concessions.', sources: ['HuffPost'] },
      center: { text: 'Wire services report the call.', sources: ['Reuters'] },
      right: null,
    },
    qa: [],
    ...overrides,
  };
}

const run = (deps: ReturnType<typeof fakeDeps>, raw: Record<string, unknown>) =>
  threadCommand.execute(threadCommand.input.parse(raw), invocation(), deps);

describe('/thread', () => {
  it('titles the reply with rank and thread title and links the newest article', async () => {
    const { world, articles } = referenceWorld();
    const reply = await run(fakeDeps(world), { slug: 'trump-putin' });
    expect(reply.title).toBe('#11 · Trump Putin Call');
    expect(reply.url).toBe(articles[articles.length - 1]?.url);
  });

  it('shows the digest summary when one exists', async () => {
    const { world, thread } = referenceWorld();
    world.digests.set(thread.id, digestFor(thread.id));
    const reply = await run(fakeDeps(world), { slug: 'trump-putin' });
    const [summary] = blocksOf(reply, 'section');
    expect(summary).toEqual({ type: 'section', heading: 'Summary', text: 'Trump and Putin spoke by phone for two hours.', sources: ['Reuters', 'Fox News'] });
    expect(reply.aiGenerated).toBeUndefined();
  });

  it('falls back to the latest headlines per side, with outlets, before any digest exists', async () => {
    const { world } = referenceWorld();
    const reply = await run(fakeDeps(world), { slug: 'trump-putin' });
    const lists = blocksOf(reply, 'list');
    expect(lists.map((list) => list.heading)).toEqual(['Left', 'Center', 'Right', 'Unrated outlets']);
    expect(lists[0]?.items.map((item) => item.detail)).toEqual(['HuffPost', 'The New York Times']);
    expect(lists[2]?.items.map((item) => item.detail)).toEqual(['Daily Mail', 'Fox News']);
  });

  it('labels LLM text as AI-generated', async () => {
    const { world, thread } = referenceWorld();
    world.digests.set(thread.id, digestFor(thread.id, { generator: 'llm' }));
    expect((await run(fakeDeps(world), { slug: 'trump-putin' })).aiGenerated).toBe(true);
    expect((await run(fakeDeps(world), { slug: 'trump-putin', view: 'perspectives' })).aiGenerated).toBe(true);
    expect((await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' })).aiGenerated).toBeUndefined();
  });

  it('splits perspectives into three cited sections and names a missing side plainly', async () => {
    const { world, thread } = referenceWorld();
    world.digests.set(thread.id, digestFor(thread.id));
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'perspectives' });
    const sections = blocksOf(reply, 'section');
    expect(sections.map((section) => section.heading)).toEqual(['Left-leaning sources', 'Center', 'Right-leaning sources']);
    expect(sections[0]?.sources).toEqual(['HuffPost']);
    expect(sections[2]).toMatchObject({ text: 'No right-leaning outlet has covered this yet.', sources: [] });
  });

  it('reports a blindspot from the thread counts when no digest exists yet', async () => {
    const world = referenceWorld().world;
    const articles = [
      makeArticle('l1', { outlet: 'huffpost.com', outletName: 'HuffPost', lean: 'left', published: T0 }),
      makeArticle('c1', { outlet: 'reuters.com', outletName: 'Reuters', lean: 'center', published: T0 + 1 }),
    ];
    const thread = makeThread('t-2', 'one-sided', articles);
    addThread(world, thread, articles);
    const reply = await run(fakeDeps(world), { slug: 'one-sided', view: 'perspectives' });
    const right = blocksOf(reply, 'section').find((section) => section.heading === 'Right-leaning sources');
    expect(right?.text).toBe('No right-leaning outlet has covered this yet.');
    const left = blocksOf(reply, 'section').find((section) => section.heading === 'Left-leaning sources');
    expect(left).toMatchObject({ text: 'Headline l1 (HuffPost)', sources: ['HuffPost'] });
  });

  it('shows exactly the reference stats rows, the bias bar and a picture request', async () => {
    const { world, thread } = referenceWorld();
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' });
    const [stats] = blocksOf(reply, 'stats');
    expect(stats?.rows).toEqual([
      { label: 'Virality Score', value: '5.4' },
      { label: 'Change in Rank', value: '+1' },
      { label: 'Thread Age', value: '50 days' },
      { label: 'Number of Articles', value: '451' },
      { label: 'Outlets', value: '38' },
      { label: 'Political Leaning', value: 'Left 17.9% · Center 53.6% · Right 28.5% · 60 unrated' },
      { label: 'Regional Coverage', value: 'US 45.7% · Non-US 54.3% · top: US 45.7%, GB 20.5%' },
      { label: 'Blindspot', value: 'none' },
    ]);
    expect(blocksOf(reply, 'bias-bar')[0]?.bar).toEqual({ left: 17.9, center: 53.6, right: 28.5, unrated: 60 });
    expect(reply.picture).toEqual({ kind: 'thread-stats', threadId: thread.id, slug: 'trump-putin' });
    expect(blocksOf(reply, 'text').some((block) => block.text.includes('#14 → #12 → #11'))).toBe(true);
  });

  it('writes falls as −2, new entries as new, and names the blindspot side', async () => {
    const { world, thread } = referenceWorld();
    world.stats.set(thread.id, makeStats(thread, { rankChange: -2, blindspot: 'right' }));
    let rows = blocksOf(await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' }), 'stats')[0]?.rows ?? [];
    expect(rows.find((row) => row.label === 'Change in Rank')?.value).toBe('−2');
    expect(rows.find((row) => row.label === 'Blindspot')?.value).toMatch(/^Right/);
    world.stats.set(thread.id, makeStats(thread, { rankChange: null }));
    rows = blocksOf(await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' }), 'stats')[0]?.rows ?? [];
    expect(rows.find((row) => row.label === 'Change in Rank')?.value).toBe('new');
  });

  it('explains that a thread is not ranked yet instead of showing empty stats', async () => {
    const { world, thread } = referenceWorld();
    world.stats.delete(thread.id);
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' });
    expect(reply.title).toBe('Trump Putin Call');
    expect(reply.picture).toBeUndefined();
    expect(blocksOf(reply, 'text')[0]?.text).toMatch(/Not ranked yet/);
    expect(blocksOf(reply, 'stats')[0]?.rows.find((row) => row.label === 'Number of Articles')?.value).toBe('7');
  });

  it('answers a question with cited sentences, and says so when nothing answers it', async () => {
    const { world, thread } = referenceWorld();
    world.answers.set(`${thread.id}|who called whom?`, {
      question: 'who called whom?',
      sentences: [{ text: 'Trump called Putin on Tuesday.', sources: ['Reuters'] }],
    });
    const answered = await run(fakeDeps(world), { slug: 'trump-putin', view: 'qa', question: 'who called whom?' });
    expect(blocksOf(answered, 'qa')[0]?.items).toEqual([
      { question: 'who called whom?', answer: 'Trump called Putin on Tuesday. (Reuters)', sources: ['Reuters'] },
    ]);
    const unanswered = await run(fakeDeps(world), { slug: 'trump-putin', view: 'qa', question: 'what about the weather?' });
    expect(blocksOf(unanswered, 'text')[0]?.text).toContain('No article in this thread answers that.');
  });

  it('shows the digest Q&A without a question and invites one', async () => {
    const { world, thread } = referenceWorld();
    const qa = [{ question: 'When was the call?', answer: 'On Tuesday.', sources: ['Reuters'] }];
    world.digests.set(thread.id, digestFor(thread.id, { generator: 'llm', qa }));
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'qa' });
    expect(blocksOf(reply, 'qa')[0]?.items).toEqual(qa);
    expect(reply.aiGenerated).toBe(true);
    expect(blocksOf(reply, 'text')[0]?.text).toContain('/thread trump-putin qa');
  });

  it('links the five newest articles with their outlets', async () => {
    const { world } = referenceWorld();
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'stats' });
    const links = blocksOf(reply, 'links')[0]?.links ?? [];
    expect(links.map((link) => link.source)).toEqual(['Unrated Daily', 'Daily Mail', 'Fox News', 'Associated Press', 'Reuters']);
  });

  it('offers view buttons with the shown view marked, each command within 64 bytes', async () => {
    const { world } = referenceWorld();
    const reply = await run(fakeDeps(world), { slug: 'trump-putin', view: 'perspectives' });
    expect(reply.actions.map((action) => [action.label, action.command, action.active ?? false])).toEqual([
      ['Summary', 'thread trump-putin', false],
      ['Perspectives', 'thread trump-putin perspectives', true],
      ['Stats', 'thread trump-putin stats', false],
      ['Alert me', 'subscribe trump-putin', false],
    ]);
    for (const action of reply.actions) expect(Buffer.byteLength(action.command)).toBeLessThanOrEqual(64);
  });

  it('drops buttons whose command would not fit 64 bytes rather than sending a broken one', async () => {
    const world = referenceWorld().world;
    const slug = `a-${'very-long-slug-'.repeat(3)}x`;
    const articles = [makeArticle('x1'), makeArticle('x2', { published: T0 + 1 })];
    addThread(world, makeThread('t-long', slug, articles), articles);
    const reply = await run(fakeDeps(world), { slug, view: 'summary' });
    for (const action of reply.actions) expect(Buffer.byteLength(action.command)).toBeLessThanOrEqual(64);
  });

  it('rejects an unknown slug with a suggestion', async () => {
    const { world } = referenceWorld();
    const error = await run(fakeDeps(world), { slug: 'trump-putn' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('No thread `trump-putn`.');
    expect((error as UserError).suggestions).toEqual(['Did you mean `trump-putin`?']);
  });

  it('follows a merged thread to the thread it joined', async () => {
    const { world, thread } = referenceWorld();
    const gone = makeThread('t-old', 'putin-call', [makeArticle('z1')], { status: 'merged', mergedInto: thread.id });
    world.threads.set(gone.id, gone);
    const reply = await run(fakeDeps(world), { slug: 'putin-call' });
    expect(reply.title).toBe('#11 · Trump Putin Call');
  });

  it('lists the top threads when no slug is given', async () => {
    const { world } = referenceWorld();
    const reply = await buildThreadReply(fakeDeps(world), { view: 'summary' });
    expect(blocksOf(reply, 'list')[0]?.items[0]?.text).toBe('Trump Putin Call');
    expect(reply.actions[0]?.command).toBe('thread trump-putin');
  });

  it('validates the view and defaults it to summary', () => {
    expect(threadCommand.input.parse({ slug: 'x' }).view).toBe('summary');
    expect(threadCommand.input.parse({ slug: 'x', view: 'STATS' }).view).toBe('stats');
    expect(threadCommand.input.safeParse({ slug: 'x', view: 'chart' }).success).toBe(false);
  });
});
