import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { ROOT } from './stint.js';

export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots');

export interface Viewport {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  isMobile: boolean;
}

export const VIEWPORTS: Viewport[] = [
  { name: 'desktop', width: 1280, height: 800, isMobile: false },
  { name: 'phone', width: 390, height: 844, isMobile: true },
];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The app's CSP (script-src
 * 'self') refuses an inline script tag (`page.addScriptTag({ content })`), and switching the CSP off
 * for the test (bypassCSP) would hide any inline style or script a page wrongly needs, so axe's
 * source is evaluated through the DevTools protocol, which the CSP does not govern.
 */
export async function axeCheck(page: Page, label: string): Promise<AxeFinding[]> {
  // Expressions as strings: they run in the page, and the server's type-check has no DOM library.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      id: v.id,
      impact: v.impact!,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

export function formatFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.page}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(', ')}`).join('\n');
}

/** A full-page screenshot under test-artifacts/screenshots, named by width and page. */
export async function screenshot(page: Page, viewport: Viewport, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${viewport.name}-${name}.png`);
  // Animations and the caret would make two runs' pictures differ for no reason.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/**
 * What the page reported that a user would never see but a developer must: uncaught errors and
 * Content-Security-Policy refusals (an inline style or script the CSP blocks breaks the page in
 * production exactly as here). Failed requests the app handles (a 403 while logged out) are not
 * problems, so resource-load messages are left out.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/Failed to load resource/.test(text)) return;
    // An empty <style> element (FullCalendar 6 adds one, then fills it through the CSSOM, which the
    // CSP does not govern; its CSS also ships in the bundle) carries no style, so refusing it
    // changes nothing. This is the hash of the empty string; any other refused style is reported.
    if (text.includes('Content Security Policy') && text.includes(EMPTY_SHA256)) return;
    problems.push(`console: ${text}`);
  });
  return problems;
}

const EMPTY_SHA256 = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
