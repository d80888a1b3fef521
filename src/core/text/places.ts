/**
 * Place names for answer typing ("Where …?"): the world's countries, the US states, capitals and the
 * cities news most often datelines. A name that is not here still types as a place when the sentence
 * puts it after "in", "at", "near" or "from" (see spans.ts).
 */
const NAMES = `Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|
Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Chad|
Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|
Eritrea|Estonia|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Greenland|Guatemala|Guinea|Guyana|Haiti|Honduras|
Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|
Kyrgyzstan|Laos|Latvia|Lebanon|Liberia|Libya|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mexico|
Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|
North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|
Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|
United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|America|Britain|England|
Scotland|Wales|Europe|Asia|Africa|Antarctica|Arctic|Middle East|Gaza|West Bank|Crimea|Donbas|Kashmir|Tibet|Hong Kong|Puerto Rico|
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|
Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|
New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|
Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Kabul|Tirana|Algiers|Buenos Aires|Yerevan|Canberra|Vienna|Baku|
Dhaka|Minsk|Brussels|Brasilia|Sofia|Ottawa|Santiago|Beijing|Bogota|Havana|Prague|Copenhagen|Cairo|Helsinki|Paris|Berlin|Athens|
Budapest|New Delhi|Delhi|Jakarta|Tehran|Baghdad|Dublin|Jerusalem|Tel Aviv|Rome|Tokyo|Amman|Nairobi|Beirut|Tripoli|Vilnius|Kuala Lumpur|
Mexico City|Rabat|Kathmandu|Amsterdam|Wellington|Abuja|Lagos|Pyongyang|Oslo|Islamabad|Karachi|Lima|Manila|Warsaw|Lisbon|Doha|
Bucharest|Moscow|St. Petersburg|Riyadh|Belgrade|Seoul|Madrid|Barcelona|Stockholm|Bern|Geneva|Zurich|Damascus|Taipei|Bangkok|Ankara|
Istanbul|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Mariupol|Abu Dhabi|Dubai|London|Manchester|Edinburgh|Hanoi|Caracas|Harare|Sydney|Melbourne|
Toronto|Montreal|Vancouver|Mumbai|Shanghai|Shenzhen|Osaka|Frankfurt|Munich|Milan|Naples|Sao Paulo|Rio de Janeiro|Johannesburg|
Cape Town|Anchorage|Atlanta|Austin|Baltimore|Boston|Chicago|Cleveland|Dallas|Denver|Detroit|Honolulu|Houston|Las Vegas|Los Angeles|
Miami|Milwaukee|Minneapolis|Nashville|New Orleans|Orlando|Philadelphia|Phoenix|Pittsburgh|Portland|San Antonio|San Diego|
San Francisco|San Jose|Seattle|St. Louis|Tampa|Silicon Valley|Wall Street|Capitol Hill|White House|Kremlin|Pentagon|Davos|Helsinki|
Sochi|Minsk|Munich|Brussels`;

export const PLACE_NAMES: ReadonlySet<string> = new Set(
  NAMES.split(/\|\s*|\n/)
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean),
);

/** The longest place name in words, so span search knows how far to look ahead. */
export const MAX_PLACE_WORDS = 3;
