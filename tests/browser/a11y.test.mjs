// a11y.test.mjs - axe-core on every state of the calculator (questions,
// error, result) on a phone and a desktop, plus the structure axe cannot
// judge: each question a fieldset named by its legend and described by its
// hint, every answer a labelled radio, the result announced.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	answer, AXE_CONTEXT, axeSerious, checkClean, gotoCalculator, openPage, setUpSuite,
} from './helpers.mjs';

let server;
let browser;
let questions;

setUpSuite((s) => ({ server, browser, questions } = s), { questions: true });

for (const device of ['phone', 'desktop']) {
	describe(`accessibility on ${device}`, () => {
		test('axe finds nothing serious on the questions, the error or the result', async (t) => {
			const { context, page, watch } = await openPage(browser, device, AXE_CONTEXT);
			await gotoCalculator(page, server);
			const log = (s) => t.diagnostic(s);

			assert.deepEqual(await axeSerious(page, log), [], 'question page');

			await page.getByRole('button', { name: 'Get my advice' }).click();
			await page.waitForFunction(() =>
				document.querySelector('[data-form-error]')?.textContent.trim() !== '');
			assert.deepEqual(await axeSerious(page, log), [], 'page with an error');

			// Four answered and one left out, so every part of the result
			// shows: reasons, the left-out note, rules and warnings.
			await answer(page, questions, { customization: 'yes', under_an_hour: 'no',
				ten_a_day: 'yes', storage: 'yes' }, device);
			await page.getByRole('button', { name: 'Get my advice' }).click();
			await page.locator('[data-calculator][data-state="result"]').waitFor();
			assert.deepEqual(await axeSerious(page, log), [], 'result page');

			// A changed answer after the result shows the stale notice.
			await answer(page, questions, { values: 'personal' }, device);
			assert.ok(await page.locator('[data-result-stale]').isVisible());
			assert.deepEqual(await axeSerious(page, log), [], 'result page, out of date');

			checkClean(watch, server.origin, { expectedErrors: ['400 POST /api/v1/advice'] });
			await context.close();
		});
	});
}

test('questions are fieldsets with a legend and a described hint; answers are labelled radios', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoCalculator(page, server);

	assert.equal(await page.getAttribute('html', 'lang'), 'en-GB');
	assert.equal(await page.locator('h1').count(), 1, 'one h1');
	assert.match(await page.locator('header').innerText(), /smallrun/);

	for (const q of questions) {
		const group = page.getByRole('group', { name: q.text });
		assert.equal(await group.count(), 1, `a group named by "${q.text}"`);
		assert.equal(await group.evaluate((n) => n.tagName), 'FIELDSET');
		assert.match(await group.locator('legend').innerText(), new RegExp(q.topic, 'i'));

		// The hint is tied to the question through aria-describedby.
		const described = await group.evaluate((n) =>
			(n.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
				.map((id) => document.getElementById(id)?.textContent.trim()).join(' '));
		assert.equal(described, q.hint);
		assert.ok(await page.getByText(q.hint, { exact: true }).isVisible(), 'hint shown');

		for (const a of q.answers) {
			const radio = group.getByRole('radio', { name: a.label, exact: true });
			assert.equal(await radio.count(), 1, `radio "${a.label}"`);
			assert.equal(await radio.getAttribute('value'), a.value);
			assert.equal(await radio.getAttribute('name'), q.id);
		}
	}

	// The error region and the result are announced.
	assert.equal(await page.locator('[data-form-error]').getAttribute('role'), 'alert');
	const result = page.locator('[data-result]');
	assert.equal(await result.getAttribute('aria-labelledby'), 'result-heading');
	assert.equal(await page.locator('#result-heading').getAttribute('tabindex'), '-1');
	checkClean(watch, server.origin);
	await context.close();
});

test('works zoomed to 200 % (a 640 px wide window) without sideways scrolling', async () => {
	// 200 % zoom of a 1280 px window lays out like a 640 px one.
	const { context, page, watch } = await openPage(browser, 'desktop',
		{ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
	await gotoCalculator(page, server);
	await answer(page, questions, { customization: 'no', ten_a_day: 'yes', storage: 'yes',
		values: 'consistency' }, 'desktop');
	await page.getByRole('button', { name: 'Get my advice' }).click();
	await page.locator('[data-calculator][data-state="result"]').waitFor();
	const overflow = await page.evaluate(() =>
		document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert.equal(overflow, 0);
	checkClean(watch, server.origin);
	await context.close();
});
