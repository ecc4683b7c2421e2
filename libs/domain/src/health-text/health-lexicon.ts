/**
 * The curated lexicon of the health-text guard (issue 19), kept as data. Each entry is `word` or `word/class`:
 *   m  noun, masculine or feminine: depresjon → depresjonen, depresjoner, depresjonene, depresjona
 *   n  noun, neuter: brudd → bruddet, bruddene, brudda
 *   a  adjective or participle: deprimert → deprimerte
 *   v  verb in -e: operere → opererer, opereres, operert, opererte
 * A word with a capital letter (MR, CT, ME) matches only as written, since lower-case "me" and "ct" are other words.
 *
 * `hoder` are compound heads: they match at the end of a longer word (ryggoperasjon, lungebetennelse).
 * `ledd` are compound first parts: they match at the start of a longer word (kreftbehandling, depresjonsplager).
 * `fraser` are several words in a row, matched as written (lower case).
 * Everything here was chosen against the labelled corpus in test/health-text; a word that also means something
 * ordinary at work (behandling, utredning, undersøkelse, sykehus, brudd, skade) is listed only in forms that do not.
 */

export type HealthCategory = 'kode' | 'diagnose' | 'tilstand' | 'behandling' | 'legemiddel' | 'undersokelse';
export const HEALTH_CATEGORIES: readonly HealthCategory[] = ['kode', 'diagnose', 'tilstand', 'behandling', 'legemiddel', 'undersokelse'];

export interface LexiconSection {
  ord: readonly string[];
  hoder?: readonly string[];
  ledd?: readonly string[];
  fraser?: readonly string[];
}

export const HEALTH_LEXICON: Record<Exclude<HealthCategory, 'kode'>, LexiconSection> = {
  diagnose: {
    ord: [
      'depresjon/m', 'deprimert/a', 'depressiv/a', 'depressivt', 'angstlidelse/m', 'panikkangst', 'panikklidelse/m', 'angst', 'angsten',
      'prolaps/m', 'diskusprolaps/m', 'isjias', 'lumbago', 'hekseskudd/n', 'kreft', 'kreften', 'kreftsyk/a', 'tumor', 'tumoren', 'svulst/m',
      'diabetes', 'diabetiker/m', 'astma', 'astmatiker/m', 'kols', 'migrene/m', 'epilepsi', 'epileptisk/a', 'schizofreni', 'schizofren/a',
      'bipolar/a', 'psykose/m', 'psykotisk/a', 'adhd', 'ADD', 'autisme', 'asperger', 'ptsd', 'OCD', 'tvangslidelse/m',
      'anoreksi', 'bulimi', 'utbrenthet', 'utbrent/a', 'burnout', 'fibromyalgi', 'ME', 'ALS', 'parkinson', 'parkinsons', 'demens', 'dement/a',
      'alzheimer', 'alzheimers', 'hjerteinfarkt/n', 'infarkt/n', 'hjerneslag/n', 'hjerneblødning/m', 'blodpropp/m',
      'trombose/m', 'artrose/m', 'artritt/m', 'leddgikt/m', 'revmatisme', 'revmatisk/a', 'bekhterev', 'psoriasis', 'cøliaki', 'crohn',
      'crohns', 'kolitt/m', 'ulcerøs/a', 'ibs', 'hjernerystelse/m', 'whiplash', 'nakkesleng/m', 'tinnitus', 'hørselstap/n', 'karpaltunnelsyndrom/n',
      'tendinitt/m', 'bursitt/m', 'beinbrudd/n', 'benbrudd/n', 'lårhalsbrudd/n', 'armbrudd/n', 'ankelbrudd/n', 'håndleddsbrudd/n',
      'ribbeinsbrudd/n', 'korsbåndskade/m', 'meniskskade/m', 'kneskade/m', 'ryggskade/m', 'nakkeskade/m', 'skulderskade/m',
      'hodeskade/m', 'hjerneskade/m', 'seneskade/m', 'muskelskade/m', 'belastningsskade/m', 'brokk/m', 'gallestein/m', 'nyrestein/m',
      'blindtarmbetennelse/m', 'endometriose/m', 'hypertensjon/m', 'hjertesvikt/m', 'hjerteflimmer/n', 'atrieflimmer/n', 'arytmi/m',
      'angina', 'anemi/m', 'hypotyreose/m', 'hypertyreose/m', 'stoffskiftesykdom/m', 'leukemi/m', 'lymfom/n', 'hjernesvulst/m',
      'alkoholisme', 'alkoholiker/m', 'rusavhengighet/m', 'rusavhengig/a', 'alkoholavhengighet/m', 'alkoholavhengig/a', 'rusmisbruk/n',
      'rusproblem/n', 'rusproblemer', 'rusproblemene', 'spilleavhengighet/m', 'selvmordstanker', 'selvmordsforsøk/n', 'selvmord/n',
      'suicidal/a', 'selvskading/m', 'fobi/m', 'personlighetsforstyrrelse/m', 'spiseforstyrrelse/m', 'søvnforstyrrelse/m', 'angstforstyrrelse/m', 'covid', 'senfølger', 'langtidscovid', 'kreftsykdom/m',
      'hjertesykdom/m', 'lungesykdom/m', 'diagnose/m', 'diagnostisert/a', 'sklerose', 'lidelse/m', 'lidelsen', 'lidelser',
      'hjertelidelse/m', 'fødselsdepresjon/m', 'svangerskapsforgiftning/m', 'spontanabort/m', 'abort/m', 'keisersnitt/n', 'allergi/m',
      'allergisk/a', 'eksem/m', 'mononukleose', 'borreliose', 'hepatitt', 'tuberkulose', 'lungebetennelse/m', 'slitasjegikt/m', 'betennelse/m',
    ],
    hoder: ['betennelse/m', 'lidelse/m', 'kreft', 'kreften', 'sklerose', 'infarkt/n', 'depresjon/m', 'angst', 'prolaps/m', 'diagnose/m', 'syndrom/n'],
    ledd: ['kreft', 'depresjon', 'angst', 'migrene', 'astma', 'diabetes', 'epilepsi', 'prolaps', 'psykose', 'diagnose', 'hjerneslag', 'parkinson', 'alzheimer', 'revma', 'covid'],
    fraser: [
      'psykisk syk', 'psykisk sykdom', 'psykiske lidelser', 'psykisk lidelse', 'psykiske plager', 'psykiske problemer', 'psykisk uhelse',
      'høyt blodtrykk', 'lavt stoffskifte', 'høyt stoffskifte', 'multippel sklerose', 'long covid', 'sosial angst', 'frossen skulder',
      'frozen shoulder', 'brukket armen', 'brukket foten', 'brukket beinet', 'brukket benet', 'brukket håndleddet',
      'røket korsbåndet', 'revnet menisken', 'fått slag', 'hatt slag', 'psykisk ustabil', 'psykisk dårlig', 
    ],
  },
  tilstand: {
    ord: [
      'smerte/m', 'smerter', 'smertene', 'smerteplager', 'kvalme/m', 'kvalm/a', 'svimmel/a', 'svimmelhet/m', 'svimle', 'hodepine/m',
      'migreneanfall/n', 'panikkanfall/n', 'angstanfall/n', 'søvnproblemer', 'søvnløshet/m', 'insomni', 'utmattelse/m', 'feber/m', 'febersyk/a',
      'influensa', 'omgangssyke/m', 'forkjølet/a', 'forkjølelse/m', 'infeksjon/m', 'betent/a', 'gravid/a', 'graviditet/m', 'graviditeten',
      'svanger', 'svangerskap/n', 'overvekt/m', 'fedme/m', 'undervekt/m', 'blødning/m', 'blødninger', 'hallusinasjoner', 'tvangstanker',
      'selvmordsfare/m', 'ryggplager', 'nakkeplager', 'skulderplager', 'mageplager', 'hjerteplager', 'kneplager', 'hofteplager', 'nummenhet/m',
      'lammelse/m', 'lammet/a', 'inkontinens', 'blodtrykk/n', 'blodtrykket', 'blodsukker/n', 'blodsukkeret', 'stoffskiftet', 'diaré', 'diare',
      'oppkast/n', 'hoste/m', 'tungpust/a', 'brystsmerter', 'hjertebank', 'sykehusopphold/n', 'rusfri/a', 'abstinens/m', 'abstinenser',
      'nedstemt/a', 'nedstemthet/m', 'apati', 'traume/n', 'traumet', 'traumatisk/a', 'sorgreaksjon/m', 'krisereaksjon/m',
      'stressreaksjon/m', 'tilbakefall/n',
    ],
    hoder: ['smerter', 'smertene', 'smerte/m', 'plager', 'plagene', 'infeksjon/m', 'anfall/n', 'blødning/m'],
    ledd: ['smerte', 'migrene', 'panikk'],
    fraser: [
      'vondt i ryggen', 'vondt i nakken', 'vondt i kneet', 'vondt i skulderen', 'vondt i skuldra', 'vondt i hodet', 'vondt i magen',
      'vondt i armen', 'vondt i hofta', 'vondt i hoften', 'vondt i brystet', 'vondt i foten', 'vondt i beinet', 'vondt i benet',
      'vondt i håndleddet', 'vondt i korsryggen', 'vondt i leddene', 'vondt i rygg', 'vondt i nakke', 'vondt i kne', 'vondt i skulder',
      'innlagt på sykehus', 'innlagt på sykehuset', 'innlagt på psykiatrisk', 'innlagt på akutten', 'lagt inn på sykehus', 'lagt inn på sykehuset',
      'ligger på sykehus', 'ligger på sykehuset', 'lå på sykehus', 'lå på sykehuset', 'på legevakta', 'på legevakten',
      'nedsatt immunforsvar', 'panikk anfall', 
    ],
  },
  behandling: {
    ord: [
      'fysioterapi/m', 'fysioterapeut/m', 'fysio', 'fysioen', 'kiropraktor/m', 'manuellterapi/m', 'manuellterapeut/m', 'naprapat/m', 'osteopat/m',
      'akupunktur/m', 'psykolog/m', 'psykologtime/m', 'psykologsamtale/m', 'psykologbehandling/m', 'operasjonssår/n', 'operasjonsdato/m', 'psykiater/m', 'psykiatri/m', 'psykiatrisk/a', 'psykoterapi/m', 'terapi/m', 'terapeut/m',
      'samtaleterapi/m', 'dps', 'operasjon/m', 'operert/a', 'operere/v', 'kirurg/m', 'kirurgi/m', 'kirurgisk/a', 'dagkirurgi/m', 'inngrep/n',
      'innleggelse/m', 'sykehusinnleggelse/m', 'legevakt/m', 'akuttmottak/n', 'poliklinikk/m', 'poliklinisk/a',
      'smerteklinikk/m', 'nevrolog/m', 'ortoped/m', 'kardiolog/m', 'revmatolog/m', 'gynekolog/m', 'onkolog/m', 'urolog/m', 'hudlege/m',
      'cellegift/m', 'kjemoterapi/m', 'kjemo', 'cellegiftkur/m', 'strålebehandling/m', 'stråleterapi/m', 'dialyse/m', 'narkose/m', 'bedøvelse/m',
      'gips/m', 'gipsen', 'kreftbehandling/m', 'hormonbehandling/m', 'rusbehandling/m', 'avrusning/m', 'rehabiliteringsopphold/n',
      'behandlingsopphold/n', 'ergoterapi/m', 'logoped/m', 'benprotese/m', 'hofteprotese/m', 'kneprotese/m', 'protese/m', 'transplantasjon/m',
      'psykologhjelp/m', 'psykiatrien', 'hjerteoperasjon/m', 'pacemaker/m', 'stent/m', 
    ],
    hoder: ['operasjon/m', 'terapi/m', 'terapeut/m', 'kirurgi/m', 'innleggelse/m', 'protese/m'],
    ledd: ['fysioterapi', 'fysioterapeut', 'psykiater', 'psykiatri', 'kiropraktor', 'cellegift', 'kirurg', 'legevakt', 'nevrolog', 'ortoped'],
    fraser: [
      'kognitiv terapi', 'time hos psykolog', 'time hos psykologen', 'time hos fysioterapeut', 'hos psykolog', 'hos psykologen',
      'hos fysioterapeuten', 'hos kiropraktor', 'henvist til spesialist', 'henvist til nevrolog', 'henvist til ortoped', 'henvist til psykolog',
      'henvist til dps', 'henvist til sykehus', 'skal opereres', 'ble operert', 'blir operert', 
      'behandling for', 'behandles for', 'får behandling', 'starter behandling', 
      'medisinsk behandling', 'behandling på sykehus', 'behandling på sykehuset',
    ],
  },
  legemiddel: {
    ord: [
      'antidepressiva', 'antidepressivum', 'antidepressivt', 'ssri', 'sertralin', 'cipralex', 'escitalopram', 'fluoksetin', 'fontex', 'venlafaxin',
      'efexor', 'litium', 'lithium', 'sobril', 'vival', 'valium', 'diazepam', 'oksazepam', 'imovane', 'zopiklon', 'paracet', 'paracetamol',
      'ibux', 'ibuprofen', 'voltaren', 'diklofenak', 'naproxen', 'pinex', 'tramadol', 'kodein', 'paralgin', 'oxycodon', 'oxynorm', 'morfin',
      'metadon', 'subutex', 'insulin/n', 'insulinen', 'metformin', 'prednisolon', 'kortison', 'kortisonsprøyte/m', 'antibiotika', 'antibiotikakur/m',
      'penicillin', 'ritalin', 'metylfenidat', 'concerta', 'elvanse', 'lyrica', 'pregabalin', 'neurontin', 'gabapentin', 'sovemedisin/m',
      'sovetablett/m', 'sovepiller', 'smertestillende', 'beroligende', 'nervemedisin/m', 'medisin/m', 'medisinering/m', 'medisinert/a',
      'medikament/n', 'legemiddel/n', 'legemidler', 'legemidlene', 'tablett/m', 'piller', 'pillene', 'resept/m', 'blåresept/m', 'opioider',
      'opiater', 'benzodiazepiner', 'cortison', 'astmamedisin/m', 'blodtrykksmedisin/m', 'hjertemedisin/m', 'epilepsimedisin/m', 'morfinplaster/n',
      'hormonspiral/m', 'p-piller',
    ],
    hoder: ['medisin/m', 'medisiner', 'medisinene', 'tablett/m', 'piller'],
    ledd: ['antidepressiva', 'insulin', 'antibiotika', 'morfin'],
    fraser: ['sterke smertestillende', 'tar medisiner', 'på medisiner', 'ny medisin', 'nye medisiner', 'endret medisinering', 'justert medisinen'],
  },
  undersokelse: {
    ord: [
      'MR', 'CT', 'ekg', 'eeg', 'emg', 'ultralyd/m', 'røntgen/n', 'røntgenbilde/n', 'mr-undersøkelse/m', 'blodprøve/m',
      'blodprøvesvar/n', 'prøvesvar/n', 'biopsi/m', 'gastroskopi/m', 'koloskopi/m', 'endoskopi/m', 'mammografi/m', 'spirometri/m',
      'legeundersøkelse/m', 'nevropsykologisk/a', 'hjertescreening/m', 'celleprøve/m', 'urinprøve/m',
      'allergitest/m', 'hørselstest/m', 'lungefunksjon/m', 'belastningstest/m', 'arbeids-ekg',
    ],
    hoder: ['skopi/m', 'prøvesvar/n', 'blodprøve/m', 'røntgen/n'],
    ledd: ['røntgen', 'ultralyd', 'blodprøve', 'biopsi'],
    fraser: [
      'utredning av hjertet', 'under utredning for', 
      'svar på prøvene', 'svar på prøver', 'svar fra sykehuset', 'time på sykehuset', 'time på sykehus', 'kontroll på sykehuset',
      'kontroll hos legen', 'kontroll hos spesialist', 'kontroll på sykehus', 'ultralyd av', 'bilder av ryggen', 'bilder av kneet',
    ],
  },
};

/**
 * Functional descriptions: what a person can and cannot do at work. Fine to share (they belong in funksjonsevne or
 * the plan), so they are never a finding, and a health word inside one of these phrases is not either.
 */
export const FUNCTIONAL_PHRASES: readonly string[] = [
  'kan ikke løfte', 'kan løfte', 'tunge løft', 'løfte over', 'bære tungt', 'stå lenge', 'sitte lenge', 'gå lenge', 'gå i trapper', 'bøye seg',
  'arbeid over skulderhøyde', 'over skulderhøyde', 'redusert arbeidstid', 'kortere dager', 'kortere arbeidsdager', 'hyppige pauser',
  'trenger pauser', 'flere pauser', 'konsentrasjonsvansker', 'nedsatt konsentrasjon', 'nedsatt kapasitet', 'nedsatt arbeidsevne',
  'nedsatt funksjon', 'redusert funksjon', 'kan ikke kjøre', 'unngå stress', 'lettere arbeid', 'lette oppgaver', 'redusert stilling',
  'gradvis opptrapping', 'trappe opp', 'tåler ikke støy', 'tåler ikke', 'hev-senk-pult', 'ergonomisk', 'skjermarbeid', 'hjemmekontor',
  'kan jobbe', 'kan arbeide', 'kan ikke stå', 'kan ikke sitte', 'begrenset bevegelighet', 'redusert bevegelighet', 'kan ikke bruke',
];

/**
 * Words the compound rules would otherwise catch but that are ordinary at work, and the sick-leave vocabulary every
 * party uses. Never a finding.
 */
export const NOT_HEALTH: readonly string[] = [
  'sykmeldt', 'sykmeldte', 'sykmelding', 'sykmeldingen', 'sykmeldinger', 'sykefravær', 'sykefraværet', 'friskmeldt', 'friskmelding',
  'krefter', 'kreftene', 'operasjonsleder', 'operasjonslederen', 'operasjonssjef', 'operasjonssentral', 'operasjonssentralen',
  'saksbehandling', 'saksbehandlingen', 'saksbehandlingstid', 'behandlingstid', 'behandlingstiden', 'arbeidsmedisin', 'arbeidsmedisinsk',
  'medarbeiderundersøkelse', 'medarbeiderundersøkelsen', 'angstfri', 'legemiddelfirma', 'tannlege', 'tannlegen', 'tannlegetime',
  'forsvarsoperasjon', 'redningsoperasjon', 'flytteoperasjon', 'ryddeoperasjon', 'kjemoterapeut',
  'medisinsk', 'medisinske', 'medisinskvurdering', 
];

/**
 * The word before a letter-and-digits token that makes it a room, a road, a bus or a form rather than a code.
 * (ICPC-2 and ICD-10 codes look like L03, M54.5, F32.1; an organisation number, a date or a time never do.)
 */
export const NOT_CODE_AFTER: readonly string[] = [
  'rom', 'rommet', 'møterom', 'møterommet', 'bygg', 'bygget', 'bygning', 'fløy', 'fløyen', 'etasje', 'plass', 'sete', 'rute', 'linje',
  'buss', 'bussen', 'tog', 'toget', 'fly', 'flyet', 'gate', 'vei', 'veien', 'europavei', 'kontor', 'kontoret', 'modell', 'versjon', 'skjema',
  'skjemaet', 'blankett', 'seksjon', 'avsnitt', 'punkt', 'paragraf', 'kapittel', 'tabell', 'vedlegg', 'felt', 'feltet', 'rad', 'kolonne',
  'celle', 'parkering', 'p-plass', 'hall', 'port', 'porten', 'sone', 'avdeling', 'inngang', 'dør', 'døren', 'skap', 'hylle', 'reol', 'lager',
  'lageret', 'pall', 'art', 'artikkel', 'varenr', 'varenummer', 'ordre', 'bestilling', 'sak', 'saksnr', 'kontrakt', 'kontrakten', 'avtale', 'avtalen', 'ref', 'lokale', 'lokalet',
];

/** European routes through Norway (E6, E18, E39 …), which look like ICD-10 codes; without a decimal they are roads. */
export const ROAD_CODES: readonly string[] = ['E16', 'E18', 'E39', 'E45', 'E69', 'E75'];
