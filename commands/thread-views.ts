import type { Article } from '../src/core/article.js';
import type { Perspective, QaSentence, SuggestedQuestion, ThreadDigest } from '../src/core/digest.js';
import { leanBucket, type LeanBucket } from '../src/core/lean.js';
import type { Action, Block, QaItem } from '../src/core/reply.js';
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

/** The framing sentence first (how the side frames the story), then the side's own sentences that show it. */
function perspectiveSection(side: LeanBucket, text: Perspective | null): Block {
  if (!text || text.text.trim() === '') return { type: 'section', heading: SIDE_HEADINGS[side], text: noCoverageSentence(side), sources: [] };
  const body = text.framing === undefined || text.framing === '' ? text.text : `${text.framing}\n${text.text}`;
  return { type: 'section', heading: SIDE_HEADINGS[side], text: body, sources: text.sources };
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

/** Telegram callback_data and Discord custom_id cap at 64 bytes: the button names the question by number. */
export const MAX_BUTTON_BYTES = 64;
const SUGGESTED_NUMBER = /^#?(\d{1,2})$/;

export interface QaView {
  blocks: Block[];
  /** The suggested questions as buttons (`thread <slug> qa <N>`). */
  actions: Action[];
  /** Whether digest text (LLM-written when the digest is) is shown. */
  usedDigest: boolean;
}

function questionActions(slug: string, digest: ThreadDigest | null, except?: number): Action[] {
  if (digest === null) return [];
  return digest.qa
    .map((item, index) => ({ label: item.question, command: `thread ${slug} qa ${index + 1}`, number: index + 1 }))
    .filter((action) => action.number !== except && Buffer.byteLength(action.command) <= MAX_BUTTON_BYTES)
    .map(({ label, command }) => ({ label, command }));
}

function suggestedItem(item: SuggestedQuestion): QaItem {
  return { question: item.question, answer: item.answer, sources: item.sources, ...(item.highlight !== undefined ? { highlight: item.highlight } : {}) };
}

/** One answer sentence per line: headlines carry no final full stop, so run-on text would blur them together. */
function answerItem(question: string, sentences: readonly QaSentence[]): QaItem {
  const text = sentences.map((sentence) => `${sentence.text} (${sentence.sources.join(', ')})`).join('\n');
  const highlight = sentences[0]?.highlight;
  return { question, answer: text, sources: unique(sentences.flatMap((sentence) => sentence.sources)), ...(highlight !== undefined ? { highlight } : {}) };
}

/**
 * The qa view: with no question, the suggested questions and their answers (each also a button);
 * with `N` (a button press, 1–10), suggested question N; with free text, the offline Q&A answer —
 * marked span, or "not sure" with the two closest sentences.
 */
export async function qaBlocks(digests: DigestReader, thread: ThreadRecord & { slug: string }, digest: ThreadDigest | null, question: string | undefined): Promise<QaView> {
  const ask: Block = { type: 'text', text: `Ask anything about this story: \`/thread ${thread.slug} qa <your question>\`` };
  if (question === undefined) {
    if (digest && digest.qa.length > 0) return { blocks: [{ type: 'qa', items: digest.qa.map(suggestedItem) }, ask], actions: questionActions(thread.slug, digest), usedDigest: true };
    return { blocks: [{ type: 'text', text: 'No suggested questions yet: they come with the next summary of this thread.' }, ask], actions: [], usedDigest: false };
  }
  const numbered = SUGGESTED_NUMBER.exec(question.trim());
  if (numbered?.[1] !== undefined) {
    const number = Number(numbered[1]);
    const item = digest?.qa[number - 1];
    if (item === undefined || number < 1) {
      const count = digest?.qa.length ?? 0;
      const text = count === 0 ? `This thread has no suggested questions yet, so there is no question ${number}.` : `There is no suggested question ${number}: this thread has ${count} (1–${count}).`;
      return { blocks: [{ type: 'text', text }, ask], actions: questionActions(thread.slug, digest), usedDigest: false };
    }
    return { blocks: [{ type: 'qa', items: [suggestedItem(item)] }], actions: questionActions(thread.slug, digest, number), usedDigest: true };
  }
  const answer = await digests.answer(thread.id, question);
  const others = questionActions(thread.slug, digest);
  switch (answer.status) {
    case 'answered':
      return { blocks: [{ type: 'qa', items: [answerItem(answer.question || question, answer.sentences)] }], actions: others, usedDigest: false };
    case 'unsure':
      return {
        blocks: [
          { type: 'text', text: `Q: ${question}\nI'm not sure any article answers that. The two closest sentences:` },
          { type: 'qa', items: [answerItem(question, answer.sentences)] },
        ],
        actions: others,
        usedDigest: false,
      };
    case 'no-terms':
      return {
        blocks: [{ type: 'text', text: `Q: ${question}\nThat question names nothing to look for. Ask about a person, a number, a date or an event in this story${others.length > 0 ? ', or pick a suggested question below' : ''}.` }],
        actions: others,
        usedDigest: false,
      };
    case 'none':
      return { blocks: [{ type: 'text', text: `Q: ${question}\nNo article in this thread answers that.` }], actions: others, usedDigest: false };
  }
}
