// bulk.test.mjs - many products at once on the products list: tick them
// (by tapping, on a phone) and set the price and the way of making for all
// of them in one step; if one of them cannot take it, none changes.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, gotoRoute, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
const made = {};

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/settings', { currency: 'GBP' }, 'PUT');
	for (const [name, price] of [['Bap', 90], ['Rye loaf', 400], ['Spelt loaf', 420]])
		made[name] = await apiOK(server, '/api/v1/products', { name, price, mode: 'job' });
});

const product = async (p) => (await apiJSON(server, `/api/v1/products/${p.id}`)).body;

test('phone: tick two products, set their price and mode in one step', async (t) => {
	const { context, page, watch } = await openPage(browser, 'phone', AXE_CONTEXT);
	await gotoRoute(page, server, 'products');
	const panel = page.locator('[data-bulk]');
	await panel.waitFor();
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe');
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, 'button, select, input[type="text"], a.button, .select-box'), []);

	await page.getByLabel('Choose Rye loaf').tap();
	await page.getByLabel('Choose Spelt loaf').tap();
	assert.match(await page.locator('[data-bulk-count]').innerText(), /2 products chosen/);
	await panel.getByLabel(/^Selling price/).fill('5.25');
	await panel.getByLabel('How you make it').selectOption('batch');
	await panel.getByRole('button', { name: 'Change the chosen products' }).tap();
	await page.locator('[data-flash]').waitFor();
	assert.match(await page.locator('[data-flash]').innerText(), /Changed 2 products: price £5\.25, in batches/);
	for (const name of ['Rye loaf', 'Spelt loaf']) {
		const p = await product(made[name]);
		assert.equal(p.price, 525, name);
		assert.equal(p.mode, 'batch', name);
	}
	const bap = await product(made.Bap);
	assert.equal(bap.price, 90, 'not chosen, not changed');
	assert.equal(bap.mode, 'job');
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: choose every product; one gone meanwhile, and nothing changes', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	const gone = await apiOK(server, '/api/v1/products', { name: 'Gone soon', price: 100 });
	await gotoRoute(page, server, 'products');
	await waitIdle(page);
	await page.getByLabel('Choose every product on this page').check();
	assert.match(await page.locator('[data-bulk-count]').innerText(), /4 products chosen/);
	// Nothing to set: said, and nothing is sent.
	await page.getByRole('button', { name: 'Change the chosen products' }).click();
	assert.match(await page.locator('[data-bulk-error]').innerText(), /Enter a price or choose/);

	const res = await apiJSON(server, `/api/v1/products/${gone.id}`, undefined, 'DELETE');
	assert.equal(res.status, 204);
	await page.locator('[data-bulk]').getByLabel(/^Selling price/).fill('9');
	await page.getByRole('button', { name: 'Change the chosen products' }).click();
	await page.locator('[data-bulk-error] strong').waitFor();
	assert.match(await page.locator('[data-bulk-error]').innerText(), new RegExp(`Nothing changed\\. No product has number ${gone.id}; it may have been deleted`));
	for (const [name, price] of [['Bap', 90], ['Rye loaf', 525], ['Spelt loaf', 525]])
		assert.equal((await product(made[name])).price, price, name);
	checkClean(watch, server.origin, { expectedErrors: ['400 PATCH /api/v1/products'] });
	await context.close();
});
