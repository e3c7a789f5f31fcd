// errors.test.mjs - what the page does when it cannot get its questions,
// and without JavaScript at all.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	checkClean, launchWithoutJavaScript, openPage, screenshot, setUpSuite, watchPage,
} from './helpers.mjs';

let server;
let browser;
let questions;

setUpSuite((s) => ({ server, browser, questions } = s), { questions: true });

test('a server error loading the questions is shown, and "Try again" recovers', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	const failure = { code: 'internal', message: 'the database is busy' };
	await page.route('**/api/v1/questions', (route) => route.fulfill({
		status: 503,
		contentType: 'application/json',
		body: JSON.stringify({ error: failure }),
	}));
	await page.goto(server.url);
	await page.locator('[data-calculator][data-state="error"]').waitFor();

	const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
	assert.ok(await alert.isVisible(), 'a clear message');
	assert.match(await alert.innerText(), /the database is busy/i, "the server's own words");
	assert.equal(await page.getByRole('button', { name: 'Get my advice' }).isVisible(), false,
		'no submit button without questions');
	await screenshot(page, 'phone-load-error');

	await page.unroute('**/api/v1/questions');
	await page.getByRole('button', { name: 'Try again' }).tap();
	await page.locator('[data-calculator][data-state="ready"]').waitFor();
	assert.equal(await page.locator('fieldset[data-question]').count(), questions.length);
	assert.equal(await page.evaluate(() => document.activeElement?.name), questions[0].id,
		'focus on the first question after retrying');
	checkClean(watch, server.origin, { expectedErrors: ['503 GET /api/v1/questions'] });
	await context.close();
});

test('an unreachable server is shown as such', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await page.route('**/api/v1/questions', (route) => route.abort('connectionrefused'));
	await page.goto(server.url);
	await page.locator('[data-calculator][data-state="error"]').waitFor();
	const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
	assert.match(await alert.innerText(), /could not be reached/);
	checkClean(watch, server.origin, { allowFailed: true });
	await context.close();
});

test('without JavaScript the page says what it needs', async () => {
	const { context, close } = await launchWithoutJavaScript('desktop');
	const page = context.pages()[0] || await context.newPage();
	const watch = watchPage(page);
	await page.goto(server.url);
	const notice = page.locator('[data-questions] .notice--error');
	assert.ok(await notice.isVisible(), 'the <noscript> message shows');
	assert.match(await notice.innerText(), /needs JavaScript/);
	assert.equal(await page.getByText('Loading the questions').isVisible(), false,
		'no endless "loading"');
	assert.equal(await page.locator('[data-placeholder]').isVisible(), false);
	assert.ok(await page.getByRole('heading', { level: 1 }).isVisible());
	await screenshot(page, 'desktop-no-javascript');
	checkClean(watch, server.origin);
	await close();
});
