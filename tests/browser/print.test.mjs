// print.test.mjs - the printable result: the Print button opens the
// browser's print dialog, and the print stylesheet leaves out buttons and
// navigation and prints the answers given and the advice.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	answer, checkClean, gotoCalculator, openPage, screenshot, setUpSuite,
} from './helpers.mjs';

let server;
let browser;
let questions;

setUpSuite((s) => ({ server, browser, questions } = s), { questions: true });

test('Print opens the print dialog; the printout has answers and advice but no buttons', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoCalculator(page, server);
	const answers = { customization: 'yes', under_an_hour: 'no', ten_a_day: 'yes', storage: 'yes' };
	const skipped = questions.find((q) => !(q.id in answers));
	await answer(page, questions, answers, 'desktop');
	await page.getByRole('button', { name: 'Get my advice' }).click();
	await page.locator('[data-calculator][data-state="result"]').waitFor();

	// The button calls window.print(); count the calls instead of opening
	// a dialog nobody can close.
	await page.evaluate(() => {
		window.printCalls = 0;
		window.print = () => { window.printCalls += 1; };
	});
	await page.getByRole('button', { name: 'Print this advice' }).click();
	assert.equal(await page.evaluate(() => window.printCalls), 1);

	await page.emulateMedia({ media: 'print' });

	// No buttons, navigation, skip link or footer on paper.
	const buttons = page.locator('button');
	assert.ok(await buttons.count() >= 3);
	for (const b of await buttons.all())
		assert.equal(await b.isVisible(), false, `button "${await b.innerText()}" hidden in print`);
	for (const sel of ['nav', '.skip-link', 'footer', '[data-placeholder]'])
		assert.equal(await page.locator(sel).isVisible(), false, `${sel} hidden in print`);

	// Each question prints with the answer given, and only that one.
	for (const q of questions) {
		const group = page.locator(`fieldset[data-question="${q.id}"]`);
		assert.ok(await group.getByText(q.text).isVisible(), `question ${q.id} printed`);
		for (const a of q.answers) {
			const visible = await group.locator('label', { hasText: a.label }).isVisible();
			assert.equal(visible, answers[q.id] === a.value,
				`${q.id}: "${a.label}" ${visible ? 'printed' : 'not printed'}`);
		}
	}
	const marker = await page.locator(`fieldset[data-question="${skipped.id}"] .answers`)
		.evaluate((n) => getComputedStyle(n, '::after').content);
	assert.equal(marker, '"Not answered"');

	// The advice prints in full.
	for (const sel of ['[data-result-title]', '[data-scale]', '[data-balance-text]', '[data-summary]',
		'[data-reasons]', '[data-benefits]', '[data-uses]', '[data-note]', '[data-warnings]'])
		assert.ok(await page.locator(sel).isVisible(), `${sel} printed`);

	await screenshot(page, 'desktop-print', { fullPage: true });

	// And it fits on a few A4 pages.
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
	assert.ok(pages >= 1 && pages <= 4, `printout is ${pages} pages`);

	await page.emulateMedia({ media: 'screen' });
	assert.ok(await page.getByRole('button', { name: 'Start again' }).isVisible(), 'buttons back on screen');
	checkClean(watch, server.origin);
	await context.close();
});
