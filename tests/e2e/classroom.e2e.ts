import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClassroomServer, type ClassroomServer } from '../../src/classroom-server/server';
import { CHROMIUM, preparePage, shot } from './harness';

/** P1's exam answer: b5 = ∂f/∂(x − y) = -6 ln 2 (problems.md), the truth the room predicts. */
const B5 = -6 * Math.LN2;

let server: ClassroomServer;
let browser: Browser;
let url: string;
const errors: string[] = [];

async function open(ctx: BrowserContext, href: string): Promise<Page> {
  const page = await ctx.newPage();
  await preparePage(page);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(href);
  return page;
}

async function joinAs(ctx: BrowserContext, link: string, nickname: string): Promise<Page> {
  const page = await open(ctx, link);
  await page.getByLabel(/Nickname/).fill(nickname);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('.class-student__canvas .react-flow__node[data-id="mul"]').waitFor();
  return page;
}

beforeAll(async () => {
  // One origin serves the built app and the sessions, as `classroom-server --static dist` does for a class.
  server = await startClassroomServer({ port: 0, host: '127.0.0.1', dataDir: null, staticDir: join(process.cwd(), 'dist') });
  url = `http://127.0.0.1:${server.port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a class session in real Chromium', () => {
  it('runs start, join, ask, answer, histogram, reveal, reconnect and CSV export', async () => {
    const teacherCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const teacher = await open(teacherCtx, url);
    await teacher.locator('.react-flow__node[data-id="mul"]').waitFor();
    await teacher.keyboard.press('?');
    await teacher.getByRole('button', { name: 'Start class session' }).click();
    const code = (await teacher.getByTestId('class-code').textContent())!;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const link = (await teacher.getByTestId('class-link').textContent())!;
    expect(link).toBe(`${url}?class=${code}`);
    await expect.poll(() => teacher.getByTestId('class-qr').locator('svg').count()).toBe(1);

    // Three students, each with their own browser storage; one on a phone.
    const ctxs = await Promise.all([
      browser.newContext({ viewport: { width: 1280, height: 800 } }),
      browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
      browser.newContext({ viewport: { width: 1024, height: 768 } }),
    ]);
    const [ann, bob, cy] = await Promise.all([joinAs(ctxs[0], link, 'Ann'), joinAs(ctxs[1], link, 'Bob'), joinAs(ctxs[2], link, 'Cy')]);

    // The instructor steps playback to b5 (7 forward steps, then mul, pow2, add backward) and asks.
    await teacher.locator('.react-flow__pane').click();
    await teacher.keyboard.press('Home');
    for (let i = 0; i < 9; i++) await teacher.keyboard.press('ArrowRight');
    await teacher.getByRole('button', { name: 'Ask the next value' }).click();
    await expect.poll(() => teacher.locator('.class-question__title').textContent()).toBe('Predict b5 ');
    for (const s of [ann, bob, cy]) await s.getByTestId('class-answer-input').waitFor();

    const answer = async (page: Page, text: string) => {
      await page.getByTestId('class-answer-input').fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('class-own').waitFor();
    };
    await answer(ann, '-6 ln 2');
    await answer(bob, '-4.1');
    await answer(cy, '6 ln 2');
    await expect.poll(() => teacher.getByTestId('class-share').textContent()).toBe('1 / 3 right (33%)');
    await expect.poll(() => teacher.getByTestId('class-students').textContent()).toBe('3 students connected, 3 answered');
    const bars = await teacher
      .getByTestId('class-bar')
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), g.getAttribute('data-count')]));
    expect(bars).toEqual([
      ['−4.159', '1'],
      ['−4.1', '1'],
      ['4.159', '1'],
    ]);
    expect(await teacher.getByTestId('class-wrong').textContent()).toBe('Most common wrong answers: −4.1 (1), 4.159 (1)');
    await shot(teacher, 'classroom-instructor-answers');
    await shot(bob, 'classroom-student-phone-answered');

    await teacher.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => ann.getByTestId('class-verdict').textContent()).toContain('✓ You were right!');
    expect(await bob.getByTestId('class-verdict').textContent()).toContain('✗ Not this time.');
    expect(await cy.getByTestId('class-verdict').textContent()).toContain(`b5 = ${'−4.159'}`);
    await shot(bob, 'classroom-student-phone-revealed');

    // Bob's phone locks: the page is gone; he opens the link again and keeps his answer and verdict.
    await bob.close();
    const bobAgain = await joinAs(ctxs[1], link, 'Bob');
    await expect.poll(() => bobAgain.getByTestId('class-own').textContent()).toBe('Your answer to b5: -4.1');
    expect(await bobAgain.getByTestId('class-verdict').textContent()).toContain('✗ Not this time.');

    const download = teacher.waitForEvent('download');
    await teacher.getByRole('button', { name: 'Export CSV' }).click();
    const csv = (await readFile((await (await download).path())!, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('question,target,participant,nickname,answer,value,correct_value,right,answered_at');
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[1], r[3], r[4], r[7]])).toEqual([
      ['b5', 'Ann', "'-6 ln 2", 'true'],
      ['b5', 'Bob', '-4.1', 'false'],
      ['b5', 'Cy', '6 ln 2', 'false'],
    ]);
    expect(Number(rows[0][6])).toBeCloseTo(B5, 12);
    await shot(teacher, 'classroom-instructor-revealed');

    // The instructor reloads the page: the tab goes on with its session and its answers.
    await teacher.reload();
    await expect.poll(() => teacher.getByTestId('class-code').textContent()).toBe(code);
    await expect.poll(() => teacher.getByTestId('class-share').textContent()).toBe('1 / 3 right (33%)');
    expect(errors).toEqual([]);
  });
});
