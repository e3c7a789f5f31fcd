// lots-expiry.test.mjs - lots of materials past or near their date: on
// the Stock page flagged in words and shape ("Expired 2 days ago", "Last
// day today", "5 days left"), first to expire first, how near chosen and
// kept in the address (soon_days); on the material's page each lot with
// its date flagged the same way, what is left of it and its cost; a lot
// added by hand from there raising the stock. On a 390 px phone nothing
// scrolls sideways and every control can be tapped.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiOK, axeSerious, checkClean, field, gotoRoute, isoDay, openPage, setUpSuite,
	sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let oil;
const lots = {};

setUpSuite(async (s) => {
	({ server, browser } = s);
	oil = await apiOK(server, '/api/v1/materials', { name: 'Olive oil', unit: 'ml', cost_per_unit: 900, cost_per: 1000 });
	const lot = (code, quantity, expires, cost) => apiOK(server, '/api/v1/material-lots',
		{ material_id: oil.id, lot: code, quantity, expires_on: expires, cost });
	lots.past = await lot('OL-1', 500, isoDay(-2), 450);
	lots.today = await lot('OL-2', 250, isoDay(0), 225);
	lots.five = await lot('OL-3', 1000, isoDay(5), 900);
	lots.twenty = await lot('OL-4', 750, isoDay(20), 675);
	lots.none = await lot('OL-5', 100, null, 90);
});

const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, a.button, .expiring a';

/* The flagged lots on the Stock page: [lot id, status, its words]. */
function flagged(page) {
	return page.locator('[data-expiring] .expiring__item').evaluateAll((ns) => ns.map((n) =>
		[Number(n.dataset.lotId), n.dataset.status, n.querySelector('.badge').textContent.replace(/^!/, '').trim()]));
}

test('desktop: Stock flags lots past and near their date, as near as chosen', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, 'stock');
	// Within 7 days by default: the one two days past, today's, and the one in 5 days.
	assert.deepEqual(await flagged(page), [
		[lots.past.id, 'expired', 'Expired 2 days ago'],
		[lots.today.id, 'soon', 'Last day today'],
		[lots.five.id, 'soon', '5 days left'],
	]);
	const first = page.locator(`.expiring__item[data-lot-id="${lots.past.id}"]`);
	assert.match(await first.innerText(), /Olive oil\s+lot OL-1: 500 ml left, best before/);
	assert.equal(await first.getByRole('link', { name: 'Olive oil' }).getAttribute('href'), `#/materials/${oil.id}`);
	assert.deepEqual(await axeSerious(page, (d) => t.diagnostic(d)), [], 'axe on Stock');

	// 30 days takes in the one in 20 days; the choice is in the address.
	await field(page, 'Flag lots').selectOption({ label: 'Past it or within 30 days' });
	await page.locator('[data-expiring-panel]').getByRole('button', { name: 'Show' }).click();
	await page.waitForFunction(() => location.hash === '#/stock?soon_days=30');
	await waitIdle(page);
	assert.deepEqual((await flagged(page)).map((x) => x[0]), [lots.past.id, lots.today.id, lots.five.id, lots.twenty.id]);
	assert.equal((await flagged(page))[3][2], '20 days left');
	await page.reload();
	await waitIdle(page);
	assert.equal(await field(page, 'Flag lots').inputValue(), '30', 'kept on reload');
	assert.equal((await flagged(page)).length, 4);

	// 0 days: those past their date, and today's, its last day.
	await field(page, 'Flag lots').selectOption({ label: 'Past their date or on their last day' });
	await page.locator('[data-expiring-panel]').getByRole('button', { name: 'Show' }).click();
	await page.waitForFunction(() => location.hash === '#/stock?soon_days=0');
	await waitIdle(page);
	assert.deepEqual(await flagged(page), [[lots.past.id, 'expired', 'Expired 2 days ago'], [lots.today.id, 'soon', 'Last day today']]);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: a material’s page lists its lots with their dates flagged, and takes one by hand', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, `materials/${oil.id}`);
	const rows = page.locator('[data-table="material-lots"] tbody tr');
	// First to expire first; the one with no date last.
	assert.deepEqual(await rows.evaluateAll((ns) => ns.map((n) => Number(n.dataset.lotId))),
		[lots.past.id, lots.today.id, lots.five.id, lots.twenty.id, lots.none.id]);
	const expiry = (id) => page.locator(`[data-lot-id="${id}"] [data-expiry]`).getAttribute('data-expiry');
	assert.deepEqual([await expiry(lots.past.id), await expiry(lots.today.id), await expiry(lots.five.id), await expiry(lots.twenty.id)],
		['expired', 'soon', 'soon', 'ok']);
	assert.match(await rows.nth(0).innerText(), /OL-1[\s\S]*Past its date[\s\S]*\(2 days ago\)\s+500 of 500 ml\s+£4\.50/);
	assert.match(await rows.nth(4).innerText(), /OL-5[\s\S]*none\s+100 of 100 ml\s+£0\.90/);
	// 500 + 250 + 1000 + 750 + 100 ml, each lot raising the stock.
	assert.equal(await field(page, 'In stock').inputValue(), '2600');
	assert.deepEqual(await axeSerious(page, (d) => t.diagnostic(d)), [], 'axe on the material');

	// Stock found in the back store, added by hand.
	await page.locator('[data-related="lots"]').getByRole('link', { name: 'Add a lot by hand' }).click();
	await page.getByRole('heading', { level: 1, name: 'Add a lot by hand' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'Material').inputValue(), String(oil.id));
	await field(page, 'Lot code').fill('OL-9');
	await field(page, 'Quantity').fill('400');
	await field(page, 'Cost').fill('3.60');
	await field(page, 'Best before').fill(isoDay(3));
	await field(page, 'Note').fill('Found in the back store');
	await page.getByRole('button', { name: 'Add a lot by hand' }).click();
	await page.getByRole('heading', { level: 1, name: 'Olive oil' }).waitFor();
	await page.locator('[data-flash]').filter({ hasText: 'Added lot “Olive oil lot OL-9”.' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'In stock').inputValue(), '3000');
	const added = page.locator('[data-table="material-lots"] tbody tr').filter({ hasText: 'OL-9' });
	assert.match(await added.innerText(), /3 days left[\s\S]*400 of 400 ml\s+£3\.60/);
	checkClean(watch, server.origin);
	await context.close();
});

test('phone: the lots near their date fit a 390 px screen', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', { viewport: { width: 390, height: 844 } });
	await gotoRoute(page, server, 'stock');
	await page.locator('[data-expiring]').scrollIntoViewIfNeeded();
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	await gotoRoute(page, server, `materials/${oil.id}`);
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin);
	await context.close();
});
