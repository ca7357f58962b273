/**
 * Data for realistic Italian demo records: first names, surnames, the streets of a small town,
 * birth places with their real cadastral (Belfiore) codes, and business names.
 */

export const MALE_FIRST_NAMES: readonly string[] = [
  'Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Angelo', 'Vincenzo', 'Pietro',
  'Salvatore', 'Carlo', 'Franco', 'Domenico', 'Bruno', 'Paolo', 'Michele', 'Giorgio', 'Aldo',
  'Sergio', 'Luciano', 'Roberto', 'Marco', 'Andrea', 'Alessandro', 'Stefano', 'Massimo', 'Luca',
  'Fabio', 'Claudio', 'Maurizio', 'Daniele', 'Simone', 'Matteo', 'Davide', 'Riccardo', 'Lorenzo',
  'Federico', 'Emanuele', 'Nicola', 'Enrico', 'Gabriele', 'Alberto', 'Filippo', 'Tommaso',
  'Leonardo', 'Edoardo', 'Giacomo', 'Cristian', 'Valerio', 'Umberto', 'Ettore', 'Renato', 'Gianni',
  'Raffaele', 'Fabrizio', 'Alessio', 'Diego', 'Mattia', 'Samuele', 'Jacopo', 'Pierluigi', 'Gianluca',
];

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carmela',
  'Caterina', 'Francesca', 'Antonietta', 'Rita', 'Franca', 'Laura', 'Paola', 'Giulia', 'Sara',
  'Elena', 'Chiara', 'Valentina', 'Federica', 'Silvia', 'Alessandra', 'Roberta', 'Cristina',
  'Simona', 'Monica', 'Barbara', 'Elisa', 'Martina', 'Alice', 'Sofia', 'Aurora', 'Beatrice',
  'Ginevra', 'Emma', 'Marta', 'Ilaria', 'Veronica', 'Daniela', 'Patrizia', 'Gabriella',
  'Loredana', 'Nadia', 'Claudia', 'Manuela', 'Serena', 'Debora', 'Eleonora', 'Irene', 'Noemi',
  'Benedetta', 'Arianna', 'Camilla', 'Margherita', 'Rosanna', 'Luisa', 'Adriana', 'Graziella', 'Ornella',
];

export const SURNAMES: readonly string[] = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti',
  'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini',
  'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis',
  "D'Angelo", 'Marchetti', 'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco',
  'Marini', 'Grasso', 'Valentini', 'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo',
  'Sanna', 'Farina', 'Rizzi', 'Monti', 'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa',
  'Grassi', 'Pellegrino', 'Carbone', 'Giuliani', 'Benedetti', 'Barone', 'Rossetti', 'Caputo',
  'Montanari', 'Guerra', 'Palmieri', 'Bernardi', 'Martino', 'Fiore', 'De Rosa', 'Ferretti',
  'Bellini', 'Basile', 'Riva', 'Donati', 'Piras', 'Vitali', 'Battaglia', 'Sartori', 'Neri', 'Costantini',
  'Milani', 'Pagano', 'Ruggiero', 'Sorrentino', "D'Amico", 'Orlando', 'Negri',
  // Umbrian and central-Italian surnames, frequent in the demo Comune
  'Bartolini', 'Baldoni', 'Brunetti', 'Capaccioni', 'Cecchetti', 'Ciarapica', 'Falcinelli', 'Fioriti',
  'Lucarelli', 'Mancinelli', 'Menichetti', 'Panfili', 'Passeri', 'Pazzaglia', 'Proietti', 'Ragni',
  'Sabatini', 'Tardioli', 'Tiberi', 'Urbani', 'Vagnetti', 'Zucchini', 'Bellucci', 'Biagioli',
  'Cerquaglia', 'Chiappini', 'Filippucci', 'Giovagnoni', 'Marinelli', 'Moriconi', 'Pieroni', 'Rosati',
  'Santucci', 'Tomassini', 'Bistoni', 'Calzoni', 'Ercolani', 'Pascolini', 'Ciampelli', 'Ottaviani',
];

/** Streets of the (fictional) town: the usual toponymy of a small central-Italian comune. */
export const STREETS: readonly string[] = [
  'Via Roma', 'Corso Vittorio Emanuele II', 'Piazza Garibaldi', 'Via XX Settembre', 'Via Giuseppe Mazzini',
  'Via Cavour', 'Via Dante Alighieri', 'Via Giacomo Matteotti', 'Via IV Novembre', 'Piazza della Repubblica',
  'Via Antonio Gramsci', 'Via della Libertà', 'Via San Michele', 'Via del Mulino', 'Via delle Fonti',
  'Viale Europa', 'Via Aldo Moro', 'Via Alcide De Gasperi', 'Via Papa Giovanni XXIII', 'Via della Stazione',
  'Via dei Tigli', 'Via delle Querce', 'Via Monte Grappa', 'Via Piave', 'Via Vittorio Veneto',
  'Via Nazario Sauro', 'Via Cesare Battisti', 'Via Guglielmo Marconi', 'Via Galileo Galilei',
  'Via Leonardo da Vinci', 'Via San Francesco', 'Vicolo del Forno', 'Via del Borgo', 'Piazza del Municipio',
  'Via Trasimeno', 'Via Tiberina', 'Via dei Vignali', 'Via delle Ginestre', 'Via Martiri della Resistenza',
  'Via Fratelli Rosselli', 'Via Giovanni Pascoli', 'Via Giuseppe Verdi', 'Via Pietro Vannucci',
  'Località Pian di Mezzo', 'Frazione San Martino', 'Località Le Case', 'Frazione Colle Alto',
];

export const HAMLETS: readonly string[] = ['San Martino', 'Colle Alto', 'Pian di Mezzo', 'Le Case', 'Casanova', 'Santa Lucia'];

export interface BirthPlace {
  /** Cadastral (Belfiore) code: a comune, or 'Z' + 3 digits for a foreign country. */
  code: string;
  name: string;
  /** Province abbreviation; 'EE' for a foreign country (as in Italian registry records). */
  province: string;
  /** Relative frequency among the demo residents. */
  weight: number;
}

/** Real Belfiore codes. The demo Comune's own code is added by the generator (most residents were born there). */
export const BIRTH_PLACES: readonly BirthPlace[] = [
  { code: 'G478', name: 'Perugia', province: 'PG', weight: 20 },
  { code: 'D653', name: 'Foligno', province: 'PG', weight: 5 },
  { code: 'C745', name: 'Città di Castello', province: 'PG', weight: 4 },
  { code: 'E256', name: 'Gubbio', province: 'PG', weight: 3 },
  { code: 'I921', name: 'Spoleto', province: 'PG', weight: 3 },
  { code: 'A475', name: 'Assisi', province: 'PG', weight: 3 },
  { code: 'L117', name: 'Terni', province: 'TR', weight: 4 },
  { code: 'G148', name: 'Orvieto', province: 'TR', weight: 1.5 },
  { code: 'A390', name: 'Arezzo', province: 'AR', weight: 2 },
  { code: 'I726', name: 'Siena', province: 'SI', weight: 1 },
  { code: 'A271', name: 'Ancona', province: 'AN', weight: 1.5 },
  { code: 'H501', name: 'Roma', province: 'RM', weight: 8 },
  { code: 'F205', name: 'Milano', province: 'MI', weight: 3 },
  { code: 'F839', name: 'Napoli', province: 'NA', weight: 3 },
  { code: 'L219', name: 'Torino', province: 'TO', weight: 1.5 },
  { code: 'G273', name: 'Palermo', province: 'PA', weight: 1.5 },
  { code: 'D612', name: 'Firenze', province: 'FI', weight: 3 },
  { code: 'A944', name: 'Bologna', province: 'BO', weight: 1.5 },
  { code: 'D969', name: 'Genova', province: 'GE', weight: 0.8 },
  { code: 'L736', name: 'Venezia', province: 'VE', weight: 0.6 },
  { code: 'A662', name: 'Bari', province: 'BA', weight: 1.2 },
  { code: 'C351', name: 'Catania', province: 'CT', weight: 0.8 },
  { code: 'B354', name: 'Cagliari', province: 'CA', weight: 0.6 },
  { code: 'Z129', name: 'Romania', province: 'EE', weight: 2.5 },
  { code: 'Z100', name: 'Albania', province: 'EE', weight: 2 },
  { code: 'Z330', name: 'Marocco', province: 'EE', weight: 1.5 },
  { code: 'Z138', name: 'Ucraina', province: 'EE', weight: 0.8 },
  { code: 'Z112', name: 'Germania', province: 'EE', weight: 0.5 },
  { code: 'Z110', name: 'Francia', province: 'EE', weight: 0.3 },
  { code: 'Z600', name: 'Argentina', province: 'EE', weight: 0.4 },
  { code: 'Z602', name: 'Brasile', province: 'EE', weight: 0.4 },
];

export const LEGAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['S.r.l.', 35],
  ['S.r.l.s.', 8],
  ['S.n.c.', 12],
  ['S.a.s.', 10],
  ['S.p.A.', 3],
  ['Soc. coop.', 4],
  ['Ditta individuale', 25],
  ['Associazione', 3],
];

/** Activities: [sector, name stems]. A business is named after a stem, a surname, or the town. */
export const BUSINESS_ACTIVITIES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['edilizia', ['Edil', 'Costruzioni', 'Impresa Edile', 'Restauri', 'Edilstrade', 'Ristrutturazioni']],
  ['impianti', ['Impianti Elettrici', 'Termoidraulica', 'Impianti Tecnologici', 'Solar Impianti']],
  ['commercio', ['Ferramenta', 'Alimentari', 'Market', 'Calzature', 'Abbigliamento', 'Frutta e Verdura', 'Casalinghi', 'Tabaccheria']],
  ['ristorazione', ['Bar', 'Ristorante', 'Pizzeria', 'Trattoria', 'Caffè', 'Osteria', 'Gelateria']],
  ['servizi', ['Studio Tecnico', 'Autofficina', 'Carrozzeria', 'Parrucchiera', 'Agenzia Immobiliare', 'Lavanderia']],
  ['agricoltura', ['Azienda Agricola', 'Agriturismo', 'Frantoio', 'Cantina', 'Allevamento']],
  ['produzione', ['Falegnameria', 'Carpenteria Metallica', 'Ceramiche', 'Tipografia', 'Salumificio', 'Pastificio']],
];

export const PLACE_NAMES_FOR_BUSINESSES: readonly string[] = [
  'Centrale', 'del Borgo', 'San Michele', 'Il Castello', 'La Rocca', 'Valle Verde', 'Umbra', 'del Colle',
  'La Fonte', 'Le Querce', 'Tre Archi', 'Il Mulino', 'Montesereno', 'del Sole', 'La Piazzetta',
];

/** Provincial office codes (digits 8-10 of a partita IVA) of nearby provinces. */
export const PIVA_OFFICE_CODES: ReadonlyArray<readonly [string, number]> = [
  ['054', 70], // Perugia
  ['055', 10], // Terni
  ['051', 5], // Arezzo
  ['058', 8], // Roma
  ['048', 4], // Firenze
  ['015', 3], // Milano
];

export const SCHOOLS: readonly string[] = [
  'scuola dell\'infanzia "Il Girasole"',
  'scuola primaria "Gianni Rodari"',
  'scuola primaria di San Martino',
  'scuola secondaria di primo grado "Dante Alighieri"',
];

export const FOREIGN_CITIES: readonly string[] = [
  'Monaco di Baviera (Germania)', 'Londra (Regno Unito)', 'Parigi (Francia)', 'Zurigo (Svizzera)',
  'Bruxelles (Belgio)', 'Barcellona (Spagna)', 'New York (Stati Uniti)', 'Melbourne (Australia)',
  'Buenos Aires (Argentina)', 'Dublino (Irlanda)', 'Amsterdam (Paesi Bassi)', 'Lussemburgo (Lussemburgo)',
];

export const ANCESTOR_ORIGINS: readonly string[] = [
  'Gubbio', 'Norcia', 'Cascia', 'Gualdo Tadino', 'Nocera Umbra', 'Foligno', 'Spoleto', 'Todi',
];

export const ANCESTOR_COUNTRIES: readonly string[] = ['Brasile', 'Argentina', 'Uruguay', 'Venezuela', 'Stati Uniti'];
