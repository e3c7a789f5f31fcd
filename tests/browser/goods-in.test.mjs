// goods-in.test.mjs - a delivery in the web app, by clicking: a purchase
// started from the Purchases page, two lines added (flour in sacks, salt
// in kg), received in two parts with the lot codes and dates of what came,
// the lots each part made and each material's stock and cost shown after
// it, the material's page listing its lots, and the server's refusal of a
// lot code too long shown beside that line's Lot code box with nothing
// received. Every figure is worked out by hand below from doc/API.md
// section 15 (pro rata lot costs, the weighted average cost).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, fieldError, gotoRoute, isoDay, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let mill;
let flour;
let salt;
let rye;

setUpSuite(async (s) => {
	({ server, browser } = s);
	mill = await apiOK(server, '/api/v1/suppliers', { name: 'Shipton Mill', lead_time_days: 3 });
	// 10 kg of flour on hand at 115p a kilo: worth 1150p.
	flour = await apiOK(server, '/api/v1/materials', { name: 'Flour', unit: 'g', on_hand: 10000, cost_per_unit: 115, cost_per: 1000, supplier_id: mill.id });
	await apiOK(server, '/api/v1/material-units', { material_id: flour.id, name: 'sack', base_qty: 16000 });
	// No salt yet, and no cost.
	salt = await apiOK(server, '/api/v1/materials', { name: 'Salt', unit: 'g' });
	rye = await apiOK(server, '/api/v1/materials', { name: 'Rye', unit: 'g' });
});

const TARGETS = 'button, select, input:not([type="radio"]):not([type="checkbox"]), textarea, a.button';

/* The receive form's box for one line. */
function lineBox(page, name) {
	return page.locator('[data-receive-line]').filter({ hasText: new RegExp(`^${name}:`) });
}

/* The row of "Stock and cost now" for a material. */
async function stockNow(page, material) {
	const item = page.locator(`[data-stock-now] [data-material-id="${material.id}"]`);
	return { text: (await item.innerText()).replace(/\s+/g, ' '), onHand: await item.getAttribute('data-on-hand'), cost: await item.getAttribute('data-cost') };
}

test('desktop: a purchase ordered, then received in two parts, makes its lots and moves stock and cost', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, 'purchases');
	await page.getByText('No purchases yet').waitFor();
	await page.getByRole('link', { name: 'New purchase' }).click();
	await page.getByRole('heading', { level: 1, name: 'New purchase' }).waitFor();
	await waitIdle(page);
	await field(page, 'Supplier').selectOption({ label: 'Shipton Mill' });
	await field(page, 'Their reference').fill('SO-4471');
	await page.getByRole('button', { name: 'Start the purchase' }).click();
	await page.getByRole('heading', { level: 1, name: /^Purchase \d+ from Shipton Mill$/ }).waitFor();
	await waitIdle(page);
	const purchaseId = Number(/#\/purchases\/(\d+)$/.exec(page.url())[1]);
	assert.equal(await page.locator('[data-purchase-status]').getAttribute('data-purchase-status'), 'ordered');

	// Two sacks of flour for £40.00, lot and date not known yet.
	const add = page.locator('[data-add-line]');
	await field(add, 'Material').selectOption({ label: 'Flour (g)' });
	// A material bought in sacks: its units are its own, kg and the sack.
	assert.deepEqual(await field(add, 'Unit').locator('option').allInnerTexts(),
		['g (its own unit)', 'kg (1,000 g)', 'sack (16,000 g)']);
	await field(add, 'Quantity').fill('2');
	await field(add, 'Unit').selectOption('sack');
	await field(add, 'Price of the line').fill('40.00');
	await add.getByRole('button', { name: 'Add to the purchase' }).click();
	await page.locator('[data-section-message]').getByText('Added 2 × sack (32,000 g) of Flour.').waitFor();
	// 3 kg of salt for £1.50.
	await field(page.locator('[data-add-line]'), 'Material').selectOption({ label: 'Salt (g)' });
	await field(page.locator('[data-add-line]'), 'Quantity').fill('3');
	await field(page.locator('[data-add-line]'), 'Unit').selectOption('kg');
	await field(page.locator('[data-add-line]'), 'Price of the line').fill('1.50');
	await page.locator('[data-add-line]').getByRole('button', { name: 'Add to the purchase' }).click();
	await page.locator('[data-section-message]').getByText('Added 3 kg (3,000 g) of Salt.').waitFor();
	const rows = page.locator('[data-table="purchase-lines"] tbody tr');
	assert.equal(await rows.count(), 2);
	assert.match(await rows.nth(0).innerText(), /Flour\s+2 × sack \(32,000 g\)\s+£40\.00/);
	assert.match(await rows.nth(1).innerText(), /Salt\s+3 kg \(3,000 g\)\s+£1\.50/);
	assert.equal(await page.locator('[data-total]').innerText(), '£41.50');

	// A material deleted meanwhile: the server's refusal beside Material.
	assert.equal((await apiJSON(server, `/api/v1/materials/${rye.id}`, undefined, 'DELETE')).status, 204);
	await field(page.locator('[data-add-line]'), 'Material').selectOption({ label: 'Rye (g)' });
	await field(page.locator('[data-add-line]'), 'Quantity').fill('1');
	await page.locator('[data-add-line]').getByRole('button', { name: 'Add to the purchase' }).click();
	await page.locator('[data-add-line] [data-form-error]').getByText('Not saved.').waitFor();
	assert.equal(await fieldError(field(page.locator('[data-add-line]'), 'Material')), `No material has number ${rye.id}.`);
	assert.equal(await rows.count(), 2, 'no line added');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the purchase');

	// The first delivery: one sack of flour and all the salt.
	const early = isoDay(-1);
	await field(page, 'The day it came').fill(early);
	let box = lineBox(page, 'Flour');
	assert.match(await box.locator('legend').innerText(), /Flour: 2 × sack \(32,000 g\) still to come/);
	assert.equal(await field(box, 'How many came').inputValue(), '2', 'all still to come, to start with');
	await field(box, 'How many came').fill('1');
	await field(box, 'Lot code').fill('SM-901');
	await field(box, 'Best before').fill(isoDay(60));
	box = lineBox(page, 'Salt');
	assert.equal(await field(box, 'How many came').inputValue(), '3');
	await field(box, 'Lot code').fill('SALT-7');
	await page.getByRole('button', { name: 'Receive what came' }).click();

	const made = page.locator('[data-section="received"]');
	await made.waitFor();
	assert.match(await made.innerText(), /2 lots added to stock/);
	const lots = made.locator('[data-table="lots-made"] tbody tr');
	assert.equal(await lots.count(), 2);
	// Half the flour line: 4000p × 16000 / 32000 = 2000p. All the salt: 150p.
	assert.match(await lots.filter({ hasText: 'Flour' }).innerText(), /SM-901\s+16,000 g\s+.+\s+£20\.00/);
	assert.match(await lots.filter({ hasText: 'Salt' }).innerText(), /SALT-7\s+3,000 g\s+none\s+£1\.50/);
	// Flour: (1150 + 2000) / (10000 + 16000) g = 121.15p a kilo, 121.
	let f = await stockNow(page, flour);
	assert.deepEqual([f.onHand, f.cost], ['26000', '121/1000']);
	assert.match(f.text, /Flour 26,000 g in stock, costing £1\.21 per 1,000 g/);
	// Salt: 150p / 3000 g, kept per 1000 g as it is counted in g: 50.
	const s1 = await stockNow(page, salt);
	assert.deepEqual([s1.onHand, s1.cost], ['3000', '50/1000']);
	assert.match(s1.text, /Salt 3,000 g in stock, costing £0\.50 per 1,000 g/);
	assert.equal(await page.locator('[data-purchase-status]').getAttribute('data-purchase-status'), 'part_received');
	assert.match(await rows.nth(0).locator('[data-came]').innerText(), /Part came\s+16,000 of 32,000 g, lot SM-901$/);
	assert.match(await rows.nth(1).locator('[data-came]').innerText(), /All came\s+3,000 of 3,000 g, lot SALT-7$/);
	assert.equal(await page.locator('[data-receive-line]').count(), 1, 'only the flour is still to come');

	// A lot code the server refuses (over 100 bytes): beside the box, nothing received.
	box = lineBox(page, 'Flour');
	assert.match(await box.locator('legend').innerText(), /Flour: 1 × sack \(16,000 g\) still to come/);
	await field(box, 'Lot code').fill('L'.repeat(101));
	await page.getByRole('button', { name: 'Receive what came' }).click();
	await page.locator('[data-form-error]').getByText('Nothing was received.').waitFor();
	assert.equal(await fieldError(field(box, 'Lot code')), 'The lot code must be 1 to 100 bytes long.');
	assert.equal((await apiJSON(server, `/api/v1/materials/${flour.id}`)).body.on_hand, 26000);
	// More than is still to come, said before it is sent.
	await field(box, 'Lot code').fill('SM-902');
	await field(box, 'How many came').fill('2');
	await page.getByRole('button', { name: 'Receive what came' }).click();
	assert.equal(await fieldError(field(box, 'How many came')), 'Only 1 is still to come on this line.');

	// The rest: the other sack, another lot.
	await field(box, 'How many came').fill('1');
	await field(box, 'Best before').fill(isoDay(75));
	await field(page, 'The day it came').fill(isoDay(0));
	await page.getByRole('button', { name: 'Receive what came' }).click();
	await page.locator('[data-section="received"]').filter({ hasText: '1 lot added to stock' }).waitFor();
	// The rest of the line's price: 4000 − 2000 = 2000p.
	assert.match(await page.locator('[data-table="lots-made"] tbody tr').innerText(), /Flour\s+SM-902\s+16,000 g\s+.+\s+£20\.00/);
	// Flour: (26000 × 121 / 1000 + 2000) / 42000 g = 5146 / 42 = 122.52p a kilo, 123.
	f = await stockNow(page, flour);
	assert.deepEqual([f.onHand, f.cost], ['42000', '123/1000']);
	assert.match(f.text, /42,000 g in stock, costing £1\.23 per 1,000 g/);
	assert.equal(await page.locator('[data-purchase-status]').getAttribute('data-purchase-status'), 'received');
	await page.locator('[data-all-came]').waitFor();
	assert.match(await rows.nth(0).locator('[data-came]').innerText(), /All came\s+32,000 of 32,000 g, lots SM-901 and SM-902$/);
	assert.equal(await page.locator('[data-receive-form]').count(), 0);

	// The material's page lists its lots: first to expire first.
	await page.locator('[data-table="lots-made"]').getByRole('link', { name: 'SM-902' }).click();
	await page.getByRole('heading', { level: 1, name: 'Flour lot SM-902' }).waitFor();
	await waitIdle(page);
	assert.equal(await page.locator('[data-related="lot"]').getByRole('link', { name: `purchase ${purchaseId}` }).getAttribute('href'), `#/purchases/${purchaseId}`);
	await gotoRoute(page, server, `materials/${flour.id}`);
	const mine = page.locator('[data-related="lots"] [data-table="material-lots"] tbody tr');
	assert.deepEqual(await mine.evaluateAll((ns) => ns.map((n) => n.querySelector('th').textContent)), ['SM-901', 'SM-902']);
	assert.match(await mine.nth(0).innerText(), /16,000 of 16,000 g\s+£20\.00/);
	assert.equal(await field(page, 'In stock').inputValue(), '42000');
	assert.equal(await field(page, 'Cost').inputValue(), '1.23');
	assert.equal(await field(page, 'For this many units').inputValue(), '1000');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the material with its lots');

	// The list: the purchase, its supplier, received, its total.
	await gotoRoute(page, server, 'purchases');
	const row = page.locator('[data-table="purchases"] tbody tr');
	assert.equal(await row.count(), 1);
	assert.match(await row.innerText(), /Purchase \d+\s+Shipton Mill\s+.+Received\s+£41\.50/);
	await waitIdle(page);
	checkClean(watch, server.origin, { expectedErrors: ['400 POST /api/v1/purchase-lines', `400 POST /api/v1/purchases/${purchaseId}/receive`] });
	await context.close();
});

test('phone: a purchase page and its receive form fit a 390 px screen and can be tapped', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', { ...AXE_CONTEXT, viewport: { width: 390, height: 844 } });
	const p = await apiOK(server, '/api/v1/purchases', { supplier_id: mill.id });
	await apiOK(server, '/api/v1/purchase-lines', { purchase_id: p.id, material_id: flour.id, quantity: 1, unit: 'sack', price: 2000, lot: 'SM-950' });
	await gotoRoute(page, server, `purchases/${p.id}`);
	await page.locator('[data-receive-form]').waitFor();
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, TARGETS), []);
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe at 390 px');
	// The line's own lot code is offered; one tap receives it all.
	assert.equal(await field(lineBox(page, 'Flour'), 'Lot code').inputValue(), 'SM-950');
	await page.getByRole('button', { name: 'Receive what came' }).tap();
	await page.locator('[data-section="received"]').waitFor();
	// 42000 g at 123p a kilo is 5166p; with 2000p for 16000 g: 7166 / 58000 g = 123.55p, 124.
	const f = await stockNow(page, flour);
	assert.deepEqual([f.onHand, f.cost], ['58000', '124/1000']);
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin);
	await context.close();
});
