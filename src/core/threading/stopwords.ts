/** Threading's stopwords are the shared news list (see src/core/text/stopwords.ts for why). */
export { NEWS_STOPWORDS as STOPWORDS } from '../text/stopwords.js';
