import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli-in-process';
import { ARTIFACTS, openEditorSuite, shot } from './harness';

describe('Save as fixture in Chromium', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('downloads P1 with the exam answers as its expected block, which backprop check passes', async () => {
    const toolbar = page.getByRole('toolbar', { name: 'Editor commands' });
    const download = page.waitForEvent('download');
    await toolbar.getByRole('button', { name: 'Save as fixture' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('p1-backprop-on-f-z-2-x-y-fixture.json');
    const path = join(ARTIFACTS, file.suggestedFilename());
    await file.saveAs(path);
    const doc = JSON.parse(await readFile(path, 'utf8'));
    // The exam's answers: f = −6, ∂f/∂x = −6 ln 2, ∂f/∂y = 6 ln 2, ∂f/∂z = 2.
    expect(doc.expected.output).toBe(-6);
    expect(doc.expected.gradients.x).toBeCloseTo(-6 * Math.LN2, 14);
    expect(doc.expected.gradients.y).toBeCloseTo(6 * Math.LN2, 14);
    expect(doc.expected.gradients.z).toBe(2);
    expect(runInProcess('check', path)).toEqual({ status: 0, stdout: `ok    ${path}\n`, stderr: '' });
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved p1-backprop-on-f-z-2-x-y-fixture.json');
    await toolbar.screenshot({ path: join(ARTIFACTS, 'fixture-toolbar.png') });
    await shot(page, 'fixture-saved');
    expect(suite.errors).toEqual([]);
  });
});
