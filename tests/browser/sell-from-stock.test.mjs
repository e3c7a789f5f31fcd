// sell-from-stock.test.mjs - the sale form with no batch chosen takes a
// batch product from the batches on hand: 20 sold across two batches is
// said in the confirmation as what came from which, and stored as one
// sale per batch; more than is on hand is refused with the figure on hand
// and a "Record it anyway" button, which records it marked beyond stock,
// as the sales list and Stock then show.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, field, gotoRoute, openPage, setUpSuite, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let product;
let first;
let second;

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/settings', { currency: 'GBP' }, 'PUT');
	product = await apiOK(server, '/api/v1/products', { name: 'Sourdough', mode: 'batch', price: 400 });
	// Sold on 2026-12-03: the first batch (best before 12-04) is taken
	// before the second (12-05), whatever order they were run in.
	second = await apiOK(server, '/api/v1/batches', { product_id: product.id, run_date: '2026-12-01', best_before: '2026-12-05', made_qty: 10 });
	first = await apiOK(server, '/api/v1/batches', { product_id: product.id, run_date: '2026-12-02', best_before: '2026-12-04', made_qty: 12 });
});

async function sell(page, quantity) {
	await gotoRoute(page, server, 'sales/new');
	await page.getByRole('heading', { level: 1, name: 'Record a sale' }).waitFor();
	await waitIdle(page);
	await field(page, 'Product').selectOption(String(product.id));
	await field(page, 'Quantity').fill(String(quantity));
	await field(page, 'Date sold').fill('2026-12-03');
	await page.getByRole('button', { name: 'Record a sale' }).click();
}

test('desktop: 20 sold with no batch chosen come off two batches, and the words say so', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	// 12 from the first batch (the sooner best-before), 8 from the second.
	await sell(page, 20);
	const flash = page.locator('[data-flash]');
	await flash.waitFor();
	const text = await flash.innerText();
	assert.match(text, new RegExp(`Recorded a sale of 20 × Sourdough on .*: 12 from ${first.code}, 8 from ${second.code}\\.`));
	const sales = (await apiJSON(server, `/api/v1/sales?product_id=${product.id}`)).body.items;
	assert.deepEqual(sales.map((s) => [s.batch_id, s.quantity]).sort(), [[first.id, 12], [second.id, 8]].sort());
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: more than on hand shows what is, and "Record it anyway" records it marked', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	// After the 20 above: 10 - 8 = 2 left in the second batch. 5 asked.
	await sell(page, 5);
	const onHand = page.locator('[data-on-hand]');
	await onHand.waitFor();
	assert.equal(await onHand.getAttribute('data-on-hand'), '2');
	assert.match(await onHand.innerText(), /the 2 on hand come off their batches and the other 3 are marked/);
	assert.match(await page.locator('form[data-form="sales"] [data-form-error]').innerText(), new RegExp(`Only 2 of Sourdough on hand on 2026-12-03 \\(2 in ${second.code}\\)`));
	assert.equal((await apiJSON(server, `/api/v1/sales?product_id=${product.id}`)).body.total, 2, 'nothing written');
	await page.getByRole('button', { name: 'Record it anyway' }).click();
	// 2 from the second batch, the other 3 beyond stock, with a warning.
	await page.locator('[data-warning="beyond_stock"]').waitFor();
	assert.match(await page.locator('[data-flash]').innerText(), new RegExp(`2 from ${second.code}, 3 beyond stock`));
	const beyond = (await apiJSON(server, `/api/v1/sales?product_id=${product.id}&beyond_stock=1`)).body.items;
	assert.equal(beyond.length, 1);
	assert.equal(beyond[0].quantity, 3);
	assert.equal(beyond[0].batch_id, null);

	// The list marks it, and only it.
	await gotoRoute(page, server, 'sales');
	const row = page.locator(`[data-table="sales"] tr[data-id="${beyond[0].id}"]`);
	await row.waitFor();
	assert.equal(await row.locator('[data-badge]').filter({ hasText: 'Beyond stock' }).count(), 1);
	assert.equal(await page.locator('[data-table="sales"] [data-badge]').filter({ hasText: 'Beyond stock' }).count(), 1);
	// Stock counts it, linking to those sales.
	await gotoRoute(page, server, 'stock');
	const note = page.locator('[data-beyond-stock]');
	await note.waitFor();
	assert.match(await note.innerText(), /3 × Sourdough/);
	checkClean(watch, server.origin, { expectedErrors: ['409 POST /api/v1/sales'] });
	await context.close();
});
