// calculator.test.mjs - the production type calculator, driven the way a
// maker would use it, on a 375 px phone (by tapping) and a 1280 px desktop
// (by clicking). Expected recommendations come from the rules in
// DESIGN.md §5 (see expectedByDesign), expected marker positions from the
// weights the questionnaire publishes, never from the advice being checked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	answer, apiJSON, checkClean, expectedBalance, expectedByDesign, gotoCalculator, leaning,
	openPage, radioFor, screenshot, setUpSuite, TITLE,
} from './helpers.mjs';

let server;
let browser;
let questions;

setUpSuite(async (s) => {
	({ server, browser, questions } = s);
	assert.equal(questions.length, 5, 'DESIGN.md §5 has five questions');
}, { questions: true });

function topicOf(id) {
	const q = questions.find((x) => x.id === id);
	return q.topic;
}

/* Where the marker sits along the track, 0 (batch end) to 1 (job end). */
async function markerFraction(page) {
	const track = await page.locator('.scale__track').boundingBox();
	const marker = await page.locator('[data-marker]').boundingBox();
	assert.ok(track && marker, 'the balance scale should be visible');
	return (marker.x + marker.width / 2 - track.x) / track.width;
}

/*
 * Answer, submit, and check the whole result panel against what the
 * design and the questionnaire say it must show.
 */
async function getAdvice(page, device, answers) {
	await answer(page, questions, answers, device);
	const n = Object.keys(answers).length;
	await assert.doesNotReject(page.getByText(n === questions.length
		? `All ${questions.length} questions answered`
		: `${n} of ${questions.length} questions answered`).waitFor());

	const submit = page.getByRole('button', { name: 'Get my advice' });
	if (device === 'phone')
		await submit.tap();
	else
		await submit.click();
	await page.locator('[data-calculator][data-state="result"]').waitFor();
}

async function checkResult(page, answers) {
	const want = expectedByDesign(answers);
	const result = page.locator('[data-result]');
	await assert.doesNotReject(result.waitFor({ state: 'visible' }));

	// Focus moves to the result heading so screen readers and keyboard users
	// land on the answer.
	assert.equal(await page.evaluate(() => document.activeElement?.id), 'result-heading');

	const rec = await result.getAttribute('data-recommendation');
	if (want.is)
		assert.equal(rec, want.is, `DESIGN.md §5 fixes this recommendation as ${want.is}`);
	for (const no of want.not)
		assert.notEqual(rec, no, `DESIGN.md §5 rules out ${no} here`);
	const title = await page.locator('[data-result-title]').innerText();
	assert.match(title, TITLE[rec]);
	assert.ok(await page.getByRole('heading', { name: TITLE[rec] }).isVisible());

	// One reason per answered question, each leaning the way its answer
	// does in the questionnaire.
	const reasons = page.locator('[data-reasons] > li');
	assert.equal(await reasons.count(), Object.keys(answers).length);
	for (const [id, value] of Object.entries(answers)) {
		const q = questions.find((x) => x.id === id);
		const leans = q.answers.find((x) => x.value === value).leans;
		const item = reasons.filter({ hasText: q.topic });
		assert.equal(await item.count(), 1, `one reason for ${q.topic}`);
		assert.equal(await item.getAttribute('data-leans'), leans);
		assert.match(await item.innerText(), new RegExp(`Leans to ${leans}`));
	}

	for (const list of ['[data-benefits]', '[data-uses]', '[data-warnings]']) {
		const items = page.locator(`${list} > li`);
		assert.ok(await items.count() > 0, `${list} should not be empty`);
		assert.ok(await items.first().isVisible(), `${list} should be visible`);
	}
	assert.ok((await page.locator('[data-summary]').innerText()).length > 20, 'a summary');
	assert.ok((await page.locator('[data-note]').innerText()).length > 20, 'a note');

	// The marker sits where the published weights put these answers.
	const { balance, max } = expectedBalance(questions, answers);
	const fraction = await markerFraction(page);
	assert.ok(Math.abs(fraction - (balance + max) / (2 * max)) < 0.02,
		`marker at ${fraction.toFixed(3)}, expected ${((balance + max) / (2 * max)).toFixed(3)}`);
	if (balance > 0)
		assert.ok(fraction > 0.5, 'more job points: the marker is on the job side');
	else if (balance < 0)
		assert.ok(fraction < 0.5, 'more batch points: the marker is on the batch side');

	// The scale has a text equivalent giving the same points.
	const jobPoints = questions.reduce((sum, q) => sum +
		(q.answers.find((a) => a.value === answers[q.id])?.leans === 'job' ? q.weight : 0), 0);
	const batchPoints = questions.reduce((sum, q) => sum +
		(q.answers.find((a) => a.value === answers[q.id])?.leans === 'batch' ? q.weight : 0), 0);
	const text = await page.locator('[data-balance-text]').innerText();
	assert.match(text, new RegExp(`${jobPoints} points? to job production and ${batchPoints} points? to batch production`));
	return rec;
}

for (const device of ['phone', 'desktop']) {
	describe(`calculator on ${device}`, () => {
		test('all five answers leaning job give job production (rule 1)', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = leaning(questions, 'job');
			assert.deepEqual(answers, { customization: 'yes', under_an_hour: 'yes',
				ten_a_day: 'no', storage: 'no', values: 'personal' }, 'DESIGN.md §5 job leanings');
			await getAdvice(page, device, answers);
			assert.equal(await checkResult(page, answers), 'job');
			assert.ok(await markerFraction(page) > 0.9, 'every point on the job side');
			await screenshot(page, `${device}-job`, { fullPage: true });
			checkClean(watch, server.origin);
			await context.close();
		});

		test('all five answers leaning batch give batch production (rule 1)', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = { customization: 'no', under_an_hour: 'no', ten_a_day: 'yes',
				storage: 'yes', values: 'consistency' };
			assert.deepEqual(leaning(questions, 'batch'), answers, 'DESIGN.md §5 batch leanings');
			await getAdvice(page, device, answers);
			assert.equal(await checkResult(page, answers), 'batch');
			assert.ok(await markerFraction(page) < 0.1, 'every point on the batch side');
			await screenshot(page, `${device}-batch`, { fullPage: true });
			checkClean(watch, server.origin);
			await context.close();
		});

		test('customization, ten a day and storage give mixed (rule 6)', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = { customization: 'yes', ten_a_day: 'yes', storage: 'yes' };
			await getAdvice(page, device, answers);
			assert.equal(await checkResult(page, answers), 'mixed');
			// The two questions left out are named as such.
			const note = await page.locator('[data-unanswered]').innerText();
			assert.match(note, new RegExp(topicOf('under_an_hour')));
			assert.match(note, new RegExp(topicOf('values')));
			// Rules that bound the result are shown.
			assert.ok(await page.locator('[data-rules] > li').count() > 0, 'deciding rules listed');
			await screenshot(page, `${device}-mixed`, { fullPage: true });
			checkClean(watch, server.origin);
			await context.close();
		});

		test('a partly answered form gives advice; no storage is never batch (rule 3)', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = { storage: 'no', under_an_hour: 'yes' };
			await getAdvice(page, device, answers);
			const rec = await checkResult(page, answers);
			assert.notEqual(rec, 'batch');
			const note = await page.locator('[data-unanswered]').innerText();
			for (const id of ['customization', 'ten_a_day', 'values'])
				assert.match(note, new RegExp(topicOf(id)), `${id} listed as left out`);
			checkClean(watch, server.origin);
			await context.close();
		});

		test('submitting with nothing answered shows the server\'s error', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);

			// What the server itself says to an empty set of answers.
			const direct = await apiJSON(server, '/api/v1/advice', { answers: {} });
			assert.equal(direct.status, 400);
			const message = direct.body.error.message;
			assert.ok(message, 'the server gives a message');

			await page.getByRole('button', { name: 'Get my advice' }).click();
			const alert = page.locator('[data-submit-row] [role="alert"]');
			await page.waitForFunction(() =>
				document.querySelector('[data-form-error]')?.textContent.trim() !== '');
			const shown = await alert.innerText();
			assert.ok(shown.toLowerCase().includes(message.toLowerCase()),
				`"${shown}" should carry the server's "${message}"`);
			assert.ok(await alert.isVisible());
			assert.equal(await page.locator('[data-result]').isVisible(), false, 'no result');

			await alert.scrollIntoViewIfNeeded();
			await screenshot(page, `${device}-error`);

			// Answering something clears the error.
			await answer(page, questions, { customization: 'no' }, device);
			assert.equal((await alert.innerText()).trim(), '');
			checkClean(watch, server.origin, { expectedErrors: ['400 POST /api/v1/advice'] });
			await context.close();
		});

		test('"Clear answer" skips a question again; a changed answer marks the advice stale', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = { customization: 'yes', ten_a_day: 'no' };
			await getAdvice(page, device, answers);
			assert.equal(await checkResult(page, answers), 'job', 'rule 5');
			assert.equal(await page.locator('[data-result-stale]').isVisible(), false);

			const fieldset = page.getByRole('group', { name: questions[0].text });
			await fieldset.getByRole('button', { name: /Clear answer/ }).click();
			assert.equal(await fieldset.locator('input:checked').count(), 0, 'answer cleared');
			// Focus goes back into the question rather than being lost.
			assert.equal(await page.evaluate(() => document.activeElement?.name), questions[0].id);
			assert.ok(await page.locator('[data-result-stale]').isVisible(), 'stale notice');
			assert.ok(await page.getByText(`1 of ${questions.length} questions answered`).isVisible());
			checkClean(watch, server.origin);
			await context.close();
		});

		test('"Start again" clears the answers and the result', async () => {
			const { context, page, watch } = await openPage(browser, device);
			await gotoCalculator(page, server);
			const answers = leaning(questions, 'batch');
			await getAdvice(page, device, answers);
			await checkResult(page, answers);

			await page.getByRole('button', { name: 'Start again' }).click();
			assert.equal(await page.locator('input[type="radio"]:checked').count(), 0);
			assert.equal(await page.locator('[data-result]').isVisible(), false);
			assert.ok(await page.locator('[data-placeholder]').isVisible());
			// It does not say the answers are never saved: a button saves them.
			assert.doesNotMatch(await page.locator('[data-placeholder]').innerText(), /not saved/);
			assert.ok(await page.getByText(`None of the ${questions.length} questions answered`).isVisible());
			// Focus returns to the first question's first answer.
			const focused = await page.evaluate(() => {
				const a = document.activeElement;
				return a ? { name: a.name, value: a.value } : null;
			});
			assert.deepEqual(focused, { name: questions[0].id, value: questions[0].answers[0].value });
			assert.ok(await radioFor(page, questions, questions[0].id, questions[0].answers[0].value).isVisible());
			checkClean(watch, server.origin);
			await context.close();
		});
	});
}

describe('phone layout', () => {
	test('no sideways scrolling and every tap target is at least 44 px', async () => {
		const { context, page, watch } = await openPage(browser, 'phone');
		await gotoCalculator(page, server);
		const sizes = async () => page.evaluate(() => {
			const small = [];
			for (const node of document.querySelectorAll('label.answer, button, .site-nav a')) {
				const r = node.getBoundingClientRect();
				if (r.width === 0 && r.height === 0)
					continue; // hidden
				if (r.width < 44 || r.height < 44)
					small.push(`${node.textContent.trim()}: ${r.width}x${r.height}`);
			}
			return {
				small,
				overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
			};
		});
		let s = await sizes();
		assert.deepEqual(s.small, [], 'tap targets under 44 px on the question page');
		assert.equal(s.overflow, 0, 'question page scrolls sideways');

		await getAdvice(page, 'phone', leaning(questions, 'job'));
		s = await sizes();
		assert.deepEqual(s.small, [], 'tap targets under 44 px on the result page');
		assert.equal(s.overflow, 0, 'result page scrolls sideways');
		checkClean(watch, server.origin);
		await context.close();
	});
});
