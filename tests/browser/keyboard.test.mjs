// keyboard.test.mjs - the calculator used with the keyboard alone: Tab to
// move, arrow keys and Space to choose, Enter to submit and to press
// buttons. No mouse, no locator clicks.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	checkClean, expectedByDesign, focused, gotoCalculator, leaning, openPage, screenshot,
	setUpSuite, tabTo, TITLE,
} from './helpers.mjs';

let server;
let browser;
let questions;

setUpSuite((s) => ({ server, browser, questions } = s), { questions: true });

/* Tab until want(focused) holds; everything is fewer than 40 presses away. */
const reach = (page, want, what) => tabTo(page, want, what, 'Tab', 40);

test('keyboard only: skip link, answer all five, get advice, start again', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoCalculator(page, server);

	// The first Tab reaches the skip link; Enter on it moves into the page.
	await page.keyboard.press('Tab');
	let f = await focused(page);
	assert.equal(f?.text, 'Skip to main content');
	await page.keyboard.press('Enter');
	assert.equal((await focused(page))?.id, 'main');

	const answers = leaning(questions, 'job');
	for (const q of questions) {
		f = await reach(page, (x) => x.type === 'radio' && x.name === q.id, `question ${q.id}`);
		assert.ok(f.ring, `focus ring visible on ${q.id}`);
		// With nothing chosen, Tab lands on the first answer.
		assert.equal(f.value, q.answers[0].value);
		const index = q.answers.findIndex((a) => a.value === answers[q.id]);
		if (index === 0) {
			await page.keyboard.press('Space');
		} else {
			for (let i = 0; i < index; i++)
				await page.keyboard.press('ArrowDown');
		}
		f = await focused(page);
		assert.deepEqual([f.name, f.value, f.checked], [q.id, answers[q.id], true],
			`${q.id} answered from the keyboard`);
	}

	f = await reach(page, (x) => x.text === 'Get my advice', 'the submit button');
	assert.ok(f.ring, 'focus ring visible on the submit button');
	await page.keyboard.press('Enter');
	await page.locator('[data-calculator][data-state="result"]').waitFor();

	// Focus is on the result heading, which names the recommendation
	// DESIGN.md §5 rule 1 requires.
	const want = expectedByDesign(answers).is;
	assert.equal(want, 'job');
	f = await focused(page);
	assert.equal(f?.id, 'result-heading');
	assert.match(f.text, TITLE[want]);
	await screenshot(page, 'keyboard-result');

	f = await reach(page, (x) => x.text === 'Start again', 'Start again');
	assert.ok(f.ring, 'focus ring visible on Start again');
	await page.keyboard.press('Enter');

	f = await focused(page);
	assert.deepEqual([f?.name, f?.value], [questions[0].id, questions[0].answers[0].value],
		'focus back on the first question');
	assert.equal(await page.locator('input[type="radio"]:checked').count(), 0);
	assert.equal(await page.locator('[data-result]').isVisible(), false);
	checkClean(watch, server.origin);
	await context.close();
});

test('keyboard only: clear an answer with its button, then submit with Space', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoCalculator(page, server);

	// Answer the first two questions with arrow keys.
	for (const q of questions.slice(0, 2)) {
		await reach(page, (x) => x.type === 'radio' && x.name === q.id, `question ${q.id}`);
		await page.keyboard.press('ArrowDown');
	}
	// Shift+Tab back to the first question's "Clear answer" and press it.
	let f;
	for (let i = 0; i < 6; i++) {
		await page.keyboard.press('Shift+Tab');
		f = await focused(page);
		if (f?.text === 'Clear answer' && (await page.evaluate(() =>
			document.activeElement.closest('fieldset').dataset.question)) === questions[0].id)
			break;
	}
	assert.equal(f?.text, 'Clear answer');
	await page.keyboard.press('Enter');
	f = await focused(page);
	assert.equal(f?.name, questions[0].id, 'focus back in the cleared question');
	assert.equal(await page.locator(`input[name="${questions[0].id}"]:checked`).count(), 0);

	// Only the second question is answered now; its answer (the second one)
	// must be the only reason given.
	await reach(page, (x) => x.text === 'Get my advice', 'the submit button');
	await page.keyboard.press('Space');
	await page.locator('[data-calculator][data-state="result"]').waitFor();
	const reasons = page.locator('[data-reasons] > li');
	assert.equal(await reasons.count(), 1);
	assert.match(await reasons.innerText(), new RegExp(questions[1].topic));
	checkClean(watch, server.origin);
	await context.close();
});
