// batch-done.test.mjs - marking a batch done on a phone (375 px): the
// "Mark it done" panel proposes each material's lots first to expire
// first (never an expired one), the maker takes other quantities, and the
// lots and stock follow; a batch short of stock is said plainly, stopping
// changes nothing, going below zero says so on the batch; and a done
// batch shows its real cost beside the estimate. Every figure is worked
// out here from the records the test made.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiOK, checkClean, gotoRoute, isoDay, openPage, screenshot, setUpSuite, sidewaysOverflow, waitIdle,
} from './helpers.mjs';

let server;
let browser;

setUpSuite((s) => ({ server, browser } = s));

/*
 * Olive oil at 90p per 100 ml in lots OL-0 (2000 ml for £12.00, best
 * before in 20 days), OL-1 (5000 ml for £25.00, in 200 days) and OL-X
 * (500 ml, past its date three days ago); lye at 600p a kilo in LY-3
 * (1000 g for £6.00). A bar takes 60 ml of oil and 13 g of lye.
 */
async function soap() {
	const post = (path, body, method) => apiOK(server, path, body, method);
	const oil = await post('/api/v1/materials', { name: 'Olive oil', unit: 'ml', cost_per_unit: 90, cost_per: 100 });
	const lye = await post('/api/v1/materials', { name: 'Lye', cost_per_unit: 600, cost_per: 1000 });
	const lot = (material, code, days, quantity, cost) => post('/api/v1/material-lots', {
		material_id: material.id, lot: code, expires_on: days === null ? null : isoDay(days), quantity, cost,
	});
	const ol0 = await lot(oil, 'OL-0', 20, 2000, 1200);
	const ol1 = await lot(oil, 'OL-1', 200, 5000, 2500);
	const olx = await lot(oil, 'OL-X', -3, 500, 300);
	const ly3 = await lot(lye, 'LY-3', null, 1000, 600);
	const bar = await post('/api/v1/products', { name: 'Lavender bar', mode: 'batch', price: 550 });
	await post('/api/v1/recipe-lines', { product_id: bar.id, material_id: oil.id, quantity: 60 });
	await post('/api/v1/recipe-lines', { product_id: bar.id, material_id: lye.id, quantity: 13 });
	return { oil, lye, ol0, ol1, olx, ly3, bar };
}

const remaining = async (lot) => (await apiOK(server, `/api/v1/material-lots/${lot.id}`)).remaining;
const onHand = async (m) => (await apiOK(server, `/api/v1/materials/${m.id}`)).on_hand;

test('phone: mark a batch done with other lots, refuse or go below zero when short, see its real cost', async () => {
	const s = await soap();
	const { context, page, watch } = await openPage(browser, 'phone');
	const post = (path, body) => apiOK(server, path, body);
	const b1 = await post('/api/v1/batches', { product_id: s.bar.id, run_date: isoDay(0), planned_qty: 40 });

	await gotoRoute(page, server, `batches/${b1.id}`);
	const panel = page.locator('[data-section="done"]');
	await panel.locator('[data-done-material]').first().waitFor();
	await waitIdle(page);
	// 40 bars: 2400 ml of oil, OL-0 first (it goes first) whole, then 400
	// of OL-1; OL-X is past its date, so not offered. 520 g of lye.
	const oil = panel.locator(`[data-done-material="${s.oil.id}"]`);
	assert.match(await oil.locator('legend').innerText(), /Olive oil needs 2,400 ml/);
	assert.equal(await oil.locator(`[data-done-lot="${s.ol0.id}"] input`).inputValue(), '2000');
	assert.equal(await oil.locator(`[data-done-lot="${s.ol1.id}"] input`).inputValue(), '400');
	assert.equal(await oil.locator(`[data-done-lot="${s.olx.id}"]`).count(), 0, 'an expired lot is not offered');
	assert.equal(await panel.locator(`[data-done-material="${s.lye.id}"] [data-done-lot="${s.ly3.id}"] input`).inputValue(), '520');
	assert.equal(await sidewaysOverflow(page), 0, 'the panel fits a phone');
	await screenshot(page, 'phone-batch-done', { fullPage: true });

	// More than a lot holds is said at once.
	await oil.locator(`[data-done-lot="${s.ol0.id}"] input`).fill('2500');
	assert.match(await panel.locator('[data-done-verdict]').innerText(), /Lot OL-0 of Olive oil holds 2,000 ml, not 2,500 ml/);
	assert.ok(await panel.getByRole('button', { name: 'Mark it done' }).isDisabled());
	// The maker takes 1000 of OL-0 and 1400 of OL-1 instead.
	await oil.locator(`[data-done-lot="${s.ol0.id}"] input`).fill('1000');
	await oil.locator(`[data-done-lot="${s.ol1.id}"] input`).fill('1400');
	await panel.getByRole('button', { name: 'Mark it done' }).click();
	await page.locator('[data-section="cost"]').waitFor();
	await waitIdle(page);
	assert.equal(await remaining(s.ol0), 1000);
	assert.equal(await remaining(s.ol1), 3600);
	assert.equal(await remaining(s.olx), 500, 'the expired lot is untouched');
	assert.equal(await onHand(s.oil), 7500 - 2400);
	assert.equal(await remaining(s.ly3), 480);
	// The lots are in its materials, for the trace.
	const used = await page.locator('[data-table="batch-materials"]').innerText();
	assert.match(used, /OL-0/);
	assert.match(used, /OL-1/);
	assert.match(used, /LY-3/);

	// Its real cost: OL-0 1000 of 2000 for £12.00, 600p; OL-1 1400 of 5000
	// for £25.00, 700p; LY-3 520 of 1000 g for £6.00, 312p: £16.12. The
	// estimate: a bar's recipe at 0.9p a ml and 0.6p a gram is 54 + 7.8 =
	// 61.8p, 62p; 40 bars £24.80. No time tracked, no minutes set: no
	// labour on either side.
	await screenshot(page, 'phone-batch-cost', { fullPage: true });
	const cost = page.locator('[data-table="batch-cost"]');
	assert.equal(await cost.locator('[data-cost-row="materials"] [data-real]').getAttribute('data-real'), '1612');
	assert.match(await cost.locator('[data-cost-row="materials"]').innerText(), /£24\.80[^]*£16\.12/);

	// A batch of 200 needs 12000 ml of oil where 5100 are on hand but
	// only 1000 + 3600 = 4600 can be used (OL-X is past its date): 7400
	// short, said plainly, with the choice.
	const b2 = await post('/api/v1/batches', { product_id: s.bar.id, run_date: isoDay(0), planned_qty: 200 });
	await gotoRoute(page, server, `batches/${b2.id}`);
	await page.locator('[data-done-short]').waitFor();
	await waitIdle(page);
	await screenshot(page, 'phone-batch-short', { fullPage: true });
	const short = await page.locator('[data-done-short]').innerText();
	assert.match(short, /Not enough in stock/);
	assert.match(short, /Olive oil: 7,400 ml more than there is\. It needs 12,000 ml; 4,600 ml can be used/);
	// Lye: 2600 g, 480 there: 2120 more.
	assert.match(short, /Lye: 2,120 g more than there is/);
	await page.getByRole('button', { name: 'Don’t mark it done' }).click();
	assert.match(await page.locator('[data-done-verdict]').innerText(), /Nothing was changed/);
	assert.equal((await apiOK(server, `/api/v1/batches/${b2.id}`)).status, 'planned');
	assert.equal(await onHand(s.oil), 5100);

	// Going below zero, at the maker's word: the batch says so.
	await page.reload();
	await page.locator('[data-done-short]').waitFor();
	await waitIdle(page);
	await page.getByRole('button', { name: 'Mark it done anyway, below zero' }).click();
	await page.locator('[data-short-uses]').waitFor();
	assert.match(await page.locator('[data-short-uses]').innerText(), /below zero/);
	// 5100 - 12000 on hand, and OL-X's 500 came off with the rest.
	assert.equal(await onHand(s.oil), 5100 - 12000);
	assert.equal(await remaining(s.olx), 0);
	assert.match(await page.locator('[data-table="batch-materials"]').innerText(), /Beyond stock/);
	assert.equal(await sidewaysOverflow(page), 0);

	checkClean(watch, server.origin);
	await context.close();
});
