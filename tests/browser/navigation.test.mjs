// navigation.test.mjs - getting around: every page has its own address,
// so back, forward and reload work; the menu and each page's main actions
// are reachable with the keyboard alone (Tab, Shift+Tab, Enter, Space,
// arrows, Escape), on a desktop and behind the phone's Menu button. Runs
// under the real Content-Security-Policy (no bypass).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, checkClean, focused, gotoRoute, openPage, seedWorkshop, setUpSuite, tabTo, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let seed;

setUpSuite(async (s) => {
	({ server, browser } = s);
	seed = await seedWorkshop(server);
});

const MENU = ['Advice', 'Numbers', 'Orders', 'Plan', 'Batches', 'Timer', 'Sales', 'Invoices', 'Stock', 'To buy', 'Products', 'Customers', 'Settings'];

async function heading(page) {
	await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
	await waitIdle(page);
	return page.evaluate(() => document.activeElement.textContent.trim());
}

test('desktop, keyboard only: the menu, an order moved on, the timer started and stopped', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, '');

	// Skip link first, then every menu item in order, each with a ring.
	let f = await tabTo(page, () => true, 'anything');
	assert.equal(f.text, 'Skip to main content');
	for (const name of MENU) {
		f = await tabTo(page, () => true, name);
		assert.deepEqual([f.inNav, f.text, f.ring], [true, name, true], `menu item ${name}`);
	}

	// Back to Orders and in: focus lands on the page's heading.
	await tabTo(page, (x) => x.inNav && x.text === 'Orders', 'Orders', 'Shift+Tab');
	await page.keyboard.press('Enter');
	assert.equal(await heading(page), 'Orders');
	assert.match(page.url(), /#\/orders$/);
	f = await tabTo(page, () => true, 'the first action');
	assert.deepEqual([f.text, f.ring], ['Take an order', true], 'the main action comes first');

	// Move the late order on with its quick button.
	f = await tabTo(page, (x) => x.text === 'Start work', 'Start work');
	assert.ok(f.ring);
	await page.keyboard.press('Enter');
	await page.locator('.notice--success').filter({ hasText: `“${seed.late.title}” is now in progress.` }).waitFor();
	f = await focused(page);
	assert.equal(f.text, seed.late.title, 'focus follows the order to its new place');
	assert.equal((await apiJSON(server, `/api/v1/orders/${seed.late.id}`)).body.status, 'in_progress');

	// To the timer through the menu.
	await tabTo(page, (x) => x.inNav && x.text === 'Timer', 'Timer', 'Shift+Tab');
	await page.keyboard.press('Enter');
	assert.equal(await heading(page), 'Timer');

	// Choose the order with the keyboard, then Start and Stop with Enter.
	f = await tabTo(page, (x) => x.type === 'radio', 'the choices');
	assert.ok(f.ring, 'focus ring on the choice');
	await page.keyboard.press('Space');
	assert.equal((await focused(page)).value, `order:${seed.late.id}`, 'the in-progress order comes first');
	f = await tabTo(page, (x) => x.text === 'Start', 'Start', 'Shift+Tab');
	assert.ok(f.ring, 'focus ring on Start');
	await page.keyboard.press('Enter');
	await page.locator('[data-timer-state="running"]').waitFor();
	assert.equal((await focused(page)).text, 'Stop', 'focus stays on the big button');
	await page.keyboard.press('Enter');
	await page.locator('[data-timer-state="idle"]').waitFor();
	const entries = (await apiJSON(server, `/api/v1/time-entries?order_id=${seed.late.id}`)).body.items;
	assert.equal(entries.length, 1);
	assert.ok(entries[0].ended_at, 'stopped');

	// A form sent with Enter from a text box.
	await gotoRoute(page, server, 'customers/new');
	await tabTo(page, (x) => x.name === 'name', 'the Name box');
	await page.keyboard.type('Caroline Herschel');
	await page.keyboard.press('Enter');
	await page.locator('[data-flash]').filter({ hasText: 'Added customer “Caroline Herschel”.' }).waitFor();
	assert.equal(await heading(page), 'Customers');

	checkClean(watch, server.origin);
	await context.close();
});

test('phone, keyboard: the Menu button opens, Escape closes, a choice goes there', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, 'stock');
	const button = page.getByRole('button', { name: 'Menu' });
	assert.equal(await button.getAttribute('aria-expanded'), 'false');
	assert.equal(await page.getByRole('link', { name: 'Orders', exact: true }).isVisible(), false, 'menu closed');

	await page.keyboard.press('Tab');
	assert.equal((await focused(page)).text, 'Skip to main content');
	let f = await tabTo(page, () => true, 'the menu button');
	assert.deepEqual([f.text, f.ring], ['Menu', true]);
	await page.keyboard.press('Enter');
	assert.equal(await button.getAttribute('aria-expanded'), 'true');
	f = await focused(page);
	assert.deepEqual([f.inNav, f.text], [true, 'Stock'], 'focus on the current page in the menu');
	await page.keyboard.press('Escape');
	assert.equal(await button.getAttribute('aria-expanded'), 'false');
	assert.equal((await focused(page)).text, 'Menu', 'Escape returns to the button');

	await page.keyboard.press('Space');
	await tabTo(page, (x) => x.inNav && x.text === 'Batches', 'Batches');
	await page.keyboard.press('Enter');
	assert.equal(await heading(page), 'Batches');
	assert.equal(await button.getAttribute('aria-expanded'), 'false', 'the menu closes on arrival');
	checkClean(watch, server.origin);
	await context.close();
});

test('every page has its own address: back, forward and reload', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const { batch, soon } = seed;
	await gotoRoute(page, server, 'orders');
	await page.getByRole('link', { name: soon.title }).click();
	await page.getByRole('heading', { level: 1, name: soon.title }).waitFor();
	assert.match(page.url(), new RegExp(`#/orders/${soon.id}$`));
	assert.equal(await page.title(), `${soon.title} · smallrun`);

	await page.getByRole('link', { name: 'Batches', exact: true }).click();
	await page.getByRole('link', { name: batch.code }).click();
	await page.getByRole('heading', { level: 1, name: `Batch ${batch.code}` }).waitFor();
	await page.getByRole('link', { name: 'Trace this batch' }).click();
	await page.getByRole('heading', { level: 1, name: `Trace of batch ${batch.code}` }).waitFor();
	assert.match(page.url(), new RegExp(`#/batches/${batch.id}/trace$`));

	await page.goBack();
	await page.getByRole('heading', { level: 1, name: `Batch ${batch.code}` }).waitFor();
	await page.goBack();
	await page.getByRole('heading', { level: 1, name: 'Batches' }).waitFor();
	await page.goBack();
	await page.getByRole('heading', { level: 1, name: soon.title }).waitFor();
	assert.equal(await page.locator('[aria-current="page"]').first().innerText(), 'Orders', 'the menu follows');
	await page.goForward();
	await page.getByRole('heading', { level: 1, name: 'Batches' }).waitFor();

	// Filters live in the address too, so a reload keeps them.
	await gotoRoute(page, server, `batches?status=done&product_id=${batch.product_id}`);
	await page.reload();
	await page.getByRole('heading', { level: 1, name: 'Batches' }).waitFor();
	await waitIdle(page);
	assert.equal(await page.getByLabel('Status').inputValue(), 'done');
	assert.equal(await page.locator('[data-table="batches"] tbody tr').count(), 1);

	// The calculator is still at the plain address.
	await page.goto(server.url);
	await page.locator('[data-calculator][data-state="ready"]').waitFor();
	assert.equal(await page.locator('[aria-current="page"]').first().innerText(), 'Advice');
	checkClean(watch, server.origin);
	await context.close();
});
