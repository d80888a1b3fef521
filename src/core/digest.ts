/**
 * What the summarize-thread job stores per thread version and the /thread command shows: the
 * summary, what each side of the spectrum reports, and (with an LLM) suggested questions.
 */
export interface CitedText {
  text: string;
  /** Outlet display names the text was drawn from (extractive) or cites (LLM). */
  sources: string[];
}

/** A suggested question with its answer: offline, a sentence from the articles with the answering span marked. */
export interface SuggestedQuestion {
  question: string;
  answer: string;
  sources: string[];
  /** The part of `answer` that answers the question (an amount, a date, a name, a role). */
  highlight?: string;
}

/**
 * What one side of the spectrum reports: `framing` says how its outlets frame the story (offline,
 * from the terms, tone, quotes and leads that set the side apart; with an LLM, the model's sentence),
 * `text` is that side's own supporting sentences, `sources` its outlets.
 */
export interface Perspective extends CitedText {
  framing?: string;
  /** The distinctive terms the framing names (offline), as printed in the articles. */
  terms?: string[];
}

export interface ThreadDigest {
  threadId: string;
  /** ThreadRecord.version this digest was computed from. */
  version: number;
  generatedAt: number;
  /** 'llm' means the text is AI-generated and must be labelled so. */
  generator: 'extractive' | 'llm';
  summary: CitedText;
  /** null = no outlet of that side has covered the thread (a blindspot, said plainly by the renderer). */
  perspectives: { left: Perspective | null; center: Perspective | null; right: Perspective | null };
  /** Suggested questions with answers (5–10 per public thread when its articles allow). */
  qa: SuggestedQuestion[];
}

/** What kind of answer a question asks for ("How much …?" → money). */
export type AnswerType = 'entity' | 'role' | 'quote' | 'money' | 'number' | 'date' | 'place' | 'reason' | 'any';

/** A sentence offered as an answer, with the part that answers the question when one was found. */
export interface QaSentence extends CitedText {
  /** The span of the expected type inside `text` (an amount, a date, a name) to mark. */
  highlight?: string;
}

/** Offline Q&A result. */
export interface QaAnswer {
  question: string;
  type: AnswerType;
  /**
   * answered: `sentences` answer it; unsure: nothing answers it well, `sentences` are the two
   * closest; none: no sentence shares a word with it; no-terms: the question names nothing ("what?").
   */
  status: 'answered' | 'unsure' | 'none' | 'no-terms';
  sentences: QaSentence[];
}
