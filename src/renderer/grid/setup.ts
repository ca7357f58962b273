/**
 * ag-grid, Community edition only: every community module registered once, the Theming API
 * (Quartz with a compact, sober palette; no Google fonts: the CSP allows no external resource) and
 * the grid's own texts in the user's language.
 */
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_IT } from '@ag-grid-community/locale';
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import type { Language } from '../i18n/translate';

ModuleRegistry.registerModules([AllCommunityModule]);

export const FONT_STACK = [
  'Segoe UI',
  '-apple-system',
  'BlinkMacSystemFont',
  'Noto Sans',
  'Liberation Sans',
  'Arial',
  'sans-serif',
];

export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT_STACK,
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 32,
  headerHeight: 34,
  spacing: 6,
  cellHorizontalPadding: 10,
  accentColor: '#1f4e8c',
  foregroundColor: '#1c2733',
  textColor: '#1c2733',
  backgroundColor: '#ffffff',
  borderColor: '#d5dbe3',
  headerBackgroundColor: '#eef1f5',
  headerTextColor: '#34414f',
  oddRowBackgroundColor: '#f8f9fb',
  rowHoverColor: '#e9f0f9',
  selectedRowBackgroundColor: '#dce7f5',
  wrapperBorderRadius: 4,
  borderRadius: 3,
  browserColorScheme: 'light',
  iconSize: 14,
  menuBackgroundColor: '#ffffff',
  inputFocusBorder: { color: '#1f4e8c', width: 1 },
});

const GRID_LOCALES: Record<Language, Record<string, string>> = {
  it: AG_GRID_LOCALE_IT,
  en: AG_GRID_LOCALE_EN,
};

export function gridLocale(language: Language): Record<string, string> {
  return GRID_LOCALES[language];
}
