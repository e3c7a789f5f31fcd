// screenshots.test.mjs - pictures of a filled-in result on a desktop and a
// phone. They always go to tests/browser/screenshots/ (not committed); with
// SMALLRUN_DOC_SCREENSHOTS=1 they also replace doc/screenshot.png and
// doc/screenshot-phone.png, the ones the README shows.

import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import {
	answer, checkClean, DOC_DIR, gotoCalculator, openPage, screenshot, SCREENSHOT_DIR, setUpSuite,
} from './helpers.mjs';

const UPDATE_DOC = process.env.SMALLRUN_DOC_SCREENSHOTS === '1';
const MAX_BYTES = 300 * 1024;

// A workshop that takes commissions but also turns out runs: all five
// answered, so the picture shows every part of the result.
const ANSWERS = { customization: 'yes', under_an_hour: 'no', ten_a_day: 'yes', storage: 'yes',
	values: 'personal' };

let server;
let browser;
let questions;

setUpSuite((s) => ({ server, browser, questions } = s), { questions: true });

async function advise(page, device) {
	await gotoCalculator(page, server);
	await answer(page, questions, ANSWERS, device);
	await page.getByRole('button', { name: 'Get my advice' }).click();
	await page.locator('[data-calculator][data-state="result"]').waitFor();
	// The heading has focus; take the picture without a caret or ring.
	await page.evaluate(() => document.activeElement?.blur());
}

async function save(page, name, docName, options) {
	const png = await screenshot(page, name, options);
	assert.ok(png.length < MAX_BYTES, `${name}.png is ${png.length} bytes`);
	if (UPDATE_DOC)
		await copyFile(join(SCREENSHOT_DIR, `${name}.png`), join(DOC_DIR, docName));
}

test('desktop screenshot of a filled-in result', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop',
		{ viewport: { width: 1280, height: 1120 } });
	await advise(page, 'desktop');
	await page.evaluate(() => window.scrollTo(0, 0));
	await save(page, 'doc-desktop', 'screenshot.png');
	checkClean(watch, server.origin);
	await context.close();
});

test('phone screenshot of a filled-in result', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await advise(page, 'phone');
	await page.locator('[data-result]').evaluate((n) => n.scrollIntoView({ block: 'start' }));
	await page.evaluate(() => window.scrollBy(0, -12));
	await save(page, 'doc-phone', 'screenshot-phone.png');
	checkClean(watch, server.origin);
	await context.close();
});
