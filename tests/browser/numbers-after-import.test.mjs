// numbers-after-import.test.mjs - the Numbers and Stock pages as a sales
// import leaves them (issue 10, point 5): 30 products made at price 0 and
// with no minutes, one priced product, and two retired ones. Each warning
// the products share is said once, with how many and which; products with
// no price are said once, plainly, and their figures that need a price
// are "not known", never £0.00 of earnings; retired products stay out of
// both pages until asked for. Expected counts and names come from what
// the test seeds, never from the page being checked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	apiJSON, apiOK, AXE_CONTEXT, axeSerious, checkClean, gotoRoute, openPage, setUpSuite, sidewaysOverflow,
	smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let priced;
let oldCake;
let oldTart;
const UNPRICED = 30;
/* The unpriced products by name, as the lists are ordered. */
const names = Array.from({ length: UNPRICED }, (_, i) => `Bake ${String(i + 1).padStart(2, '0')}`);
let ids = [];

const post = (path, body, method) => apiOK(server, path, body, method);

setUpSuite(async (s) => {
	({ server, browser } = s);
	await post('/api/v1/settings', { hourly_rate: 1500, overhead_per_hour: 0 }, 'PUT');
	// As `sales import --create-products` makes them: made in batches, no price.
	for (const name of names)
		ids.push((await post('/api/v1/products', { name, mode: 'batch' })).id);
	priced = await post('/api/v1/products', {
		name: 'Wholemeal loaf', mode: 'batch', price: 400, material_cost: 60, minutes_per_unit: 10, setup_minutes: 30,
	});
	// Retired: one priced with nothing left, one with a batch still on the shelf.
	oldCake = await post('/api/v1/products', {
		name: 'Old cake', mode: 'batch', price: 900, material_cost: 100, minutes_per_unit: 20, retired: 1,
	});
	oldTart = await post('/api/v1/products', { name: 'Old tart', mode: 'batch', retired: 1 });
	await post('/api/v1/batches', { product_id: oldTart.id, run_date: '2026-11-30', made_qty: 3, status: 'done' });
});

/* Pence as the page writes them. */
const pounds = (minor) => `£${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

describe('the Numbers page after an import', () => {
	test('each shared warning once; no price said once; retired ones out until asked', async (t) => {
		const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
		await gotoRoute(page, server, 'numbers');
		await waitIdle(page);
		await page.locator('[data-attention]').waitFor();
		const attention = page.locator('[data-attention]');

		// No price: one warning, not thirty, saying how many and naming
		// the first five, then how many more.
		const noPrice = attention.locator('[data-warning="no_price"]');
		assert.equal(await noPrice.count(), 1, 'no price, said once');
		assert.equal(Number(await noPrice.getAttribute('data-count')), UNPRICED);
		const text = await noPrice.innerText();
		assert.match(text, new RegExp(`${UNPRICED} products have no price yet`));
		assert.ok(text.includes(`${names.slice(0, 5).join(', ')} and ${UNPRICED - 5} more`), text);
		assert.ok(!text.includes(names[5]), `only the first five by name: ${text}`);
		assert.match(text, /What to do:/);
		// All thirty behind one summary, each linking to its numbers.
		await noPrice.locator('summary').click();
		const all = noPrice.locator('.econ-warning__all a');
		assert.equal(await all.count(), UNPRICED);
		assert.equal(await all.nth(UNPRICED - 1).innerText(), names[UNPRICED - 1]);
		assert.equal(await all.first().getAttribute('href'), `#/numbers/${ids[0]}`);

		// No minutes either: also once. Nothing is said per product.
		assert.equal(await attention.locator('[data-warning="no_minutes"]').count(), 1);
		assert.equal(Number(await attention.locator('[data-warning="no_minutes"]').getAttribute('data-count')), UNPRICED);
		assert.equal(await attention.locator('.econ-warning[data-warning="no_price"][data-product-id]').count(), 0);
		assert.ok((await attention.locator('li.econ-warning').count()) <= 4, 'a handful of warnings, not dozens');

		// What each earns: the priced product only; the others in one line,
		// not as rows of £0.00.
		const rows = page.locator('[data-table="earned"] tbody tr');
		assert.equal(await rows.count(), 1);
		assert.equal(await rows.first().getAttribute('data-product-id'), String(priced.id));
		assert.ok(!(await page.locator('[data-table="earned"]').innerText()).includes(pounds(0)));
		const line = page.locator('[data-earned-panel] [data-unpriced]');
		assert.equal(Number(await line.getAttribute('data-unpriced')), UNPRICED);
		assert.match(await line.innerText(), /not known/);
		// One bar, the priced product's.
		await page.locator('[data-chart="earned"] svg').waitFor();
		assert.equal(await page.locator('[data-chart="earned"] [data-bar]').count(), 1);

		// Retired products: nowhere, until asked.
		const body = page.locator('[data-numbers]');
		for (const p of [oldCake, oldTart])
			assert.ok(!(await body.innerText()).includes(p.name), `${p.name} left out`);
		await page.locator('[data-retired-toggle="0"] a').click();
		await page.locator('[data-retired-toggle="1"]').waitFor();
		await page.locator('[data-attention]').waitFor();
		const cake = page.locator(`[data-table="earned"] tbody tr[data-product-id="${oldCake.id}"]`);
		assert.equal(await cake.count(), 1, 'the retired cake, asked for');
		assert.match(await cake.innerText(), /Retired/);
		assert.equal(Number(await page.locator('[data-attention] [data-warning="no_price"]').getAttribute('data-count')),
			UNPRICED + 1, 'the retired tart has no price either');
		assert.match(page.url(), /#\/numbers\?retired=1$/);
		await page.locator('[data-retired-toggle="1"] a').click();
		await page.locator('[data-retired-toggle="0"]').waitFor();
		assert.equal(await page.locator(`[data-table="earned"] tbody tr[data-product-id="${oldCake.id}"]`).count(), 0);

		assert.deepEqual(await axeSerious(page, (m) => t.diagnostic(m)), [], 'axe');
		checkClean(watch, server.origin);
		await context.close();
	});

	test('a product with no price: what needs one is not known, not £0.00', async () => {
		const { context, page, watch } = await openPage(browser, 'desktop');
		await gotoRoute(page, server, `numbers/${ids[0]}`);
		await waitIdle(page);
		await page.locator('[data-figures] [data-margin]').waitFor();
		assert.match(await page.locator('[data-price-value]').innerText(), /No price yet/);
		assert.match(await page.locator('[data-figures] [data-margin]').innerText(), /not known: no price yet/);
		const earned = await page.locator('[data-figures] [data-earned]').innerText();
		assert.match(earned, /no price yet/);
		assert.ok(!earned.includes(`${pounds(0)} an hour`), earned);
		assert.equal(await page.locator('[data-warnings] [data-warning="no_price"]').count(), 1);
		assert.equal(await page.locator('[data-warnings] [data-warning="below_floor"]').count(), 0);
		const result = await page.locator('[data-what-if-result]').innerText();
		assert.ok(!result.includes(`${pounds(0)} an hour`), result);
		checkClean(watch, server.origin);
		await context.close();
	});
});

describe('the Stock page', () => {
	test('retired products with none left are out until asked; one with stock stays, marked', async (t) => {
		const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
		await gotoRoute(page, server, 'stock');
		await waitIdle(page);
		await page.locator('[data-goods]').waitFor();
		const goods = page.locator('[data-goods]');
		// The tart has 3 on the shelf: listed, marked retired.
		const tart = goods.locator(`[data-table="goods"] tr[data-product-id="${oldTart.id}"]`);
		assert.equal(await tart.count(), 1);
		assert.match(await tart.innerText(), /Retired/);
		// The cake has none: left out, until asked.
		assert.ok(!(await goods.innerText()).includes(oldCake.name));
		assert.ok((await goods.locator('[data-none-in-stock]').innerText()).includes(names[0]));
		assert.deepEqual(await smallTargets(page, '[data-retired-toggle] a'), [], 'the link is finger-sized');
		await goods.locator('[data-retired-toggle="0"] a').click();
		await page.locator('[data-retired-toggle="1"]').waitFor();
		assert.match(await page.locator('[data-none-in-stock]').innerText(), /Old cake \(retired\)/);
		assert.equal(await sidewaysOverflow(page), 0);
		assert.deepEqual(await axeSerious(page, (m) => t.diagnostic(m)), [], 'axe');
		// The same as the API's, asked for alike.
		const api = (await apiJSON(server, '/api/v1/stock?retired=1')).body;
		assert.ok(api.products.some((p) => p.product_id === oldCake.id && p.retired === 1));
		checkClean(watch, server.origin);
		await context.close();
	});
});
