/**
 * The stopword lists of every text feature in threadwatch, in one place.
 *
 * - `ENGLISH_STOPWORDS`: function words and the reporting verbs ("said", "told") that say nothing
 *   about what a sentence is about. Summaries and Q&A drop these and keep everything else, because
 *   a question about "the call" or "last year" needs those words.
 * - `NEWS_STOPWORDS`: additionally the time words and news-page words every story uses ("monday",
 *   "report", "update"). They carry no information about *which* story an article belongs to. IDF
 *   would down-weight them anyway, but only after enough articles have arrived; dropping them keeps
 *   a cold threading index from grouping stories by "says".
 */

export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours
  ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
  those through to too under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves says said say told tell according mr mrs ms one two new may might must shall us im ive dont
  cant wont isnt didnt doesnt thats theres whats its many much`
    .split(/\s+/)
    .filter(Boolean),
);

export const NEWS_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost along already also although always am among an and another any anyone anything
  are around as at away back be became because become been before being below between both but by can cannot could did do does
  doing done down during each either else enough even ever every few for from further get gets getting given go goes going got had
  has have having he her here hers herself him himself his how however i if in into is it its itself just last least less let like
  made make makes many may me might more most much must my myself near need never new next no nor not now of off often on once one
  only or other others our ours ourselves out over own per perhaps put quite rather really said same say saying says see seen she
  should show shows since so some still such take than that the their theirs them themselves then there these they thing things
  this those though through thus to too toward towards under until up upon us use used very via was way we well were what whatever
  when where whether which while who whom whose why will with within without would yet you your yours yourself yourselves
  according amid announce announced announces ask asked asks call calls called comes coming day days early full half hear heard
  here's it's know latest look looks mr mrs ms news now official report reported reports reuters ap afp story told tell tells
  time times today tomorrow update updated updates video watch week weeks year years yesterday live breaking exclusive analysis
  opinion editorial photos photo read review more
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec`
    .split(/\s+/)
    .filter(Boolean),
);
