/**
 * How Debian's Chromium is launched here (Playwright cannot download its own browser): the e2e tests
 * and the benchmark's cold-start measurement share it. Without the networking flags Chromium keeps
 * trying to reach Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
