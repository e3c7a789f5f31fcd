// time-by-hand.test.mjs - time worked without the timer, added by hand from
// the timer page, an order's page and a batch's page (minutes as 45 or
// h:mm), then corrected and deleted; the order's and batch's totals follow.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, fieldError, gotoRoute, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let order;
let batch;

const TARGETS = 'button, select, input, textarea, a.button, .entries__correct';

setUpSuite(async (s) => {
	({ server, browser } = s);
	const customer = await apiOK(server, '/api/v1/customers', { name: 'Ada' });
	order = await apiOK(server, '/api/v1/orders', { customer_id: customer.id, title: 'Oak stool', status: 'accepted' });
	const product = await apiOK(server, '/api/v1/products', { name: 'Rye loaf', price: 450 });
	batch = await apiOK(server, '/api/v1/batches', { product_id: product.id, run_date: '2026-11-30' });
});

/* The local date and time "2026-11-30T09:15" as the API's UTC instant. */
const utc = (local) => `${new Date(local).toISOString().slice(0, 19)}Z`;
const plus = (instant, minutes) => `${new Date(Date.parse(instant) + minutes * 60000).toISOString().slice(0, 19)}Z`;

async function entries(query) {
	return (await apiJSON(server, `/api/v1/time-entries?${query}`)).body.items;
}

test('phone: time added by hand from the timer and the order, corrected, deleted; the order total follows', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	await gotoRoute(page, server, 'timer');
	await page.locator('[data-add-time]').tap();
	await page.getByRole('heading', { level: 1, name: 'Add time by hand' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'Who').inputValue(), 'me');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the form');
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, TARGETS), []);

	// Without the time spent it would be a running timer: refused here.
	await field(page, 'Order').selectOption(String(order.id));
	await field(page, 'Started').fill('2026-11-30T09:15');
	await page.getByRole('button', { name: 'Add time by hand' }).tap();
	assert.match(await fieldError(field(page, 'Time spent')), /how long you worked/);
	assert.equal((await entries(`order_id=${order.id}`)).length, 0);

	await field(page, 'Time spent').fill('1:30');
	await page.getByRole('button', { name: 'Add time by hand' }).tap();
	await page.getByRole('heading', { level: 1, name: 'Timer' }).waitFor();
	await page.locator('[data-flash]').waitFor();
	let [e] = await entries(`order_id=${order.id}`);
	const start = utc('2026-11-30T09:15');
	assert.equal(e.minutes, 90);
	assert.equal(e.started_at, start);
	assert.equal(e.ended_at, plus(start, 90));
	assert.equal(e.worker, 'me');
	assert.equal((await apiOK(server, `/api/v1/orders/${order.id}`)).tracked_minutes, 90);

	// The order's page lists it; correct the time spent to 45 minutes.
	await gotoRoute(page, server, `orders/${order.id}`);
	await page.locator(`[data-entry-id="${e.id}"] [data-correct]`).tap();
	await page.getByRole('button', { name: 'Save changes' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'Time spent').inputValue(), '90');
	await field(page, 'Time spent').fill('45');
	await page.getByRole('button', { name: 'Save changes' }).tap();
	await page.locator('[data-flash]').waitFor();
	[e] = await entries(`order_id=${order.id}`);
	assert.equal(e.minutes, 45);
	assert.equal(e.ended_at, plus(start, 45));

	// A start moved an hour later keeps its 45 minutes.
	await field(page, 'Started').fill('2026-11-30T10:15');
	await page.getByRole('button', { name: 'Save changes' }).tap();
	// The page reloads with the flash again: wait for the save itself.
	for (let i = 0; i < 50 && e.started_at === start; i++) {
		await page.waitForTimeout(100);
		[e] = await entries(`order_id=${order.id}`);
	}
	assert.equal(e.started_at, utc('2026-11-30T10:15'));
	assert.equal(e.minutes, 45);
	assert.equal(e.ended_at, plus(utc('2026-11-30T10:15'), 45));
	assert.equal((await apiOK(server, `/api/v1/orders/${order.id}`)).tracked_minutes, 45);

	// And the order page shows the new total; then delete it.
	await gotoRoute(page, server, `orders/${order.id}`);
	assert.match(await page.locator('[data-order-time]').innerText(), /45 min/);
	await page.locator(`[data-entry-id="${e.id}"] [data-correct]`).tap();
	await page.getByRole('button', { name: 'Delete this time entry' }).tap();
	await page.getByRole('button', { name: 'Yes, delete it' }).tap();
	await page.getByRole('heading', { level: 1, name: 'Time worked' }).waitFor();
	assert.equal((await entries(`order_id=${order.id}`)).length, 0);
	assert.equal((await apiOK(server, `/api/v1/orders/${order.id}`)).tracked_minutes, 0);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: time added by hand from a batch page goes back to the batch, its total with it', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, `batches/${batch.id}`);
	await page.locator('[data-add-time]').click();
	await page.getByRole('heading', { level: 1, name: 'Add time by hand' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'Batch').inputValue(), String(batch.id));
	await field(page, 'Who').fill('sam');
	await field(page, 'Time spent').fill('20');
	await page.getByRole('button', { name: 'Add time by hand' }).click();
	await page.waitForFunction((id) => location.hash === `#/batches/${id}`, batch.id);
	await page.locator('[data-flash]').waitFor();
	const [e] = await entries(`batch_id=${batch.id}`);
	assert.equal(e.minutes, 20);
	assert.equal(e.worker, 'sam');
	assert.equal((await apiOK(server, `/api/v1/batches/${batch.id}`)).tracked_minutes, 20);
	checkClean(watch, server.origin);
	await context.close();
});
