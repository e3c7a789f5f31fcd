// order-done.test.mjs - marking a custom order done on a phone: an order
// of a product with a recipe takes that recipe, for the quantity ordered,
// from the lots the maker chooses (first to expire proposed first); short
// stock is said plainly, stopping changes nothing and going below zero
// says so on the order; an order of no product keeps its plain "Mark
// done". And the Numbers page shows a product's real cost of one from
// its done batches, at the lots' prices and the time tracked. Every
// figure is worked out here from the records the test made.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiOK, checkClean, gotoRoute, isoDay, openPage, screenshot, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

const post = (path, body) => apiOK(server, path, body);
const remaining = async (lot) => (await apiOK(server, `/api/v1/material-lots/${lot.id}`)).remaining;

/*
 * A walnut board takes 900 g of walnut and 20 ml of oil. Walnut lots
 * WN-1 (2000 g for £30.00) and WN-2 (3000 g for £48.00), neither with a
 * date, so the one received first, WN-1, is proposed first; oil lot
 * OIL-A (500 ml, best before in 30 days).
 */
async function boards() {
	const walnut = await post('/api/v1/materials', { name: 'Walnut', cost_per_unit: 1500, cost_per: 1000 });
	const oil = await post('/api/v1/materials', { name: 'Board oil', unit: 'ml', cost_per_unit: 200, cost_per: 100 });
	const lot = (material, code, days, quantity, cost) => post('/api/v1/material-lots', {
		material_id: material.id, lot: code, expires_on: days === null ? null : isoDay(days), quantity, cost,
	});
	const wn1 = await lot(walnut, 'WN-1', null, 2000, 3000);
	const wn2 = await lot(walnut, 'WN-2', null, 3000, 4800);
	const oila = await lot(oil, 'OIL-A', 30, 500, 1000);
	const board = await post('/api/v1/products', { name: 'Walnut board', mode: 'job', price: 6500 });
	await post('/api/v1/recipe-lines', { product_id: board.id, material_id: walnut.id, quantity: 900 });
	await post('/api/v1/recipe-lines', { product_id: board.id, material_id: oil.id, quantity: 20 });
	const customer = await post('/api/v1/customers', { name: 'Ada Byrne' });
	return { walnut, oil, wn1, wn2, oila, board, customer };
}

test('phone: an order of a product takes its recipe from the lots chosen; short stock stops or goes below zero', async () => {
	const s = await boards();
	const { context, page, watch } = await openPage(browser, 'phone');
	const order = (title, quantity) => post('/api/v1/orders', {
		customer_id: s.customer.id, product_id: s.board.id, title, quantity, price: 6500 * quantity, status: 'in_progress',
	});
	const o1 = await order('Two walnut boards', 2);

	// On the Orders list its Mark done leads to its page, where the lots
	// are chosen; it changes nothing in one tap.
	await gotoRoute(page, server, 'orders');
	const listStep = page.locator(`[data-order-id="${o1.id}"] [data-step="done"]`);
	await listStep.waitFor();
	assert.equal(await listStep.evaluate((el) => el.tagName), 'A');
	await listStep.click();
	await page.waitForURL(new RegExp(`#/orders/${o1.id}$`));
	assert.equal((await apiOK(server, `/api/v1/orders/${o1.id}`)).status, 'in_progress');
	const panel = page.locator('[data-section="done"]');
	await panel.locator('[data-done-material]').first().waitFor();
	await waitIdle(page);
	// Two boards: 1800 g of walnut, all from WN-1 (received first; neither
	// has a date), 40 ml of oil from OIL-A. No "Made" input: an order
	// takes its quantity.
	const walnut = panel.locator(`[data-done-material="${s.walnut.id}"]`);
	assert.match(await walnut.locator('legend').innerText(), /Walnut needs 1,800 g/);
	assert.equal(await walnut.locator(`[data-done-lot="${s.wn1.id}"] input`).inputValue(), '1800');
	assert.equal(await walnut.locator(`[data-done-lot="${s.wn2.id}"] input`).inputValue(), '0');
	assert.equal(await panel.locator('#done-made').count(), 0);
	assert.equal(await page.locator('[data-step="done"]').count(), 0, 'the plain step gives way to the panel');
	assert.equal(await sidewaysOverflow(page), 0, 'the panel fits a phone');
	await screenshot(page, 'phone-order-done', { fullPage: true });

	// The maker takes the walnut from WN-2 instead.
	await walnut.locator(`[data-done-lot="${s.wn1.id}"] input`).fill('0');
	await walnut.locator(`[data-done-lot="${s.wn2.id}"] input`).fill('1800');
	await panel.getByRole('button', { name: 'Mark it done' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Marked done: 2 material uses taken from stock.' }).waitFor();
	assert.equal((await apiOK(server, `/api/v1/orders/${o1.id}`)).status, 'done');
	assert.equal(await remaining(s.wn1), 2000, 'the lot not chosen is untouched');
	assert.equal(await remaining(s.wn2), 1200);
	assert.equal(await remaining(s.oila), 460);
	const uses = (await apiOK(server, `/api/v1/batch-materials?order_id=${o1.id}`)).items;
	assert.deepEqual(uses.map((u) => [u.material_id, u.lot_id, u.quantity, u.source]).sort(),
		[[s.walnut.id, s.wn2.id, 1800, 'recipe'], [s.oil.id, s.oila.id, 40, 'recipe']].sort());
	// The order now shows what it took, lot by lot.
	const took = page.locator('[data-table="order-materials"]');
	await took.waitFor();
	assert.match(await took.innerText(), /WN-2/);
	assert.match(await took.innerText(), /OIL-A/);

	// Four boards need 3600 g where 2000 + 1200 = 3200 are left: 400 g
	// short; oil 80 ml of the 460 there.
	const o2 = await order('Four walnut boards', 4);
	await gotoRoute(page, server, `orders/${o2.id}`);
	await page.locator('[data-done-short]').waitFor();
	await waitIdle(page);
	const short = await page.locator('[data-done-short]').innerText();
	assert.match(short, /Not enough in stock/);
	assert.match(short, /Walnut: 400 g more than there is\. It needs 3,600 g; 3,200 g can be used/);
	await page.getByRole('button', { name: 'Don’t mark it done' }).click();
	assert.match(await page.locator('[data-done-verdict]').innerText(), /Nothing was changed/);
	assert.equal((await apiOK(server, `/api/v1/orders/${o2.id}`)).status, 'in_progress');
	assert.equal(await remaining(s.wn1), 2000);

	// Below zero, at the maker's word: the order says so once done.
	await page.reload();
	await page.locator('[data-done-short]').waitFor();
	await waitIdle(page);
	await page.getByRole('button', { name: 'Mark it done anyway, below zero' }).click();
	await page.locator('[data-short-uses]').waitFor();
	assert.match(await page.locator('[data-short-uses]').innerText(), /This order took one material beyond the stock there was/);
	const walnutNow = await apiOK(server, `/api/v1/materials/${s.walnut.id}`);
	assert.equal(walnutNow.on_hand, 5000 - 1800 - 3600, 'below zero by the 400 g short');
	assert.equal(await remaining(s.wn1), 0);
	assert.equal(await remaining(s.wn2), 0);

	// An order of no product keeps its plain step.
	const o3 = await post('/api/v1/orders', { customer_id: s.customer.id, title: 'Mend a chair', price: 4000, status: 'in_progress' });
	await gotoRoute(page, server, `orders/${o3.id}`);
	await page.locator('[data-step="done"]').waitFor();
	assert.equal(await page.locator('[data-section="done"]').count(), 0);
	checkClean(watch, server.origin);
	await context.close();
});

test('the Numbers page shows the real cost of one from the done batches', async () => {
	// Jam: 300 g of fruit a jar. Fruit lot FR-1, 6000 g for £18.00 (0.3p a
	// gram). A batch of 10 jars, 1 rejected, 45 minutes tracked at the
	// settings' £18.00 an hour.
	await apiOK(server, '/api/v1/settings', { hourly_rate: 1800 }, 'PUT');
	const fruit = await post('/api/v1/materials', { name: 'Plums', cost_per_unit: 250, cost_per: 1000 });
	await post('/api/v1/material-lots', { material_id: fruit.id, lot: 'FR-1', expires_on: isoDay(10), quantity: 6000, cost: 1800 });
	const jam = await post('/api/v1/products', { name: 'Plum jam', mode: 'batch', price: 450, minutes_per_unit: 3, setup_minutes: 30 });
	await post('/api/v1/recipe-lines', { product_id: jam.id, material_id: fruit.id, quantity: 300 });
	const b = await post('/api/v1/batches', { product_id: jam.id, run_date: isoDay(0), planned_qty: 10 });
	await post('/api/v1/time-entries', { batch_id: b.id, minutes: 45, started_at: `${isoDay(0)}T09:00:00Z` });
	await post(`/api/v1/batches/${b.id}/done`, { made_qty: 10, rejected_qty: 1 });
	// Real: 3000 g of FR-1 = 900p of materials; 45 min at 1800p/h =
	// 1350p; 2250p over the 9 sellable = 250p, £2.50. The estimate: a
	// jar's recipe 300 g at 0.25p = 75p, ×10 = 750p; labour (30 + 3 × 10)
	// = 60 min = 1800p; 2550p over the 10 made = 255p, £2.55.
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, `numbers/${jam.id}`);
	const real = page.locator('[data-real-cost]');
	await real.waitFor();
	await waitIdle(page);
	assert.equal(await real.getAttribute('data-real-cost'), '250');
	const text = await real.innerText();
	assert.match(text, /£2\.50/);
	assert.match(text, /its last done batch/);
	assert.match(text, /over the 9 sellable/);
	assert.match(text, /Estimated at £2\.55 for the same batches/);
	checkClean(watch, server.origin);
	await context.close();
});
