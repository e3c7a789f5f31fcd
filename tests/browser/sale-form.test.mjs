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
