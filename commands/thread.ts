import { z } from 'zod';
import type { Article } from '../src/core/article.js';
import type { Action, Block, BiasBar, Reply, StatRow } from '../src/core/reply.js';
import type { ThreadFinder } from '../src/core/finding/finder.js';
import { threadFacts } from '../src/core/reply-data.js';
import { describeBlindspot, formatPercent, formatRankChangeSigned, formatUtc, formatVirality, plural, truncate } from '../src/core/render/format.js';
import type { RankPoint, ThreadStats } from '../src/core/stats.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { Command } from './command.js';
import type { ArticleReader, DigestReader, RankingReader, ThreadReader } from './deps.js';
import { splitThreadText } from './parse-line.js';
import { lookUpThread, slugActions, type ThreadLookup } from './thread-lookup.js';
import { HEADLINE_SAMPLE, MAX_BUTTON_BYTES, perspectiveBlocks, qaBlocks, SIDE_SHORT, SIDES, summaryBlocks } from './thread-views.js';
import { buildTopReply, TOP_DEFAULT } from './top.js';

export const THREAD_VIEWS = ['summary', 'perspectives', 'stats', 'qa'] as const;
export type ThreadView = (typeof THREAD_VIEWS)[number];

const LINK_COUNT = 5;
const RANK_HISTORY_POINTS = 24;
const RANK_HISTORY_TEXT_POINTS = 8;

export interface ThreadDeps {
  threads: ThreadReader;
  finder: ThreadFinder;
  articles: ArticleReader;
  ranking: RankingReader;
  digests: DigestReader;
}

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Discord sends the view as its own option; a view word typed into the thread text counts as well
 * (`trump putin stats`), as it does on a text line (parseText), unless a view was chosen.
 */
function viewWordsInText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const options = value as Record<string, unknown>;
  if (typeof options['slug'] !== 'string' || (options['view'] !== undefined && options['view'] !== null && options['view'] !== '')) return value;
  try {
    const split = splitThreadText(options['slug']);
    if (!split.view) return value;
    return { ...options, slug: split.query, view: split.view, question: options['question'] ?? split.question };
  } catch {
    return value;
  }
}

const input = z.preprocess(
  viewWordsInText,
  z.object({
    // Free text is checked by the finder (too long, no letters…), which says what to type instead.
    slug: z.preprocess(emptyToUndefined, z.string().trim().max(2_000, 'that text is too long').optional()),
    view: z.preprocess(
      (value) => (typeof value === 'string' ? emptyToUndefined(value.toLowerCase()) : value),
      z.enum(THREAD_VIEWS, { message: `view must be one of ${THREAD_VIEWS.join(', ')}` }).default('summary'),
    ),
    question: z.preprocess(emptyToUndefined, z.string().trim().max(500, 'question is too long (500 characters max)').optional()),
  }),
);

/** The heading of every view: rank and topic title (the headline until the thread has a topic). */
function threadTitle(thread: ThreadRecord, stats: ThreadStats | null): string {
  const name = thread.topic || thread.title;
  return stats?.rank ? `#${stats.rank} · ${name}` : name;
}

function viewCommand(slug: string, view: ThreadView): string {
  return view === 'summary' ? `thread ${slug}` : `thread ${slug} ${view}`;
}

/** "Also: …" for threads that matched about as well as the one shown. */
function alsoParts(also: ThreadLookup['also'], view: ThreadView): { block: Block | null; actions: Action[] } {
  if (also.length === 0) return { block: null, actions: [] };
  const named = also.map(({ entry }) => `${entry.topic || entry.title} (\`${entry.slug}\`)${entry.status === 'archived' ? ', archived' : ''}`);
  return {
    block: { type: 'text', text: `Also: ${named.join(' · ')}` },
    actions: slugActions(
      also.map(({ entry }) => ({ slug: entry.slug, topic: entry.topic || entry.title })),
      (slug) => viewCommand(slug, view),
      (thread) => `Also: ${truncate(thread.topic ?? thread.slug, 40)}`,
    ),
  };
}

function viewActions(slug: string, active: ThreadView): Action[] {
  const labels: Record<ThreadView, string> = { summary: 'Summary', perspectives: 'Perspectives', stats: 'Stats', qa: 'Q&A' };
  const views: ThreadView[] = ['summary', 'perspectives', 'stats', 'qa'];
  const actions: Action[] = views.map((view) => ({
    label: labels[view],
    command: viewCommand(slug, view),
    ...(view === active ? { active: true } : {}),
  }));
  actions.push({ label: 'Alert me', command: `subscribe ${slug}` });
  // Telegram callback_data and Discord custom_id cap at 64 bytes; a longer button could not be sent at all.
  return actions.filter((action) => Buffer.byteLength(action.command) <= MAX_BUTTON_BYTES);
}

function linksBlock(articles: readonly Article[]): Block | null {
  if (articles.length === 0) return null;
  return {
    type: 'links',
    heading: 'Latest coverage',
    links: articles.slice(0, LINK_COUNT).map((article) => ({ title: article.title, url: article.url, source: article.outletName })),
  };
}

export function biasBarOf(stats: ThreadStats): BiasBar {
  return {
    left: stats.leaning.left,
    center: stats.leaning.center,
    right: stats.leaning.right,
    unratedCount: stats.leaning.unratedCount,
    ...(stats.blindspot ? { blindspot: stats.blindspot } : {}),
  };
}

/** Exactly the reference page's "Current Stats" rows, in its order. */
export function statRows(stats: ThreadStats): StatRow[] {
  const { leaning, regions } = stats;
  const leaningValue =
    leaning.ratedCount > 0
      ? `${SIDES.map((side) => `${SIDE_SHORT[side]} ${formatPercent(leaning[side])}`).join(' · ')} · ${leaning.unratedCount} unrated`
      : `no rated outlet yet · ${leaning.unratedCount} unrated`;
  const knownRegions = stats.articleCount - regions.unknownCount;
  const topCountries = regions.top.map((entry) => `${entry.country} ${formatPercent(entry.percent)}`).join(', ');
  const regionValue =
    knownRegions > 0
      ? [`US ${formatPercent(regions.us)} · Non-US ${formatPercent(regions.nonUs)}`, topCountries ? `top: ${topCountries}` : '']
          .filter(Boolean)
          .join(' · ')
      : 'no outlet country known';
  return [
    { label: 'Virality Score', value: formatVirality(stats.virality) },
    { label: 'Change in Rank', value: formatRankChangeSigned(stats.rankChange) },
    { label: 'Thread Age', value: plural(stats.ageDays, 'day') },
    { label: 'Number of Articles', value: stats.articleCount.toLocaleString('en-US') },
    { label: 'Outlets', value: stats.outletCount.toLocaleString('en-US') },
    { label: 'Political Leaning', value: leaningValue },
    { label: 'Regional Coverage', value: regionValue },
    {
      label: 'Blindspot',
      value: stats.blindspot ? `${SIDE_SHORT[stats.blindspot]}: ${describeBlindspot(stats.blindspot)}` : 'none',
    },
  ];
}

function rankHistoryText(history: readonly RankPoint[]): string | null {
  if (history.length < 2) return null;
  const shown = history.slice(-RANK_HISTORY_TEXT_POINTS);
  const lead = history.length > shown.length ? '… → ' : '';
  return `Rank over the last ${plural(shown.length, 'ranking')}: ${lead}${shown.map((point) => `#${point.rank}`).join(' → ')}`;
}

function statsBlocks(thread: ThreadRecord, stats: ThreadStats | null, history: readonly RankPoint[]): Block[] {
  if (!stats) {
    return [
      { type: 'text', text: 'Not ranked yet: virality, rank and leaning appear after the next ranking run.' },
      {
        type: 'stats',
        rows: [
          { label: 'Thread Age', value: `since ${formatUtc(thread.firstSeen)}` },
          { label: 'Number of Articles', value: thread.articleCount.toLocaleString('en-US') },
          { label: 'Outlets', value: thread.outletCount.toLocaleString('en-US') },
        ],
      },
    ];
  }
  const blocks: Block[] = [
    { type: 'stats', rows: statRows(stats) },
    { type: 'bias-bar', bar: biasBarOf(stats) },
  ];
  const historyText = rankHistoryText(history);
  if (historyText) blocks.push({ type: 'text', text: historyText });
  return blocks;
}

export interface ThreadInput {
  slug?: string | undefined;
  view: ThreadView;
  question?: string | undefined;
}

/** `/thread` with no thread, or only a view word: the top threads as buttons for that view. */
async function pickerReply(deps: ThreadDeps, view: ThreadView): Promise<Reply> {
  const top = await buildTopReply(deps.ranking, deps.threads, TOP_DEFAULT);
  const what = view === 'summary' ? 'Which thread?' : `Which thread's ${view === 'qa' ? 'questions' : view}?`;
  const example = view === 'summary' ? '`/thread <slug or a few words>`' : `\`/thread <slug or a few words> ${view}\``;
  return {
    ...top,
    blocks: [{ type: 'text', text: `${what} Pick one below or type ${example}.` }, ...top.blocks],
    actions: top.actions.map((action) => ({ ...action, command: viewCommand(action.command.replace(/^thread /, ''), view) })).filter((action) => Buffer.byteLength(action.command) <= 64),
  };
}

export async function buildThreadReply(deps: ThreadDeps, { slug, view, question }: ThreadInput): Promise<Reply> {
  if (!slug) return pickerReply(deps, view);
  const lookup = await lookUpThread(deps, slug);
  const { thread } = lookup;
  const needsDigest = view !== 'stats';
  const needsHeadlines = view === 'summary' || view === 'perspectives';
  const [stats, digest, history, articleIds] = await Promise.all([
    deps.ranking.getStats(thread.id),
    needsDigest ? deps.digests.get(thread.id) : Promise.resolve(null),
    view === 'stats' ? deps.ranking.getRankHistory(thread.id, RANK_HISTORY_POINTS) : Promise.resolve([]),
    // Strays (articles that joined weakly) never lead the latest coverage or the headline fallback.
    deps.threads.getArticleIds(thread.id, { limit: needsHeadlines ? HEADLINE_SAMPLE : LINK_COUNT, order: 'newest', coreOnly: true }),
  ]);
  // Only summary/perspectives fall back to headlines; with a digest the five links are all we read.
  const idsToRead = needsHeadlines && !digest ? articleIds : articleIds.slice(0, LINK_COUNT);
  const representativeId = thread.representativeArticleId;
  const [representative = null, ...rest] = await deps.articles.getArticles([representativeId || '', ...idsToRead]);
  const recent = rest.filter((article): article is Article => article !== null);

  let blocks: Block[];
  let questionButtons: Action[] = [];
  let aiGenerated = false;
  switch (view) {
    case 'summary':
      blocks = summaryBlocks(thread, stats, digest, recent);
      aiGenerated = digest?.generator === 'llm';
      break;
    case 'perspectives':
      blocks = perspectiveBlocks(thread, digest, recent);
      aiGenerated = digest?.generator === 'llm';
      break;
    case 'stats':
      blocks = statsBlocks(thread, stats, history);
      break;
    case 'qa': {
      const qa = await qaBlocks(deps.digests, thread, digest, question);
      blocks = qa.blocks;
      questionButtons = qa.actions;
      aiGenerated = qa.usedDigest && digest?.generator === 'llm';
      break;
    }
  }
  const links = linksBlock(recent);
  if (links) blocks.push(links);
  if (lookup.viaAlias) blocks.unshift({ type: 'text', text: `\`${lookup.viaAlias}\` is now part of this thread.` });
  const also = alsoParts(lookup.also, view);
  if (also.block) blocks.push(also.block);

  // The header names the representative article and links to that same article.
  const header = representative ? { subtitle: representative.title, url: representative.url } : thread.topic && thread.title ? { subtitle: thread.title } : {};
  const footerParts = [`slug ${thread.slug}`, `last article ${formatUtc(thread.lastUpdated)}`];
  if (thread.status === 'archived') footerParts.push('archived (no longer ranked)');
  return {
    tone: 'info',
    title: threadTitle(thread, stats),
    ...header,
    blocks,
    actions: [...viewActions(thread.slug, view), ...questionButtons, ...also.actions],
    ...(view === 'stats' && stats ? { picture: { kind: 'thread-stats' as const, threadId: thread.id, slug: thread.slug } } : {}),
    ...(aiGenerated ? { aiGenerated: true } : {}),
    footer: footerParts.join(' · '),
    data: { kind: 'thread', view, thread: threadFacts(thread, stats, view === 'stats' ? history : undefined) },
  };
}

export const threadCommand = {
  data: {
    name: 'thread',
    description: 'A story thread: summary, perspectives, stats or Q&A',
    options: [
      { name: 'slug', description: 'Slug or a few words of the story, e.g. trump-putin or trump putin', type: 'string', autocomplete: true },
      { name: 'view', description: 'What to show (default summary)', type: 'string', choices: THREAD_VIEWS },
      { name: 'question', description: 'With view qa: your question about the story', type: 'string', rest: true },
    ],
  },
  input,
  parseText(argsText) {
    const { query, view, question } = splitThreadText(argsText);
    return { slug: query, ...(view ? { view } : {}), ...(question ? { question } : {}) };
  },
  execute(options, _invocation, deps) {
    return buildThreadReply(deps, options);
  },
} satisfies Command<typeof input, ThreadDeps>;
