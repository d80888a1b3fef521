import { z } from 'zod';
import type { Article } from '../src/core/article.js';
import type { CitedText, ThreadDigest } from '../src/core/digest.js';
import { leanBucket, type LeanBucket } from '../src/core/lean.js';
import type { Action, Block, BiasBar, Reply, StatRow } from '../src/core/reply.js';
import {
  describeBlindspot,
  formatPercent,
  formatRankChangeLabel,
  formatRankChangeSigned,
  formatUtc,
  formatVirality,
  plural,
  unique,
} from '../src/core/render/format.js';
import type { RankPoint, ThreadStats } from '../src/core/stats.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { Command } from './command.js';
import type { ArticleReader, DigestReader, RankingReader, ThreadReader } from './deps.js';
import { findPublicThread } from './thread-lookup.js';
import { buildTopReply, TOP_DEFAULT } from './top.js';

export const THREAD_VIEWS = ['summary', 'perspectives', 'stats', 'qa'] as const;
export type ThreadView = (typeof THREAD_VIEWS)[number];

const LINK_COUNT = 5;
/** Enough recent articles to find a few headlines per side without reading the whole thread. */
const HEADLINE_SAMPLE = 60;
const HEADLINES_PER_SIDE = 3;
const RANK_HISTORY_POINTS = 24;
const RANK_HISTORY_TEXT_POINTS = 8;

const SIDE_HEADINGS: Record<LeanBucket, string> = {
  left: 'Left-leaning sources',
  center: 'Center sources',
  right: 'Right-leaning sources',
};
const SIDE_SHORT: Record<LeanBucket, string> = { left: 'Left', center: 'Center', right: 'Right' };
const SIDE_ADJECTIVE: Record<LeanBucket, string> = { left: 'left-leaning', center: 'center', right: 'right-leaning' };
const SIDES: readonly LeanBucket[] = ['left', 'center', 'right'];

export interface ThreadDeps {
  threads: ThreadReader;
  articles: ArticleReader;
  ranking: RankingReader;
  digests: DigestReader;
}

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const input = z.object({
  slug: z.preprocess(emptyToUndefined, z.string().trim().max(120, 'slug is too long').optional()),
  view: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.toLowerCase()) : value),
    z.enum(THREAD_VIEWS, { message: `view must be one of ${THREAD_VIEWS.join(', ')}` }).default('summary'),
  ),
  question: z.preprocess(emptyToUndefined, z.string().trim().max(500, 'question is too long (500 characters max)').optional()),
});

export function noCoverageSentence(side: LeanBucket): string {
  return `No ${SIDE_ADJECTIVE[side]} outlet has covered this yet.`;
}

function threadTitle(thread: ThreadRecord, stats: ThreadStats | null): string {
  return stats?.rank ? `#${stats.rank} · ${thread.title}` : thread.title;
}

function viewActions(slug: string, active: ThreadView): Action[] {
  const labels: Record<ThreadView, string> = { summary: 'Summary', perspectives: 'Perspectives', stats: 'Stats', qa: 'Q&A' };
  const views: ThreadView[] = ['summary', 'perspectives', 'stats'];
  if (active === 'qa') views.push('qa');
  const actions: Action[] = views.map((view) => ({
    label: labels[view],
    command: view === 'summary' ? `thread ${slug}` : `thread ${slug} ${view}`,
    ...(view === active ? { active: true } : {}),
  }));
  actions.push({ label: 'Alert me', command: `subscribe ${slug}` });
  // Telegram callback_data and Discord custom_id cap at 64 bytes; a longer button could not be sent at all.
  return actions.filter((action) => Buffer.byteLength(action.command) <= 64);
}

function linksBlock(articles: readonly Article[]): Block | null {
  if (articles.length === 0) return null;
  return {
    type: 'links',
    heading: 'Latest coverage',
    links: articles.slice(0, LINK_COUNT).map((article) => ({ title: article.title, url: article.url, source: article.outletName })),
  };
}

/** The newest few headlines per side, one per outlet, so one prolific outlet cannot fill a side. */
function headlinesBySide(articles: readonly Article[]): Record<LeanBucket | 'unrated', Article[]> {
  const result: Record<LeanBucket | 'unrated', Article[]> = { left: [], center: [], right: [], unrated: [] };
  const seenOutlets = new Set<string>();
  for (const article of articles) {
    const side = leanBucket(article.lean);
    if (result[side].length >= HEADLINES_PER_SIDE || seenOutlets.has(article.outlet)) continue;
    seenOutlets.add(article.outlet);
    result[side].push(article);
  }
  return result;
}

function sideArticleCount(thread: ThreadRecord, side: LeanBucket): number {
  const counts = thread.leanCounts;
  if (side === 'left') return (counts.left ?? 0) + (counts['lean-left'] ?? 0);
  if (side === 'right') return (counts.right ?? 0) + (counts['lean-right'] ?? 0);
  return counts.center ?? 0;
}

function atAGlance(thread: ThreadRecord, stats: ThreadStats | null): Block {
  const parts: string[] = [];
  if (stats) {
    parts.push(`Virality ${formatVirality(stats.virality)}`);
    if (stats.rankChange !== 0) parts.push(formatRankChangeLabel(stats.rankChange));
  }
  parts.push(`${plural(thread.articleCount, 'article')} from ${plural(thread.outletCount, 'outlet')}`);
  if (stats && stats.leaning.ratedCount > 0) {
    parts.push(SIDES.map((side) => `${SIDE_SHORT[side]} ${formatPercent(stats.leaning[side])}`).join(' / '));
  }
  if (stats?.blindspot) parts.push(`Blindspot: ${SIDE_SHORT[stats.blindspot]}`);
  return { type: 'text', text: parts.join(' · ') };
}

function summaryBlocks(thread: ThreadRecord, stats: ThreadStats | null, digest: ThreadDigest | null, recent: readonly Article[]): Block[] {
  const blocks: Block[] = [atAGlance(thread, stats)];
  if (digest) {
    blocks.push({ type: 'section', heading: 'Summary', text: digest.summary.text, sources: digest.summary.sources });
    return blocks;
  }
  blocks.push({ type: 'text', text: 'No summary yet. The latest headlines from each side of the spectrum:' });
  const bySide = headlinesBySide(recent);
  const groups: [string, Article[]][] = [
    ['Left', bySide.left],
    ['Center', bySide.center],
    ['Right', bySide.right],
    ['Unrated outlets', bySide.unrated],
  ];
  for (const [heading, articles] of groups) {
    if (articles.length === 0) continue;
    blocks.push({
      type: 'list',
      heading,
      ordered: false,
      items: articles.map((article) => ({ text: article.title, detail: article.outletName, url: article.url })),
    });
  }
  return blocks;
}

function perspectiveSection(side: LeanBucket, text: CitedText | null): Block {
  if (!text || text.text.trim() === '') return { type: 'section', heading: SIDE_HEADINGS[side], text: noCoverageSentence(side), sources: [] };
  return { type: 'section', heading: SIDE_HEADINGS[side], text: text.text, sources: text.sources };
}

function perspectiveBlocks(thread: ThreadRecord, digest: ThreadDigest | null, recent: readonly Article[]): Block[] {
  if (digest) return SIDES.map((side) => perspectiveSection(side, digest.perspectives[side]));
  const bySide = headlinesBySide(recent);
  const blocks: Block[] = [{ type: 'text', text: 'No perspective summary yet; what each side has been headlining:' }];
  for (const side of SIDES) {
    const articles = bySide[side];
    if (articles.length > 0) {
      blocks.push({
        type: 'section',
        heading: SIDE_HEADINGS[side],
        text: articles.map((article) => `${article.title} (${article.outletName})`).join('\n'),
        sources: unique(articles.map((article) => article.outletName)),
      });
    } else if (sideArticleCount(thread, side) > 0) {
      const count = sideArticleCount(thread, side);
      blocks.push({
        type: 'section',
        heading: SIDE_HEADINGS[side],
        text: `${plural(count, `${SIDE_ADJECTIVE[side]} article`)}, none among the ${recent.length} most recent.`,
        sources: [],
      });
    } else {
      blocks.push(perspectiveSection(side, null));
    }
  }
  return blocks;
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

async function qaBlocks(
  digests: DigestReader,
  thread: ThreadRecord & { slug: string },
  digest: ThreadDigest | null,
  question: string | undefined,
): Promise<{ blocks: Block[]; usedDigest: boolean }> {
  if (question) {
    const answer = await digests.answer(thread.id, question);
    if (answer.sentences.length === 0) {
      return { blocks: [{ type: 'text', text: `Q: ${question}\nNo article in this thread answers that.` }], usedDigest: false };
    }
    // One sentence per line: headlines carry no final full stop, so run-on text would blur them together.
    const text = answer.sentences.map((sentence) => `${sentence.text} (${sentence.sources.join(', ')})`).join('\n');
    const sources = unique(answer.sentences.flatMap((sentence) => sentence.sources));
    return { blocks: [{ type: 'qa', items: [{ question: answer.question || question, answer: text, sources }] }], usedDigest: false };
  }
  const ask: Block = { type: 'text', text: `Ask anything about this story: \`/thread ${thread.slug} qa <your question>\`` };
  if (digest && digest.qa.length > 0) return { blocks: [{ type: 'qa', items: digest.qa }, ask], usedDigest: true };
  return { blocks: [ask], usedDigest: false };
}

export interface ThreadInput {
  slug?: string | undefined;
  view: ThreadView;
  question?: string | undefined;
}

export async function buildThreadReply(deps: ThreadDeps, { slug, view, question }: ThreadInput): Promise<Reply> {
  if (!slug) {
    const top = await buildTopReply(deps.ranking, TOP_DEFAULT);
    return { ...top, blocks: [{ type: 'text', text: 'Which thread? Pick one below or type `/thread <slug>`.' }, ...top.blocks] };
  }
  const thread = await findPublicThread(deps.threads, slug);
  const needsDigest = view !== 'stats';
  const needsHeadlines = view === 'summary' || view === 'perspectives';
  const [stats, digest, history, articleIds] = await Promise.all([
    deps.ranking.getStats(thread.id),
    needsDigest ? deps.digests.get(thread.id) : Promise.resolve(null),
    view === 'stats' ? deps.ranking.getRankHistory(thread.id, RANK_HISTORY_POINTS) : Promise.resolve([]),
    deps.threads.getArticleIds(thread.id, { limit: needsHeadlines ? HEADLINE_SAMPLE : LINK_COUNT, order: 'newest' }),
  ]);
  // Only summary/perspectives fall back to headlines; with a digest the five links are all we read.
  const idsToRead = needsHeadlines && !digest ? articleIds : articleIds.slice(0, LINK_COUNT);
  const recent = (await deps.articles.getArticles(idsToRead)).filter((article): article is Article => article !== null);

  let blocks: Block[];
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
      aiGenerated = qa.usedDigest && digest?.generator === 'llm';
      break;
    }
  }
  const links = linksBlock(recent);
  if (links) blocks.push(links);

  const newest = recent[0];
  const footerParts = [`slug ${thread.slug}`, `last article ${formatUtc(thread.lastUpdated)}`];
  if (thread.status === 'archived') footerParts.push('archived (no longer ranked)');
  return {
    tone: 'info',
    title: threadTitle(thread, stats),
    ...(newest ? { url: newest.url } : {}),
    blocks,
    actions: viewActions(thread.slug, view),
    ...(view === 'stats' && stats ? { picture: { kind: 'thread-stats' as const, threadId: thread.id, slug: thread.slug } } : {}),
    ...(aiGenerated ? { aiGenerated: true } : {}),
    footer: footerParts.join(' · '),
  };
}

export const threadCommand = {
  data: {
    name: 'thread',
    description: 'A story thread: summary, perspectives, stats or Q&A',
    options: [
      { name: 'slug', description: 'Thread slug, e.g. trump-putin', type: 'string', autocomplete: true },
      { name: 'view', description: 'What to show (default summary)', type: 'string', choices: THREAD_VIEWS },
      { name: 'question', description: 'With view qa: your question about the story', type: 'string', rest: true },
    ],
  },
  input,
  execute(options, _invocation, deps) {
    return buildThreadReply(deps, options);
  },
} satisfies Command<typeof input, ThreadDeps>;
