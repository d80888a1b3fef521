/**
 * What the summarize-thread job stores per thread version and the /thread command shows: the
 * summary, what each side of the spectrum reports, and (with an LLM) suggested questions.
 */
export interface CitedText {
  text: string;
  /** Outlet display names the text was drawn from (extractive) or cites (LLM). */
  sources: string[];
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
  perspectives: { left: CitedText | null; center: CitedText | null; right: CitedText | null };
  /** Suggested questions with answers (LLM only; empty offline, where the user asks instead). */
  qa: { question: string; answer: string; sources: string[] }[];
}

/** Offline Q&A result: best-matching sentences from the thread's articles, or none. */
export interface QaAnswer {
  question: string;
  /** Empty when nothing in the thread answers the question well enough. */
  sentences: CitedText[];
}
