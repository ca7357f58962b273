/**
 * Texts of the navigation's sections and of its collapse toggle, spread into the Italian and
 * English catalogues (the pages' own names are `nav.<page>`, next to each page's texts).
 */
export const shellIt = {
  'nav.group.cases': 'Pratiche',
  'nav.group.counter': 'Sportello',
  'nav.group.registers': 'Registri',
  'nav.group.management': 'Gestione',
  'nav.entryWithShortcut': '{label} (Alt+{n})',
  'nav.collapse': 'Riduci il menu alle icone',
  'nav.expand': 'Espandi il menu',
};

export const shellEn: Record<keyof typeof shellIt, string> = {
  'nav.group.cases': 'Cases',
  'nav.group.counter': 'Front desk',
  'nav.group.registers': 'Registers',
  'nav.group.management': 'Management',
  'nav.entryWithShortcut': '{label} (Alt+{n})',
  'nav.collapse': 'Collapse the menu to icons',
  'nav.expand': 'Expand the menu',
};
