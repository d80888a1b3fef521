/** Media Bias/Fact Check's five-point scale plus "unrated" for outlets it has not rated. */
export const LEANS = ['left', 'lean-left', 'center', 'lean-right', 'right', 'unrated'] as const;
export type Lean = (typeof LEANS)[number];

/** What readers see: three sides of the bias bar (plus unrated, shown separately). */
export const LEAN_BUCKETS = ['left', 'center', 'right'] as const;
export type LeanBucket = (typeof LEAN_BUCKETS)[number];

export function leanBucket(lean: Lean): LeanBucket | 'unrated' {
  switch (lean) {
    case 'left':
    case 'lean-left':
      return 'left';
    case 'center':
      return 'center';
    case 'lean-right':
    case 'right':
      return 'right';
    case 'unrated':
      return 'unrated';
  }
}
