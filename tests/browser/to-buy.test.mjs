// to-buy.test.mjs - the "To buy" list on a 390 px phone in a shop, by
// tapping: reached from the menu, 14 days ahead to start with, one card
// per supplier most urgent first, each material's need, on hand, on order,
// shortfall, packs and cost, the last day to order flagged when it is past
// (Late) or today; fewer days ahead (nothing to buy) and a number of days
// refused beside its box; one supplier ordered on its own, then "Order
// these" for the rest: the purchases linked, the list empty, and each
// purchase stored as the list said. Expected figures are worked out by
// hand from doc/API.md section 15 in the comments.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiOK, axeSerious, checkClean, field, fieldError, gotoRoute, isoDay, navigate, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let mill;
let wax;
let flour;
let salt;
let soy;
let loafBatch;

setUpSuite(async (s) => {
	({ server, browser } = s);
	const post = (path, body) => apiOK(server, path, body);
	mill = await post('/api/v1/suppliers', { name: 'Shipton Mill', lead_time_days: 3 });
	wax = await post('/api/v1/suppliers', { name: 'Wax Co', lead_time_days: 2 });
	// Flour: 5 kg on hand, 2 kg kept in reserve, bought in 16 kg sacks at £18.40.
	flour = await post('/api/v1/materials', {
		name: 'Flour', unit: 'g', on_hand: 5000, reorder_level: 2000, supplier_id: mill.id, pack_size: 16000, pack_price: 1840,
	});
	await post('/api/v1/material-units', { material_id: flour.id, name: 'sack', base_qty: 16000 });
	// Salt: no supplier, no pack, 50p a kilo, 100 g on hand.
	salt = await post('/api/v1/materials', { name: 'Sea salt', unit: 'g', on_hand: 100, cost_per_unit: 50, cost_per: 1000 });
	// Soy wax: none on hand, packs of 5 kg at £25.00 with no purchase unit.
	soy = await post('/api/v1/materials', { name: 'Soy wax', unit: 'g', supplier_id: wax.id, pack_size: 5000, pack_price: 2500 });
	const loaf = await post('/api/v1/products', { name: 'Loaf', mode: 'batch', price: 400 });
	await post('/api/v1/recipe-lines', { product_id: loaf.id, material_id: flour.id, quantity: 500 });
	await post('/api/v1/recipe-lines', { product_id: loaf.id, material_id: salt.id, quantity: 10 });
	const candle = await post('/api/v1/products', { name: 'Candle', mode: 'batch', price: 1200 });
	await post('/api/v1/recipe-lines', { product_id: candle.id, material_id: soy.id, quantity: 200 });
	// Both run the day after tomorrow: 25 loaves, 10 candles.
	loafBatch = await post('/api/v1/batches', { product_id: loaf.id, run_date: isoDay(2), planned_qty: 25 });
	await post('/api/v1/batches', { product_id: candle.id, run_date: isoDay(2), planned_qty: 10 });
});

const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, a.button, .site-nav a';
const PHONE = { viewport: { width: 390, height: 844 } };

/* A material's card: its figures as shown, and what to buy. */
async function card(page, material) {
	const c = page.locator(`.tobuy-item[data-material-id="${material.id}"]`);
	const fig = async (key) => (await c.locator(`[data-fig="${key}"] dd`).innerText()).trim();
	return {
		need: await fig('need'),
		onHand: await fig('on_hand'),
		onOrder: await fig('on_order'),
		short: await fig('shortfall'),
		buy: await c.locator('[data-buy]').innerText(),
		cost: await c.locator('[data-cost-text]').innerText(),
		why: await c.locator('.tobuy-item__why').innerText(),
		locator: c,
	};
}

test('phone: the list by supplier, flagged, fewer days, then ordered and empty', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', { ...AXE_CONTEXT, ...PHONE });
	await gotoRoute(page, server, 'stock');
	await navigate(page, 'To buy', 'phone');
	assert.match(page.url(), /#\/to-buy$/);
	assert.equal(await field(page, 'Days ahead').inputValue(), '14');

	// Most urgent first: the mill's last day (run day − 3) was yesterday,
	// Wax Co's (run day − 2) is today, the salt with no supplier is not due.
	const groups = page.locator('.tobuy-group');
	assert.deepEqual(await groups.evaluateAll((ns) => ns.map((n) => n.dataset.supplierId)), [String(mill.id), String(wax.id), 'none']);
	const millBox = groups.nth(0);
	assert.equal(await millBox.locator('[data-order-by]').getAttribute('data-order-by'), 'late');
	assert.match(await millBox.locator('[data-order-by]').innerText(), /Late[\s\S]*1 day ago/);
	assert.equal(await groups.nth(1).locator('[data-order-by]').getAttribute('data-order-by'), 'today');
	assert.match(await groups.nth(1).locator('[data-order-by]').innerText(), /Order today/);
	assert.equal(await groups.nth(2).locator('[data-order-by]').getAttribute('data-order-by'), 'later');
	assert.match(await groups.nth(2).locator('[data-order-by]').innerText(), /in 2 days/);

	// Flour: 25 × 500 g = 12,500 g; short 12,500 + 2,000 − 5,000 − 0 = 9,500 g:
	// one 16 kg sack, £18.40.
	const f = await card(page, flour);
	assert.deepEqual([f.need, f.onHand, f.onOrder, f.short], ['12,500 g', '5,000 g', '0 g', '9,500 g']);
	assert.equal(f.buy, '1 × sack (16,000 g)');
	assert.equal(f.cost, '£18.40');
	assert.match(f.why, new RegExp(`^For ${loafBatch.code} \\(.+\\), and to keep its reorder level of 2,000 g\\.$`));
	// Wax: 10 × 200 g = 2,000 g short: one pack of 5 kg, £25.00.
	const w = await card(page, soy);
	assert.deepEqual([w.need, w.onHand, w.short], ['2,000 g', '0 g', '2,000 g']);
	assert.equal(w.buy, '1 pack of 5,000 g');
	assert.equal(w.cost, '£25.00');
	// Salt: 25 × 10 g = 250 g; short 150 g, no pack: 150 g at 50p a kilo
	// is 7.5p, 8p rounded half up, an estimate.
	const s = await card(page, salt);
	assert.deepEqual([s.need, s.onHand, s.short], ['250 g', '100 g', '150 g']);
	assert.equal(s.buy, '150 g');
	assert.equal(s.cost, 'about £0.08');
	assert.match(s.why, new RegExp(`^For ${loafBatch.code} \\(.+\\)\\.$`));
	// In all 1840 + 2500 + 8 = 4348p, an estimate because of the salt.
	assert.match(await page.locator('.tobuy-summary').innerText(), /3 materials to buy.*about £43\.48 in all/);
	assert.equal(await sidewaysOverflow(page), 0, 'nothing scrolls sideways at 390 px');
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	assert.deepEqual(await axeSerious(page, (d) => t.diagnostic(d)), [], 'axe on the list');

	// One day ahead the batches are out of reach, and every material is
	// above its reorder level (flour 5,000 g > 2,000 g): nothing to buy.
	await field(page, 'Days ahead').fill('1');
	await page.getByRole('button', { name: 'Show' }).tap();
	await page.getByRole('heading', { name: 'Nothing to buy' }).waitFor();
	assert.match(page.url(), /#\/to-buy\?days=1$/);
	await field(page, 'Days ahead').fill('400');
	await page.getByRole('button', { name: 'Show' }).tap();
	assert.equal(await fieldError(field(page, 'Days ahead')), 'Enter a number of days from 1 to 365.');
	assert.match(page.url(), /#\/to-buy\?days=1$/, 'not followed');
	await field(page, 'Days ahead').fill('14');
	await page.getByRole('button', { name: 'Show' }).tap();
	await page.locator('.tobuy-group').first().waitFor();
	await waitIdle(page);
	assert.match(page.url(), /#\/to-buy$/);

	// Wax Co on its own first: one purchase, and its card leaves the list.
	await groups.nth(1).getByRole('button', { name: 'Order these from Wax Co only' }).tap();
	const done = page.locator('[data-ordered-purchases]');
	await done.waitFor();
	await waitIdle(page);
	assert.equal(await done.getAttribute('data-ordered-purchases'), '1');
	assert.deepEqual(await groups.evaluateAll((ns) => ns.map((n) => n.dataset.supplierId)), [String(mill.id), 'none']);
	const waxOrder = Number(await done.locator('a').getAttribute('data-purchase-id'));

	// Then the rest in one tap.
	await page.getByRole('button', { name: 'Order these', exact: true }).tap();
	await page.getByRole('heading', { name: 'Nothing to buy' }).waitFor();
	assert.equal(await done.getAttribute('data-ordered-purchases'), '2');
	const links = done.locator('a[data-purchase-id]');
	assert.equal(await links.count(), 2);
	assert.match(await links.nth(0).innerText(), /^Purchase \d+ from Shipton Mill \(£18\.40\)$/);
	assert.match(await links.nth(1).innerText(), /^Purchase \d+, no supplier yet \(£0\.08\)$/);
	assert.equal(await sidewaysOverflow(page), 0);

	// Stored as the list said: dated today, expected after the lead time,
	// in packs of the sack, in base units where there is no purchase unit.
	const millId = Number(await links.nth(0).getAttribute('data-purchase-id'));
	const got = async (id) => ({
		p: await apiOK(server, `/api/v1/purchases/${id}`),
		lines: (await apiOK(server, `/api/v1/purchase-lines?purchase_id=${id}`)).items,
	});
	const m = await got(millId);
	assert.deepEqual([m.p.supplier_id, m.p.status, m.p.ordered_on, m.p.expected_on], [mill.id, 'ordered', isoDay(0), isoDay(3)]);
	assert.deepEqual(m.lines.map((l) => [l.material_id, l.quantity, l.unit, l.base_qty, l.price]), [[flour.id, 1, 'sack', 16000, 1840]]);
	const wx = await got(waxOrder);
	assert.deepEqual([wx.p.supplier_id, wx.p.expected_on], [wax.id, isoDay(2)]);
	assert.deepEqual(wx.lines.map((l) => [l.material_id, l.quantity, l.unit, l.price]), [[soy.id, 5000, null, 2500]]);
	const saltId = Number(await links.nth(1).getAttribute('data-purchase-id'));
	const sl = await got(saltId);
	assert.deepEqual([sl.p.supplier_id, sl.lines.map((l) => [l.material_id, l.quantity, l.price])], [null, [[salt.id, 150, 8]]]);

	// A link leads to the purchase, ready to receive.
	await links.nth(0).tap();
	await page.getByRole('heading', { level: 1, name: `Purchase ${millId} from Shipton Mill` }).waitFor();
	await page.locator('[data-receive-form]').waitFor();
	assert.equal(await sidewaysOverflow(page), 0);
	await waitIdle(page);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: what is on order counts, so the list stays empty after a reload', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'to-buy');
	await page.getByRole('heading', { name: 'Nothing to buy' }).waitFor();
	assert.equal(await page.getByRole('button', { name: 'Order these' }).count(), 0);
	checkClean(watch, server.origin);
	await context.close();
});
