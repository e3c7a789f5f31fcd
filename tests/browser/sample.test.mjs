// sample.test.mjs - the sample workshop on a 390 px phone, by tapping: the
// home page of an empty database offers it; "Try it with a sample
// workshop" loads it, and then the main pages all show figures (orders,
// the plan with its late order, batches, sales and the forecast, stock,
// a lot's trace to its customers, Numbers) under a calm banner; "Start
// afresh" asks first, "Keep it" keeps it, and "Yes" leaves an empty
// database and the offer again. Refused when the maker added a record,
// naming it with a link. "Start with my own" puts the offer away for good
// in this browser. axe, no sideways scroll, 44 px targets.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, gotoRoute, openPage, screenshot,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

const PHONE_390 = { viewport: { width: 390, height: 844 } };
const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, .site-nav a, a.button';

/* The home page, once the offer or the calculator has settled. */
async function gotoHome(page, url = server.url) {
	const asked = page.waitForResponse((r) => r.url().endsWith('/api/v1/demo'));
	await page.goto(url);
	await asked;
	await page.locator('[data-calculator][data-state="ready"]').waitFor();
	await waitIdle(page);
}

/* The page's records and figures: a selector and how many at least. */
async function shows(page, route, selector, least, what) {
	await gotoRoute(page, server, route);
	const banner = page.locator('[data-sample-banner]');
	assert.ok(await banner.isVisible(), `${route}: the sample banner`);
	assert.match(await banner.innerText(), /sample workshop/);
	assert.equal(await page.locator('[data-outlet] [data-empty]:visible').count(), 0, `${route}: an empty state`);
	const n = await page.locator(selector).count();
	assert.ok(n >= least, `${route}: ${n} ${what}, wanted ${least} or more`);
	assert.equal(await sidewaysOverflow(page), 0, `${route}: scrolls sideways`);
}

test('try the sample, look around every main page, then start afresh', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', { ...PHONE_390, ...AXE_CONTEXT });
	const log = (s) => t.diagnostic(s);
	await gotoHome(page);

	const offer = page.locator('[data-sample-offer]');
	assert.ok(await offer.isVisible(), 'an empty database is offered the sample');
	assert.equal(await page.locator('[data-sample-banner]').isVisible(), false);
	assert.deepEqual(await axeSerious(page, log), [], 'offer: axe');
	assert.deepEqual(await smallTargets(page, TARGETS), [], 'offer: tap targets');
	assert.equal(await sidewaysOverflow(page), 0, 'offer: scrolls sideways');
	await screenshot(page, 'sample-offer');

	await offer.getByRole('button', { name: 'Try it with a sample workshop' }).tap();
	const done = page.locator('[data-sample-done]');
	await done.waitFor();
	assert.match(await done.innerText(), /is loaded/);
	assert.equal(await offer.isVisible(), false);
	// The banner comes once the page has read the sample's state again.
	await page.locator('[data-sample-banner]').waitFor({ state: 'visible' });
	const status = await apiOK(server, '/api/v1/demo');
	assert.equal(status.loaded, true);

	// What the sample holds, read from the API, to find its pages by: a
	// sale from a batch to a named customer, and a lot that batch used.
	const sold = (await apiOK(server, '/api/v1/sales?limit=1000')).items
		.find((x) => x.customer_id !== null && x.batch_id !== null);
	assert.ok(sold, 'a sale from a batch names its customer');
	const lot = (await apiOK(server, `/api/v1/batch-materials?batch_id=${sold.batch_id}`)).items[0].lot;
	const biscuits = (await apiOK(server, '/api/v1/products?mode=batch')).items[0];

	await shows(page, 'orders', '[data-order-id]', 5, 'orders');
	await shows(page, 'plan', '[data-block]', 1, 'blocks of work');
	assert.ok(await page.locator('[data-late-order]').count() >= 1, 'the plan names the late order');
	await shows(page, 'batches', '[data-outlet] tbody tr, [data-outlet] [data-list] li', 5, 'batches');
	await shows(page, 'sales', '[data-outlet] tbody tr, [data-outlet] [data-list] li', 5, 'sales');
	await shows(page, 'sales/forecast', '[data-sales-product] option', 3, 'products to forecast');
	await page.locator('[data-sales-product]').selectOption(String(biscuits.id));
	await page.locator('[data-table="forecast"]').waitFor();
	assert.ok(await page.locator('[data-table="forecast"] tbody tr').count() >= 7, 'a week forecast');
	assert.ok(Number(await page.locator('[data-history-days]').getAttribute('data-history-days')) >= 28,
		'weeks of sales behind the forecast');
	await shows(page, 'stock', '[data-batch-code]', 2, 'batches in stock');
	await shows(page, `trace?lot=${encodeURIComponent(lot)}`, `[data-customer-id="${sold.customer_id}"]`, 1, 'rows for the customer');
	await shows(page, 'numbers', '[data-earned]', 3, 'products earning');
	await shows(page, 'customers', '[data-outlet] tbody tr, [data-outlet] [data-list] li', 6, 'customers');
	assert.deepEqual(await axeSerious(page, log), [], 'banner on a page: axe');
	assert.deepEqual(await smallTargets(page, TARGETS), [], 'banner: tap targets');
	await screenshot(page, 'sample-banner');

	// Start afresh asks first; "Keep it" keeps everything.
	const banner = page.locator('[data-sample-banner]');
	await banner.getByRole('button', { name: 'Start afresh' }).tap();
	const confirm = banner.getByRole('group');
	assert.ok(await confirm.isVisible(), 'asked first');
	assert.match(await confirm.innerText(), /Every record goes/);
	assert.deepEqual(await axeSerious(page, log), [], 'confirm: axe');
	await confirm.getByRole('button', { name: 'Keep it' }).tap();
	assert.equal(await confirm.isVisible(), false);
	assert.equal((await apiOK(server, '/api/v1/demo')).loaded, true, 'kept');

	await banner.getByRole('button', { name: 'Start afresh' }).tap();
	await confirm.getByRole('button', { name: 'Yes, remove the sample' }).tap();
	await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
	await offer.waitFor();
	assert.equal(await banner.isVisible(), false, 'no banner once it is gone');
	const after = await apiOK(server, '/api/v1/demo');
	assert.deepEqual([after.loaded, after.empty], [false, true]);
	for (const r of ['products', 'orders', 'batches', 'sales', 'customers'])
		assert.equal((await apiOK(server, `/api/v1/${r}`)).total, 0, `${r} left after starting afresh`);

	checkClean(watch, server.origin);
	await context.close();
});

test('start afresh is refused while a record of the maker\'s own is there, and names it', async () => {
	await apiOK(server, '/api/v1/demo', {});
	const mine = await apiOK(server, '/api/v1/customers', { name: 'Grace Hopper' });
	const { context, page, watch } = await openPage(browser, 'phone', PHONE_390);
	await gotoRoute(page, server, 'orders');
	const banner = page.locator('[data-sample-banner]');
	await banner.getByRole('button', { name: 'Start afresh' }).tap();
	await banner.getByRole('button', { name: 'Yes, remove the sample' }).tap();
	const message = banner.locator('[role="alert"]');
	await message.getByText('Not removed.').waitFor();
	const link = message.getByRole('link', { name: `customer ${mine.id}` });
	assert.equal(await link.getAttribute('href'), `#/customers/${mine.id}`);
	assert.equal((await apiOK(server, '/api/v1/demo')).loaded, true, 'still loaded');
	assert.ok((await apiOK(server, '/api/v1/products')).total > 0, 'nothing removed');

	// Once the maker's own record is gone, the sample goes too.
	const del = await apiJSON(server, `/api/v1/customers/${mine.id}`, undefined, 'DELETE');
	assert.equal(del.status, 204);
	await banner.getByRole('button', { name: 'Yes, remove the sample' }).tap();
	await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
	await page.locator('[data-sample-offer]').waitFor();
	assert.equal((await apiOK(server, '/api/v1/demo')).empty, true);
	checkClean(watch, server.origin, { expectedErrors: ['409 DELETE /api/v1/demo'] });
	await context.close();
});

test('"Start with my own" puts the offer away, and a record of one\'s own ends it', async () => {
	const { context, page, watch } = await openPage(browser, 'phone', PHONE_390);
	await gotoHome(page);
	const offer = page.locator('[data-sample-offer]');
	assert.ok(await offer.isVisible());
	await offer.getByRole('button', { name: 'Start with my own' }).tap();
	assert.equal(await offer.isVisible(), false);
	await gotoHome(page);
	assert.equal(await offer.isVisible(), false, 'remembered after a reload');
	assert.equal((await apiOK(server, '/api/v1/demo')).empty, true, 'nothing written');
	checkClean(watch, server.origin);
	await context.close();

	// In another browser: the offer, until the first record of one's own.
	const other = await openPage(browser, 'desktop');
	await gotoHome(other.page);
	assert.ok(await other.page.locator('[data-sample-offer]').isVisible());
	await apiOK(server, '/api/v1/products', { name: 'Teapot' });
	await gotoRoute(other.page, server, 'products');
	await gotoHome(other.page, `${server.url}#/`);
	assert.equal(await other.page.locator('[data-sample-offer]').isVisible(), false,
		'no offer on a database with records');
	checkClean(other.watch, server.origin);
	await other.context.close();
});
