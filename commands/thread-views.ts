import type { Article } from '../src/core/article.js';
import type { CitedText, ThreadDigest } from '../src/core/digest.js';
import { leanBucket, type LeanBucket } from '../src/core/lean.js';
import type { Block } from '../src/core/reply.js';
import { formatPercent, formatRankChangeLabel, formatVirality, plural, unique } from '../src/core/render/format.js';
import type { ThreadStats } from '../src/core/stats.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { DigestReader } from './deps.js';

/**
 * The blocks of the summary, perspectives and qa views of `/thread`: what the digest says, or (before
 * the first summary job has run) the newest headlines per side. The command file resolves the
 * thread and assembles the reply around these.
 */

/** Enough recent articles to find a few headlines per side without reading the whole thread. */
export const HEADLINE_SAMPLE = 60;
const HEADLINES_PER_SIDE = 3;

const SIDE_HEADINGS: Record<LeanBucket, string> = {
  left: 'Left-leaning sources',
  center: 'Center sources',
  right: 'Right-leaning sources',
};
export const SIDE_SHORT: Record<LeanBucket, string> = { left: 'Left', center: 'Center', right: 'Right' };
const SIDE_ADJECTIVE: Record<LeanBucket, string> = { left: 'left-leaning', center: 'center', right: 'right-leaning' };
export const SIDES: readonly LeanBucket[] = ['left', 'center', 'right'];

export function noCoverageSentence(side: LeanBucket): string {
  return `No ${SIDE_ADJECTIVE[side]} outlet has covered this yet.`;
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

export function summaryBlocks(thread: ThreadRecord, stats: ThreadStats | null, digest: ThreadDigest | null, recent: readonly Article[]): Block[] {
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

export function perspectiveBlocks(thread: ThreadRecord, digest: ThreadDigest | null, recent: readonly Article[]): Block[] {
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

export async function qaBlocks(
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
