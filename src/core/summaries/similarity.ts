/**
 * Sparse TF-IDF vectors over stemmed content terms, unit length, so cosine similarity is a dot
 * product over the (sorted) term ids two sentences share.
 */
export interface TermVector {
  /** Ascending term ids. */
  ids: Int32Array;
  weights: Float64Array;
}

export const EMPTY_VECTOR: TermVector = { ids: new Int32Array(0), weights: new Float64Array(0) };

/** Term id per distinct term, and in how many documents each term occurs. */
export class Vocabulary {
  private readonly idsByTerm = new Map<string, number>();
  private readonly documentFrequency: number[] = [];
  private documents = 0;

  get size(): number {
    return this.idsByTerm.size;
  }

  /** Registers one document's terms (each distinct term counted once) and returns their ids. */
  addDocument(terms: readonly string[]): number[] {
    this.documents += 1;
    const ids = terms.map((term) => this.idOf(term));
    for (const id of new Set(ids)) this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1;
    return ids;
  }

  /** Smoothed IDF: a term in every document still weighs a little, a term in one weighs most. */
  idf(id: number): number {
    return Math.log(1 + this.documents / Math.max(1, this.documentFrequency[id] ?? 0));
  }

  private idOf(term: string): number {
    let id = this.idsByTerm.get(term);
    if (id === undefined) {
      id = this.idsByTerm.size;
      this.idsByTerm.set(term, id);
      this.documentFrequency.push(0);
    }
    return id;
  }
}

/** Sublinear TF × IDF, normalised to unit length. */
export function tfidfVector(termIds: readonly number[], vocabulary: Vocabulary): TermVector {
  if (termIds.length === 0) return EMPTY_VECTOR;
  const counts = new Map<number, number>();
  for (const id of termIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const ids = Int32Array.from(counts.keys()).sort();
  const weights = new Float64Array(ids.length);
  let norm = 0;
  ids.forEach((id, index) => {
    const weight = (1 + Math.log(counts.get(id) ?? 1)) * vocabulary.idf(id);
    weights[index] = weight;
    norm += weight * weight;
  });
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < weights.length; i += 1) weights[i] = (weights[i] ?? 0) / norm;
  return { ids, weights };
}

export function cosine(a: TermVector, b: TermVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const left = a.ids[i] ?? 0;
    const right = b.ids[j] ?? 0;
    if (left === right) {
      dot += (a.weights[i] ?? 0) * (b.weights[j] ?? 0);
      i += 1;
      j += 1;
    } else if (left < right) i += 1;
    else j += 1;
  }
  return dot;
}

/** Unit-length dense centroid of a set of vectors, each counted `weights[i]` times (default once). */
export function centroid(vectors: readonly TermVector[], dimensions: number, weights?: readonly number[]): Float64Array {
  const sum = new Float64Array(dimensions);
  vectors.forEach((vector, index) => {
    const times = weights?.[index] ?? 1;
    for (let i = 0; i < vector.ids.length; i += 1) {
      const id = vector.ids[i] ?? 0;
      sum[id] = (sum[id] ?? 0) + times * (vector.weights[i] ?? 0);
    }
  });
  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < sum.length; i += 1) sum[i] = (sum[i] ?? 0) / norm;
  return sum;
}

/** Cosine between a unit sparse vector and a unit dense one. */
export function cosineToDense(vector: TermVector, dense: Float64Array): number {
  let dot = 0;
  for (let i = 0; i < vector.ids.length; i += 1) dot += (vector.weights[i] ?? 0) * (dense[vector.ids[i] ?? 0] ?? 0);
  return dot;
}
