import type { z } from 'zod';

/** One `path: message` line per problem — the form every validation error takes in threadwatch. */
export function issueLines(error: z.ZodError, rootLabel = '(root)'): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || rootLabel}: ${issue.message}`);
}
