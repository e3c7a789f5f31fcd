// sale-form.test.mjs - recording a sale by hand says what was recorded
// ("Recorded a sale of 3 × Rye loaf (£13.50) on …"), not a made-up name
// like "Sale 2"; the figures in the words are the stored sale's.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, field, gotoRoute, openPage, setUpSuite, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let product;

setUpSuite(async (s) => {
	({ server, browser } = s);
	await apiOK(server, '/api/v1/settings', { currency: 'GBP' }, 'PUT');
	product = await apiOK(server, '/api/v1/products', { name: 'Rye loaf', price: 450 });
});

test('desktop: the confirmation of a sale says what was sold, for how much, and when', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'sales/new');
	await page.getByRole('heading', { level: 1, name: 'Record a sale' }).waitFor();
	await waitIdle(page);
	await field(page, 'Product').selectOption(String(product.id));
	await field(page, 'Quantity').fill('3');
	await page.getByRole('button', { name: 'Record a sale' }).click();
	const flash = page.locator('[data-flash]');
	await flash.waitFor();
	const sales = (await apiJSON(server, '/api/v1/sales')).body.items;
	assert.equal(sales.length, 1);
	const [y, m, d] = sales[0].sold_on.split('-').map(Number);
	const day = new Date(y, m - 1, d).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
	const pounds = `£${(sales[0].total / 100).toFixed(2)}`;
	const text = await flash.innerText();
	assert.match(text, new RegExp(`Recorded a sale of ${sales[0].quantity} × Rye loaf \\(${pounds.replace('.', '\\.')}\\) on .*${day}`));
	assert.doesNotMatch(text, /Sale \d/);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: a sale below the cost of one is saved, and its form says so', async () => {
	// Materials alone cost more than the price: below cost whatever the
	// hourly rate and the batch size.
	const thin = await apiOK(server, '/api/v1/products', { name: 'Seeded loaf', mode: 'job', price: 300, material_cost: 320, minutes_per_unit: 10 });
	const floor = (await apiJSON(server, `/api/v1/products/${thin.id}/economics`)).body.price_floor;
	assert.ok(floor > 300, `the floor is above the price: ${floor}`);
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'sales/new');
	await page.getByRole('heading', { level: 1, name: 'Record a sale' }).waitFor();
	await waitIdle(page);
	await field(page, 'Product').selectOption(String(thin.id));
	await field(page, 'Quantity').fill('2');
	await page.getByRole('button', { name: 'Record a sale' }).click();
	const warning = page.locator('[data-warning="below_cost"]');
	await warning.waitFor();
	const sale = (await apiJSON(server, `/api/v1/sales?product_id=${thin.id}`)).body.items[0];
	assert.ok(sale, 'the sale is saved all the same');
	assert.equal(new URL(page.url()).hash, `#/sales/${sale.id}`, 'on the form of the sale just saved');
	const text = await warning.innerText();
	assert.match(text, new RegExp(`Sold at 3\\.00 each, below the ${(floor / 100).toFixed(2).replace('.', '\\.')} one costs to make`));
	assert.match(await page.locator('[data-flash]').innerText(), /Recorded a sale of 2 × Seeded loaf/);

	// Priced above the cost, the change saves with no warning.
	await field(page, 'Price').fill(((floor + 100) / 100).toFixed(2));
	await page.getByRole('button', { name: 'Save changes' }).click();
	await page.locator('[data-flash]').filter({ hasText: 'Saved' }).waitFor();
	assert.equal(await page.locator('[data-warning]').count(), 0);
	assert.equal((await apiJSON(server, `/api/v1/sales/${sale.id}`)).body.price, floor + 100);
	checkClean(watch, server.origin);
	await context.close();
});
