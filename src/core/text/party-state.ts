import { contentTerms } from './tokenise.js';

/**
 * US news tags a member of Congress with party and state: "Rep. Jesse Jackson Jr., D-Ill.", "Sen. Bob
 * Corker (R-Tenn.)". A reader asks for "the Illinois Democrat", so the tag is read as the words it
 * stands for. States in AP style ("Ill.", "Calif.", "N.Y.") and as postal codes ("IL", "NY").
 */
const AP_STATES: Record<string, string> = {
  'Ala': 'Alabama', 'Alaska': 'Alaska', 'Ariz': 'Arizona', 'Ark': 'Arkansas', 'Calif': 'California', 'Cal': 'California', 'Colo': 'Colorado',
  'Conn': 'Connecticut', 'Del': 'Delaware', 'Fla': 'Florida', 'Ga': 'Georgia', 'Hawaii': 'Hawaii', 'Idaho': 'Idaho', 'Ill': 'Illinois',
  'Ind': 'Indiana', 'Iowa': 'Iowa', 'Kan': 'Kansas', 'Kans': 'Kansas', 'Ky': 'Kentucky', 'La': 'Louisiana', 'Maine': 'Maine', 'Md': 'Maryland',
  'Mass': 'Massachusetts', 'Mich': 'Michigan', 'Minn': 'Minnesota', 'Miss': 'Mississippi', 'Mo': 'Missouri', 'Mont': 'Montana',
  'Neb': 'Nebraska', 'Nev': 'Nevada', 'N.H': 'New Hampshire', 'N.J': 'New Jersey', 'N.M': 'New Mexico', 'N.Y': 'New York',
  'N.C': 'North Carolina', 'N.D': 'North Dakota', 'Ohio': 'Ohio', 'Okla': 'Oklahoma', 'Ore': 'Oregon', 'Pa': 'Pennsylvania',
  'R.I': 'Rhode Island', 'S.C': 'South Carolina', 'S.D': 'South Dakota', 'Tenn': 'Tennessee', 'Tex': 'Texas', 'Texas': 'Texas',
  'Utah': 'Utah', 'Vt': 'Vermont', 'Va': 'Virginia', 'Wash': 'Washington', 'W.Va': 'West Virginia', 'Wis': 'Wisconsin', 'Wyo': 'Wyoming',
};
const POSTAL: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware', FL: 'Florida',
  GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine',
  MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska',
  NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas',
  UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};
const PARTIES: Record<string, string> = { D: 'Democrat', R: 'Republican', I: 'independent' };

/** "D-Ill.", "R-Tenn.", "D-N.Y.", "R-TX": a party letter, a hyphen and a state (the capture holds the state as written, without its last dot). */
export const PARTY_STATE_TAG = /(?<![\p{L}-])([DRI])[-–]((?:[A-Z]\.)+[A-Z]|W\.Va|[A-Z][a-z]{1,5}|[A-Z]{2})\b\.?/gu;

/** Whether a capitalised word is such a tag ("R-Va", "D-Ill"): never a name. */
export function isPartyStateTag(word: string): boolean {
  const match = /^([DRI])[-–](.+?)\.?$/.exec(word);
  return match?.[2] !== undefined && stateOf(match[2]) !== undefined;
}

function stateOf(written: string): string | undefined {
  return AP_STATES[written] ?? AP_STATES[written.replace(/\.$/, '')] ?? POSTAL[written];
}

/** The stemmed terms a sentence's party–state tags stand for: "D-Ill." → democrat, illinoi. */
export function partyStateTerms(text: string): string[] {
  if (!/[DRI][-–][A-Z]/.test(text)) return [];
  const out: string[] = [];
  for (const match of text.matchAll(PARTY_STATE_TAG)) {
    const state = stateOf(match[2] ?? '');
    const party = PARTIES[match[1] ?? ''];
    if (state === undefined || party === undefined) continue;
    out.push(...contentTerms(`${party} ${state}`));
  }
  return out;
}
